//! The report at the end of a run, from the stored result: critical errors
//! first, the result, the competency chart with its figures, the gaps with
//! why they matter and where the guidance is, the path taken with its
//! feedback, and what to try next. It prints cleanly and exports as JSON.

use crate::app::browser;
use crate::app::chart::{competency_chart, competency_table, ChartRow};
use crate::app::files;
use crate::app::guidance::citation;
use crate::app::layout::{paragraphs, summary_row, PageHeading};
use crate::app::pages::{Act, Host};
use crate::app::route::Route;
use crate::app::scene::{critical_errors, feedback_item, mode_label, verdict_panel};
use crate::core::engine::paragraphs as split;
use crate::core::framework::Treatment;
use crate::core::lms::outbox::Reached;
use crate::core::report::{GapKind, PracticeGap};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub number: u32,
}

#[component]
pub fn ReportPage(props: &ReportProps) -> Html {
    let host = use_context::<Host>().expect("the app's records are given");
    let records = &host.records;
    let library = host.library.clone();
    let download_failed = use_state(|| None::<String>);
    let Some(run) = records.progress.run(props.number).cloned() else {
        return html! {
            <>
                <PageHeading text="Report not found" />
                <p class="body">{ format!("There is no report numbered {} in this browser. Reports are kept only in the browser where the scenario was played.", props.number) }</p>
                <p class="body"><a class="link" href={Route::Record.href()}>{ "See the reports in Your record" }</a></p>
            </>
        };
    };
    let report = &run.report;
    let competency_name = |id: &str| {
        library
            .framework
            .competency(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let officer = records.progress.officer.clone();
    let rows = ChartRow::from_report(report);

    let on_print = Callback::from(|_| browser::print());
    let on_download = {
        let records = records.clone();
        let (name, number) = (
            format!("report-{}-run-{}.json", report.scenario_id, run.number),
            run.number,
        );
        let download_failed = download_failed.clone();
        Callback::from(move |_| {
            let packed = records.progress.pack();
            let download_failed = download_failed.clone();
            files::download(
                name.clone(),
                async move { files::report_file(&packed, number).await },
                move |failed| download_failed.set(failed),
            );
        })
    };

    let next = report.weakest().map(|weakest| {
        let completed = records.progress.completed_ids();
        let suggestion = library.suggest(&weakest.id, &report.scenario_id, &completed);
        html! {
            <>
                <p class="body">
                    { format!("Your lowest score on this path was in {}: {}%", weakest.name, weakest.percent.unwrap_or(0)) }
                    { weakest.band.as_ref().map(|b| format!(" ({b}).")).unwrap_or_else(|| ".".into()) }
                </p>
                {
                    match suggestion {
                        Some(s) if s.id == report.scenario_id => html! {
                            <p class="body">
                                { "No other scenario here assesses it, so try " }
                                <a class="link" href={Route::Scenario(s.id.clone()).href()}>{ format!("“{}” again", s.title) }</a>
                                { " in training mode, reading the feedback after each decision." }
                            </p>
                        },
                        Some(s) => html! {
                            <p class="body">
                                { "Try " }
                                <a class="link" href={Route::Scenario(s.id.clone()).href()}>{ format!("“{}”", s.title) }</a>
                                { format!(" next: it assesses {} too.", weakest.name.to_ascii_lowercase()) }
                            </p>
                        },
                        None => html! {},
                    }
                }
                <p class="body"><span class="label">{ "Guidance: " }</span>{ citation(&weakest.guidance) }</p>
            </>
        }
    });

    html! {
        <article class="report">
            <PageHeading text={format!("Your report: {}", report.scenario_title)} caption={format!("Run {} · {}", run.number, mode_label(report.mode))} />

            { verdict_panel(report) }
            { critical_errors(report) }

            if let Some(ending) = &report.ending {
                <section class="report__section" aria-labelledby="ending-title">
                    <h2 class="heading-m" id="ending-title">{ format!("How it ended: {}", ending.title) }</h2>
                    { paragraphs(&split(&ending.outcome)) }
                    <h3 class="heading-s">{ "Debrief" }</h3>
                    { paragraphs(&split(&ending.debrief)) }
                </section>
            }

            { recorded(&host) }
            <dl class="summary-list summary-list--compact">
                if !officer.is_empty() {
                    { summary_row("Officer", html! { officer.clone() }) }
                }
                { summary_row("Scenario", html! { format!("{} (version {})", report.scenario_title, report.scenario_version) }) }
                { summary_row("Mode", html! { mode_label(report.mode) }) }
                { summary_row("Finished", html! { browser::date_time(run.finished_at) }) }
                { summary_row("Run reference", html! { format!("seed {}, content {}", report.seed, report.content_hash) }) }
            </dl>

            <section class="report__section" aria-labelledby="competencies-title">
                <h2 class="heading-m" id="competencies-title">{ "Competencies" }</h2>
                { competency_chart("report-chart", "Your score in each competency", &rows, report.pass_mark) }
                { competency_table("Your score in each competency", &rows, report.pass_mark) }
            </section>

            <section class="report__section" aria-labelledby="gaps-title">
                <h2 class="heading-m" id="gaps-title">{ "Gaps: key actions you missed" }</h2>
                if report.missed_key_actions.is_empty() {
                    <p class="body">{ "You took every key action in this scenario." }</p>
                } else {
                    <ul class="plain-list">
                        { for report.missed_key_actions.iter().map(|a| html! {
                            <li class="gap">
                                <h3 class="heading-s">{ &a.text }</h3>
                                <dl class="summary-list">
                                    { summary_row("Competency", html! { competency_name(&a.competency) }) }
                                    { summary_row("Why it matters", html! { &a.why }) }
                                    { summary_row("Guidance", citation(&a.cite)) }
                                </dl>
                            </li>
                        }) }
                    </ul>
                }
                if !report.practice_gaps.is_empty() {
                    <h3 class="heading-s" id="practice-gaps-title">{ "The practice behind the gaps" }</h3>
                    <ul class="plain-list" aria-labelledby="practice-gaps-title">
                        { for report.practice_gaps.iter().map(practice_gap) }
                    </ul>
                }
                if !report.achieved_key_actions.is_empty() {
                    <h3 class="heading-s">{ "Key actions you took" }</h3>
                    <ul class="list list--bullet">
                        { for report.achieved_key_actions.iter().map(|a| html! { <li>{ &a.text }</li> }) }
                    </ul>
                }
            </section>

            <section class="report__section" aria-labelledby="path-title">
                <h2 class="heading-m" id="path-title">{ "Your decisions" }</h2>
                <ol class="path">
                    { for report.decisions.iter().map(|d| html! {
                        <li class="path__step">
                            <h3 class="heading-s">{ &d.scene_title }</h3>
                            <p class="path__meta">{ &d.clock }</p>
                            <p class="path__prompt">{ &d.prompt }</p>
                            <ul class="feedback__list">{ for d.chosen.iter().map(feedback_item) }</ul>
                        </li>
                    }) }
                </ol>
            </section>

            if let Some(next) = next {
                <section class="report__section" aria-labelledby="next-title">
                    <h2 class="heading-m" id="next-title">{ "What to try next" }</h2>
                    { next }
                </section>
            }

            <div class="button-group no-print">
                <button type="button" class="button" onclick={on_print}>{ "Print this report" }</button>
                <button type="button" class="button button--secondary" onclick={on_download}>{ "Download as JSON" }</button>
                <a class="link" href={Route::Home.href()}>{ "Back to the scenarios" }</a>
            </div>
            if let Some(error) = &*download_failed {
                <p class="error-message" role="alert">{ format!("The download did not start: {error}.") }</p>
            }
        </article>
    }
}

/// Whether this result has reached the force's records, when the app
/// sends results anywhere (an LMS, a cmi5 launch or the force's LRS).
/// Whether the result has reached the force's records, with the LMS's buttons.
fn recorded(host: &Host) -> Html {
    let (text, waiting) = match host.reached.clone() {
        None => return html! {},
        Some(Reached::Yes) => ("This result has reached your force's training records.".to_string(), false),
        Some(Reached::NotSent) => ("This result was not sent to your force's training records: the app was not connected to them when you finished.".to_string(), false),
        Some(Reached::Waiting { items, failure }) => (
            format!(
                "This result has not reached your force's training records yet ({items} item{} waiting{}). It is kept in this browser and will be sent again.",
                if items == 1 { "" } else { "s" },
                failure.map(|f| format!(": {f}")).unwrap_or_default()
            ),
            true,
        ),
    };
    // What the app answers is the LMS module's to report, on this page too.
    let act = host.act.clone();
    let retry = Callback::from(move |_| {
        let _ = act.emit(Act::Retry);
    });
    let act = host.act.clone();
    let exit = Callback::from(move |_| {
        let _ = act.emit(Act::Exit);
    });
    let cmi5 = host.cmi5;
    html! {
        <div class="inset" id="records-status" role="status">
            <p class="body">{ text }</p>
            <div class="button-group">
                if waiting {
                    <button type="button" class="button button--secondary" onclick={retry}>{ "Try sending it now" }</button>
                }
                if cmi5 {
                    <button type="button" class="button" onclick={exit}>{ "Finish and return to your learning management system" }</button>
                }
            </div>
        </div>
    }
}

/// One practice behind a gap, in words: what the trainee's choice showed, or
/// what a better choice would have shown.
fn practice_gap(gap: &PracticeGap) -> Html {
    let lead = match (gap.kind, gap.treatment) {
        (GapKind::Shown, Treatment::Critical) => "Your choice showed (a critical error): ",
        (GapKind::Shown, _) => "Your choice showed: ",
        (GapKind::Missed, _) => "A better choice would have shown: ",
    };
    html! {
        <li class="gap">
            <p class="body"><span class="label">{ lead }</span>{ &gap.text }</p>
            <dl class="summary-list summary-list--compact">
                { summary_row("Where", html! { &gap.scene_title }) }
                { summary_row("Competency", html! { &gap.competency }) }
                { summary_row("Why it matters", html! { &gap.why }) }
                { summary_row("Guidance", citation(&gap.cite)) }
            </dl>
        </li>
    }
}
