//! The officer's record: an optional name or collar number, the combined
//! competency profile, completed and unfinished runs, and any data that was
//! set aside. All of it lives only in this browser.

use crate::app::browser;
use crate::app::chart::{competency_chart, competency_table, ChartRow};
use crate::app::files;
use crate::app::layout::PageHeading;
use crate::app::pages::{Act, Host};
use crate::app::records::AsideEntry;
use crate::app::route::Route;
use crate::app::scene::mode_label;
use crate::app::Library;
use crate::core::progress::{Merged, Progress, OFFICER_MAX_CHARS};
use crate::core::text::capitalise;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn RecordPage() -> Html {
    let host = use_context::<Host>().expect("the app's records are given");
    let records = &host.records;
    let library = host.library.clone();
    let name = use_state(|| records.progress.officer.clone());
    let saved = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let imported = use_state(|| None::<Vec<String>>);
    let cleared = use_state(|| false);
    let progress = &records.progress;
    let framework = &library.framework;

    let on_input = {
        let name = name.clone();
        let saved = saved.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value());
            saved.set(false);
        })
    };
    let on_save = {
        let act = host.act.clone();
        let name = name.clone();
        let saved = saved.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            saved.set(act.emit(Act::Officer((*name).clone())).is_ok());
        })
    };
    let download_all = {
        let records = records.clone();
        let problem = problem.clone();
        Callback::from(move |_| {
            let packed = records.progress.pack();
            let problem = problem.clone();
            files::download(
                "course-of-conduct-progress.json".into(),
                async move { files::progress_file(&packed).await },
                move |failed| {
                    problem.set(failed.map(|e| format!("The download did not start: {e}.")))
                },
            );
        })
    };

    let in_lms = host.in_lms;
    let lead = if in_lms {
        "Your record for this course. Your learning management system keeps your results; a copy is kept in this browser."
    } else {
        "Everything on this page is stored only in this browser on this device, and nobody else can see it unless they use this browser."
    };
    let on_import = {
        let records = records.clone();
        let act = host.act.clone();
        let imported = imported.clone();
        let library = library.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let records = records.clone();
            let act = act.clone();
            let imported = imported.clone();
            let library = library.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string());
                let read = match text {
                    Some(text) => files::import(&text).await,
                    None => Err("the browser could not read it".into()),
                };
                let message = match read {
                    Err(why) => {
                        vec![format!(
                            "The file could not be read, because {why}. Nothing has been changed."
                        )]
                    }
                    Ok(Err(why)) => vec![why],
                    Ok(Ok(packed)) => {
                        let other = Progress::unpack(&packed).progress;
                        let elsewhere = other
                            .completed
                            .iter()
                            .map(|r| r.report.scenario_id.as_str())
                            .chain(other.unfinished.iter().map(|r| r.scenario_id.as_str()))
                            .filter(|id| library.listing(id).is_none())
                            .count();
                        let mut copy = records.progress.clone();
                        let merged = copy.merge(other.clone());
                        match act.emit(Act::Merge(other)) {
                            Ok(()) => import_message(&merged, elsewhere, &library),
                            Err(why) => vec![format!("The file could not be brought in, because {why}. Nothing has been changed.")],
                        }
                    }
                };
                imported.set(Some(message));
            });
        })
    };
    let on_clear = {
        let act = host.act.clone();
        let waiting = host.waiting;
        let cleared = cleared.clone();
        let name = name.clone();
        let problem = problem.clone();
        Callback::from(move |_| {
            let mut question = "Clear your name, your unfinished runs, every report and any data kept aside from this browser? This cannot be undone.".to_string();
            if waiting > 0 {
                question.push_str(&format!(" {waiting} result item{} not yet reached your force's records and will not be sent.", if waiting == 1 { " has" } else { "s have" }));
            }
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message(&question).ok())
                .unwrap_or(false);
            if !sure {
                return;
            }
            match act.emit(Act::Clear) {
                Ok(()) => {
                    name.set(String::new());
                    cleared.set(true);
                }
                Err(e) => problem.set(Some(format!("Your data could not be cleared: {e}."))),
            }
        })
    };

    let profile = progress.profile(framework);
    let taken = progress.completed_ids().len();
    let rows: Vec<ChartRow> = profile
        .iter()
        .map(|p| ChartRow {
            name: p.name.clone(),
            percent: p.percent,
            band: p.band.clone(),
            points: crate::core::scoring::Points {
                earned: p.earned,
                best: p.best,
            },
        })
        .collect();
    let pass_mark = framework.competencies.pass;
    let mut completed: Vec<_> = progress.completed.iter().collect();
    completed.sort_unstable_by_key(|r| std::cmp::Reverse(r.number));

    html! {
        <>
            <PageHeading text="Your record" />
            <p class="lead">{ lead }</p>

            if in_lms {
                <section class="section" aria-labelledby="name-title">
                    <h2 class="heading-m" id="name-title">{ "Who you are" }</h2>
                    <p class="body">{ "You are signed in through your learning management system, which records your results under your own learner account. This page shows only your records." }</p>
                </section>
            } else {
            <section class="section" aria-labelledby="name-title">
                <h2 class="heading-m" id="name-title">{ "Your name or collar number" }</h2>
                <form novalidate=true onsubmit={on_save}>
                    <div class="form-group">
                        <label class="label-block" for="officer-name">{ "Name or collar number (optional)" }</label>
                        <p class="hint" id="officer-name-hint">{ "Shown on your reports, so a printed copy says whose it is. Leave it blank to stay anonymous." }</p>
                        <input
                            class="input"
                            id="officer-name"
                            name="officer"
                            type="text"
                            autocomplete="name"
                            spellcheck="false"
                            maxlength={OFFICER_MAX_CHARS.to_string()}
                            aria-describedby="officer-name-hint"
                            value={(*name).clone()}
                            oninput={on_input}
                        />
                    </div>
                    <button type="submit" class="button">{ "Save" }</button>
                    <p class="confirmation" role="status">
                        { if *saved { if name.trim().is_empty() { "Saved: your reports will not show a name." } else { "Saved." } } else { "" } }
                    </p>
                </form>
            </section>
            }

            <section class="section" aria-labelledby="profile-title">
                <h2 class="heading-m" id="profile-title">{ "Your competency profile" }</h2>
                if taken == 0 {
                    <p class="body">{ "Your profile appears here when you have finished a scenario." }</p>
                } else {
                    <p class="body">{ format!("Combined across {} scenario{}, using your latest run of each.", taken, if taken == 1 { "" } else { "s" }) }</p>
                    { competency_chart("profile-chart", "Your combined score in each competency", &rows, pass_mark) }
                    { competency_table("Your combined score in each competency", &rows, pass_mark) }
                }
            </section>

            <section class="section" aria-labelledby="runs-title">
                <h2 class="heading-m" id="runs-title">{ "Completed runs" }</h2>
                if completed.is_empty() {
                    <p class="body">{ "None yet." }</p>
                } else {
                    <table class="table">
                        <caption class="visually-hidden">{ "Completed runs, most recent first" }</caption>
                        <thead><tr>
                            <th scope="col">{ "Scenario" }</th>
                            <th scope="col">{ "Finished" }</th>
                            <th scope="col">{ "Result" }</th>
                        </tr></thead>
                        <tbody>
                            { for completed.iter().map(|run| html! {
                                <tr>
                                    <td>
                                        <a class="link" href={Route::Report(run.number).href()}>{ &run.report.scenario_title }</a>
                                        <span class="table__detail">{ format!("Run {} · {}", run.number, mode_label(run.report.mode)) }</span>
                                        if library.listing(&run.report.scenario_id).is_none() {
                                            <span class="table__detail">{ "A scenario this site does not have" }</span>
                                        }
                                    </td>
                                    <td>{ browser::date_time(run.finished_at) }</td>
                                    <td>
                                        { run.report.verdict.label() }
                                        if !run.report.critical_errors.is_empty() {
                                            <span class="table__detail">{ format!("{} critical error{}", run.report.critical_errors.len(), if run.report.critical_errors.len() == 1 { "" } else { "s" }) }</span>
                                        }
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>

            if !progress.unfinished.is_empty() {
                <section class="section" aria-labelledby="unfinished-title">
                    <h2 class="heading-m" id="unfinished-title">{ "Unfinished runs" }</h2>
                    <ul class="plain-list">
                        { for progress.unfinished.iter().map(|run| {
                            let details = format!(" ({} mode, {} steps taken)", mode_label(run.mode).to_ascii_lowercase(), run.choices.len());
                            match library.listing(&run.scenario_id) {
                                Some(listing) => html! {
                                    <li>
                                        <a class="link" href={Route::Play { id: run.scenario_id.clone(), seed: None, mode: None }.href()}>{ format!("Continue “{}”", listing.title) }</a>
                                        { details }
                                    </li>
                                },
                                None => html! {
                                    <li>{ format!("“{}”: a scenario this site does not have{details}. It is kept in your progress.", run.scenario_id) }</li>
                                },
                            }
                        }) }
                    </ul>
                </section>
            }

            <section class="section" aria-labelledby="aside-title">
                <h2 class="heading-m" id="aside-title">{ "Data kept aside" }</h2>
                if records.set_aside.is_empty() {
                    <p class="body">{ "Nothing has been kept aside. If saved data ever cannot be read, the app keeps it here for you to download instead of deleting it." }</p>
                } else {
                    <p class="body">{ "This is saved data the app could not read. It is kept exactly as it was found. Download it to keep it (a trainer or your IT team may be able to recover it), then delete it to free space." }</p>
                    <ul class="plain-list">
                        { for records.set_aside.iter().enumerate().map(|(i, entry)| aside_item(i, entry, &host.act, &problem)) }
                    </ul>
                }
            </section>

            <section class="section" aria-labelledby="export-title">
                <h2 class="heading-m" id="export-title">{ "Download your progress" }</h2>
                <p class="body">{ "A copy of everything above as a JSON file: your name, your unfinished runs and every report. You can bring it into this app on another computer." }</p>
                <button type="button" class="button button--secondary" onclick={download_all.clone()}>{ "Download all your progress" }</button>
            </section>

            <section class="section" aria-labelledby="import-title">
                <h2 class="heading-m" id="import-title">{ "Bring in progress from another computer" }</h2>
                <div class="form-group">
                    <label class="label-block" for="import-file">{ "Progress file" }</label>
                    <p class="hint" id="import-file-hint">{ "A file you downloaded with “Download all your progress”. Its runs are added to the ones here; a run already here is not added twice, and nothing here is replaced." }</p>
                    <input class="file-input" id="import-file" name="import" type="file" accept=".json,application/json" aria-describedby="import-file-hint" onchange={on_import} />
                </div>
                <div role="status">
                    if let Some(message) = &*imported {
                        { for message.iter().map(|line| html! { <p class="body">{ line }</p> }) }
                    }
                </div>
            </section>

            <section class="section" aria-labelledby="clear-title">
                <h2 class="heading-m" id="clear-title">{ "Clear your data from this browser" }</h2>
                <p class="body">{ "On a computer other people use, clear your data when you have finished, so the next person cannot see or continue your training. This removes your name, your unfinished runs, every report and any data kept aside. Download your progress first if you want to keep it." }</p>
                <div class="button-group">
                    <button type="button" class="button button--secondary" onclick={download_all}>{ "Download your progress first" }</button>
                    <button type="button" class="button button--warning" onclick={on_clear}>{ "Clear my data from this browser" }</button>
                </div>
                <p class="confirmation" role="status">{ if *cleared { "Your data has been cleared from this browser." } else { "" } }</p>
            </section>
            if let Some(problem) = &*problem {
                <p class="error-message" role="alert">{ problem }</p>
            }
        </>
    }
}

/// What an import did, in words.
fn import_message(merged: &Merged, elsewhere: usize, library: &Library) -> Vec<String> {
    let runs = |n: usize| {
        if n == 1 {
            "1 run".to_string()
        } else {
            format!("{n} runs")
        }
    };
    let mut lines = vec![format!(
        "Imported: {} added, {} already here.",
        runs(merged.added),
        runs(merged.already_here)
    )];
    for id in &merged.kept_yours {
        let title = library
            .listing(id)
            .map_or_else(|| id.clone(), |l| l.title.clone());
        lines.push(format!("This browser already has a different unfinished run of “{title}”. It has been kept, and the file's unfinished run of it was not taken."));
    }
    if elsewhere > 0 {
        lines.push(format!("{} of scenarios this site does not have: they are kept in your progress and marked as such below.", runs(elsewhere)));
    }
    lines
}

fn aside_item(
    i: usize,
    entry: &AsideEntry,
    act: &Callback<Act, Result<(), String>>,
    problem: &UseStateHandle<Option<String>>,
) -> Html {
    let download = {
        let data = entry.record.data.clone();
        let problem = problem.clone();
        let name = format!("set-aside-{}.txt", i + 1);
        Callback::from(move |_| {
            problem.set(
                browser::download(&name, "text/plain", &data)
                    .err()
                    .map(|e| format!("The download did not start: {e}.")),
            )
        })
    };
    let delete = entry.key.clone().map(|key| {
        let act = act.clone();
        let problem = problem.clone();
        Callback::from(move |_| {
            let sure = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(
                        "Delete this data for good? Download it first if you might need it.",
                    )
                    .ok()
                })
                .unwrap_or(false);
            if sure {
                if let Err(e) = act.emit(Act::Forget(key.clone())) {
                    problem.set(Some(format!("It could not be deleted: {e}.")));
                }
            }
        })
    });
    let found = if entry.record.found_at > 0 {
        browser::date_time(entry.record.found_at)
    } else {
        "an earlier visit".into()
    };
    html! {
        <li class="aside">
            <h3 class="heading-s">{ format!("Kept aside on {found}") }</h3>
            <p class="body">{ format!("{}.", capitalise(&entry.record.reason)) }</p>
            <p class="body">{ format!("Size: {} characters.", entry.record.data.chars().count()) }</p>
            if entry.key.is_none() {
                <p class="body">{ "There was no room for a separate copy, so the original is left untouched in this browser's storage and the app is not saving anything over it. Download it now to keep it safe." }</p>
            }
            <div class="button-group">
                <button type="button" class="button button--secondary" onclick={download}>
                    { "Download" }<span class="visually-hidden">{ format!(" data kept aside on {found}") }</span>
                </button>
                if let Some(delete) = delete {
                    <button type="button" class="button button--warning" onclick={delete}>
                        { "Delete" }<span class="visually-hidden">{ format!(" data kept aside on {found}") }</span>
                    </button>
                }
            </div>
        </li>
    }
}
