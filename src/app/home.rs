//! The home page: the modules and their scenarios, by module and by role,
//! with time, content note and progress.

use crate::app::browser;
use crate::app::fetch;
use crate::app::layout::{trainer_details, PageHeading};
use crate::app::pages;
use crate::app::records::RecordsHandle;
use crate::app::route::Route;
use crate::app::scene::mode_label;
use crate::app::{Library, Shell};
use crate::core::catalogue::{Availability, Entry, Listing};
use crate::core::progress::Progress;
use yew::prelude::*;

/// How long the home page waits before prefetching, so the first view's own
/// work and paint come first.
const PREFETCH_AFTER_MS: u32 = 500;

pub(crate) fn minutes(n: u32) -> String {
    format!("About {n} minutes")
}

pub(crate) fn pattern_name(library: &Library, scenario: &Listing) -> String {
    library
        .framework
        .pattern(&scenario.pattern)
        .map_or_else(|| scenario.pattern.clone(), |p| p.name.clone())
}

/// The officer's progress on a scenario, in words, with a link where useful.
fn progress_of(progress: &Progress, id: &str) -> Html {
    if let Some(run) = progress.unfinished(id) {
        let made = run.choices.len();
        return html! {
            <>
                <strong class="tag tag--progress">{ "In progress" }</strong>
                { format!(" {} mode, {} step{} taken. ", mode_label(run.mode), made, if made == 1 { "" } else { "s" }) }
                <a class="link" href={Route::Play { id: id.to_string(), seed: None, mode: None }.href()}>
                    { "Continue" }<span class="visually-hidden">{ format!(" {id}") }</span>
                </a>
            </>
        };
    }
    match progress.latest(id) {
        Some(run) => html! {
            <>
                <strong class="tag tag--done">{ "Completed" }</strong>
                { format!(" {}: {}. ", mode_label(run.report.mode), run.report.verdict.label()) }
                <a class="link" href={Route::Report(run.number).href()}>{ "See the report" }</a>
            </>
        },
        None => html! { <strong class="tag">{ "Not started" }</strong> },
    }
}

fn scenario_card(library: &Library, progress: &Progress, entry: &Entry) -> Html {
    match &entry.availability {
        Availability::Ready(scenario) => html! {
            <li class="card" key={entry.id.clone()}>
                <h3 class="heading-s card__title">
                    <a class="link" href={Route::Scenario(entry.id.clone()).href()}>{ &scenario.title }</a>
                </h3>
                <p class="card__summary">{ &scenario.summary }</p>
                <dl class="meta">
                    <div><dt>{ "Role" }</dt><dd>{ scenario.role.label() }</dd></div>
                    <div><dt>{ "Case pattern" }</dt><dd>{ pattern_name(library, scenario) }</dd></div>
                    <div><dt>{ "Time" }</dt><dd>{ minutes(scenario.minutes) }</dd></div>
                    <div><dt>{ "Your progress" }</dt><dd>{ progress_of(progress, &entry.id) }</dd></div>
                </dl>
                { content_note(&scenario.content_note) }
            </li>
        },
        // Root causes first, each with the problems it causes under it.
        Availability::Broken { count, errors } => unavailable(
            entry,
            &format!("Its file has {count}, so it cannot be played until a trainer fixes them, starting with the first."),
            errors,
            html! {
                <p>
                    { "Open the file in the " }
                    <a class="link" href="workshop/">{ "Trainers' workshop" }</a>
                    { " to see each problem at its place in the file and fix it." }
                </p>
            },
        ),
        Availability::Missing(why) => unavailable(
            entry,
            "Its file could not be loaded.",
            std::slice::from_ref(why),
            html! {
                <p>{ format!("Check that {} is in the scenarios folder beside the app, under the name the manifest gives.", entry.file) }</p>
            },
        ),
    }
}

/// A scenario's content note, as it stands before the scenario is opened.
pub fn content_note(note: &str) -> Html {
    html! {
        <p class="content-note"><span class="label">{ "Content note: " }</span>{ note }</p>
    }
}

fn unavailable(entry: &Entry, what: &str, details: &[String], help: Html) -> Html {
    html! {
        <li class="card card--unavailable" key={entry.id.clone()}>
            <h3 class="heading-s card__title">{ format!("{} (not available)", entry.file) }</h3>
            <p>{ format!("This scenario is listed but not available. {what}") }</p>
            { trainer_details(details, help) }
        </li>
    }
}

#[component]
pub fn Home() -> Html {
    let library = use_context::<Shell>()
        .expect("the shell is provided")
        .library();
    let records = use_context::<RecordsHandle>().expect("records are provided");
    let progress = &records.progress;
    let unfinished: Vec<(&Listing, usize)> = progress
        .unfinished
        .iter()
        .filter_map(|run| {
            library
                .listing(&run.scenario_id)
                .map(|s| (s, run.choices.len()))
        })
        .collect();
    // The first module is drawn at once and the rest once that has been
    // painted: on a slow machine the first scenarios can be read and
    // opened sooner. Until then the page says it is busy, so assistive
    // technology waits for the whole of it.
    let drawn_all = use_state(|| false);
    {
        let drawn_all = drawn_all.setter();
        use_effect_with((), move |_| {
            browser::after_paint(move || drawn_all.set(true))
        });
    }
    let modules_now = if *drawn_all { library.modules.len() } else { 1 };
    {
        // While the officer reads the list, fetch the scenario they will most
        // likely open, and the module that draws its start page.
        let library = library.clone();
        let unfinished: Vec<String> = unfinished.iter().map(|(s, _)| s.id.clone()).collect();
        let completed: Vec<String> = progress
            .completed_ids()
            .into_iter()
            .map(String::from)
            .collect();
        use_effect_with((), move |_| {
            let timer = gloo::timers::callback::Timeout::new(PREFETCH_AFTER_MS, move || {
                let unfinished: Vec<&str> = unfinished.iter().map(String::as_str).collect();
                let completed: Vec<&str> = completed.iter().map(String::as_str).collect();
                if let Some(next) = library.likely_next(&unfinished, &completed) {
                    fetch::prefetch(next);
                }
                pages::warm();
            });
            move || drop(timer)
        });
    }
    html! {
        <>
            <PageHeading text="Stalking response training" />
            <p class="lead">
                { "Realistic stalking cases, from the first call to the last decision. Take a scenario in training mode for feedback and the source after every decision, or in assessment mode for a result at the end." }
            </p>
            // The heading that takes focus stays outside: a busy region may
            // keep its announcement back.
            <div aria-busy={(!*drawn_all).then_some("true")}>
                if !unfinished.is_empty() {
                    <section class="section" aria-labelledby="continue-title">
                        <h2 class="heading-m" id="continue-title">{ "Continue where you left off" }</h2>
                        <ul class="plain-list">
                            { for unfinished.iter().map(|(scenario, steps)| html! {
                                <li class="resume">
                                    <a class="button button--secondary" href={Route::Play { id: scenario.id.clone(), seed: None, mode: None }.href()}>
                                        { format!("Continue “{}”", scenario.title) }
                                    </a>
                                    <span class="resume__steps">{ format!("{steps} step{} taken", if *steps == 1 { "" } else { "s" }) }</span>
                                </li>
                            }) }
                        </ul>
                    </section>
                }
                { for library.modules.iter().take(modules_now).map(|module| {
                    let title_id = format!("module-{}", module.id);
                    html! {
                        <section class="section" aria-labelledby={title_id.clone()} key={module.id.clone()}>
                            <h2 class="heading-m" id={title_id}>{ &module.title }</h2>
                            <p class="body">{ &module.summary }</p>
                            <ul class="cards">
                                { for module.scenarios.iter().filter_map(|id| library.entry(id)).map(|e| scenario_card(&library, progress, e)) }
                            </ul>
                        </section>
                    }
                }) }
                if *drawn_all {
                    <section class="section" aria-labelledby="roles-title">
                        <h2 class="heading-m" id="roles-title">{ "Where to start for your role" }</h2>
                        <dl class="summary-list">
                            { for library.by_role().into_iter().map(|(role, scenarios)| html! {
                                <div class="summary-list__row">
                                    <dt class="summary-list__key">{ role.label() }</dt>
                                    <dd class="summary-list__value">
                                        <ul class="plain-list">
                                            { for scenarios.iter().map(|s| html! {
                                                <li>
                                                    <a class="link" href={Route::Scenario(s.id.clone()).href()}>{ &s.title }</a>
                                                    { format!(" ({}; {})", pattern_name(&library, s), minutes(s.minutes).to_ascii_lowercase()) }
                                                </li>
                                            }) }
                                        </ul>
                                    </dd>
                                </div>
                            }) }
                        </dl>
                    </section>
                    <section class="section" aria-labelledby="trainers-title">
                        <h2 class="heading-m" id="trainers-title">{ "For trainers" }</h2>
                        <p class="body">
                            { "Write, check and play-test your own scenarios in the " }
                            // A separate page, so officers never download the authoring tools.
                            <a class="link" href="workshop/">{ "Trainers' workshop" }</a>
                            { ". Nothing you open there is sent anywhere." }
                        </p>
                    </section>
                }
            </div>
        </>
    }
}
