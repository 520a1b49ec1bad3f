//! The home page (the modules and their scenarios, by module and by role,
//! with time, content note and progress) and each scenario's start page.

use crate::app::browser;
use crate::app::fetch;
use crate::app::layout::{summary_row, warning, PageHeading};
use crate::app::lms;
use crate::app::records::RecordsHandle;
use crate::app::route::Route;
use crate::app::scene::mode_label;
use crate::app::storage;
use crate::app::{Library, Shell};
use crate::core::catalogue::{Availability, Entry, Listing};
use crate::core::engine::Mode;
use crate::core::progress::Progress;
use crate::core::text::HELPLINE;
use yew::prelude::*;

/// How long the home page waits before prefetching, so the first view's own
/// work and paint come first.
const PREFETCH_AFTER_MS: u32 = 500;

fn minutes(n: u32) -> String {
    format!("About {n} minutes")
}

fn pattern_name(library: &Library, scenario: &Listing) -> String {
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
                <p class="content-note"><span class="label">{ "Content note: " }</span>{ &scenario.content_note }</p>
            </li>
        },
        // Root causes first, each with the problems it causes under it.
        Availability::Broken { count, errors } => unavailable(
            entry,
            &format!("Its file has {count}, so it cannot be played until a trainer fixes them, starting with the first."),
            errors.clone(),
        ),
        Availability::Missing(why) => {
            unavailable(entry, "Its file could not be loaded.", vec![why.clone()])
        }
    }
}

fn unavailable(entry: &Entry, what: &str, details: Vec<String>) -> Html {
    html! {
        <li class="card card--unavailable" key={entry.id.clone()}>
            <h3 class="heading-s card__title">{ format!("{} (not available)", entry.file) }</h3>
            <p>{ format!("This scenario is listed but not available. {what}") }</p>
            <details class="details">
                <summary class="details__summary">{ "Details for trainers" }</summary>
                <div class="details__text">
                    { for details.iter().map(|d| html! { <pre class="diagnostic">{ d }</pre> }) }
                    <p>{ "Check the file with: cargo run --bin scenario -- check scenarios/" }</p>
                </div>
            </details>
        </li>
    }
}

#[component]
pub fn Home() -> Html {
    let library = use_context::<Library>().expect("the library is provided");
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
    {
        // While the officer reads the list, fetch the scenario they will most likely open.
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
            { for library.modules.iter().map(|module| {
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
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct StartProps {
    pub id: AttrValue,
}

/// Before a scenario: what it covers, its content note, where to find
/// support, and the choice of mode.
#[component]
pub fn StartPage(props: &StartProps) -> Html {
    let library = use_context::<Library>().expect("the library is provided");
    let records = use_context::<RecordsHandle>().expect("records are provided");
    let shell = use_context::<Shell>().expect("the shell is provided");
    let mode = use_state(|| Mode::Training);
    // Asked the first time someone starts a scenario in this browser (never inside an LMS).
    let ask_computer = use_state(|| storage::shared_computer().is_none() && !lms::in_lms());
    let computer = use_state(|| None::<bool>);
    {
        // The officer is about to start: fetch the scenario now.
        let library = library.clone();
        use_effect_with(props.id.clone(), move |id| {
            if let Some(scenario) = library.listing(id) {
                fetch::prefetch(scenario);
            }
        });
    }
    let Some(scenario) = library.listing(&props.id).cloned() else {
        return html! {
            <>
                <PageHeading text="Scenario not available" />
                <p class="body">{ "This scenario is not in the list, or its file has errors. The home page lists every scenario and, for trainers, what is wrong with any that cannot be played." }</p>
                <p class="body"><a class="link" href={Route::Home.href()}>{ "Back to the scenarios" }</a></p>
            </>
        };
    };
    let unfinished = records.progress.unfinished(&scenario.id).cloned();
    let pick = |value: Mode| {
        let mode = mode.clone();
        Callback::from(move |_: Event| mode.set(value))
    };
    let module = library
        .module_of(&scenario.id)
        .map(|m| AttrValue::from(m.title.clone()));
    let pick_computer = |shared: bool| {
        let computer = computer.clone();
        Callback::from(move |_: Event| computer.set(Some(shared)))
    };
    let onsubmit = {
        let id = scenario.id.clone();
        let mode = *mode;
        let computer = *computer;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(shared) = computer {
                // A browser that will not store the answer asks again next time.
                let _ = storage::choose_computer(shared);
            }
            shell.navigate.emit(
                Route::Play {
                    id: id.clone(),
                    seed: Some(browser::fresh_seed()),
                    mode: Some(mode),
                }
                .href(),
            );
        })
    };
    html! {
        <>
            <PageHeading text={scenario.title.clone()} caption={module} />
            <p class="lead">{ &scenario.summary }</p>
            <dl class="summary-list">
                { summary_row("Your role", html! { scenario.role.label() }) }
                { summary_row("Case pattern", html! { pattern_name(&library, &scenario) }) }
                { summary_row("Time", html! { minutes(scenario.minutes) }) }
                { summary_row("Version", html! { &scenario.version }) }
            </dl>
            { warning("Content note", html! { <p>{ &scenario.content_note }</p> }) }
            <div class="inset">
                <h2 class="heading-s">{ "Support" }</h2>
                <p>{ "If anything in this scenario affects you, you can stop at any time: your place is saved. For confidential support call " }{ HELPLINE }{ ", or speak to your force's wellbeing or occupational health service." }</p>
            </div>
            if let Some(run) = &unfinished {
                <div class="resume-box">
                    <h2 class="heading-m">{ "You have an unfinished run" }</h2>
                    <p class="body">{ format!("{} mode, {} step{} taken. It opens at the decision where you stopped.", mode_label(run.mode), run.choices.len(), if run.choices.len() == 1 { "" } else { "s" }) }</p>
                    <a class="button" href={Route::Play { id: scenario.id.clone(), seed: None, mode: None }.href()}>{ "Continue where you left off" }</a>
                </div>
            }
            <form class="start" novalidate=true onsubmit={onsubmit}>
                <div class="form-group">
                    <fieldset class="fieldset" aria-describedby="mode-hint">
                        <legend class="fieldset__legend fieldset__legend--m">
                            { if unfinished.is_some() { "Or start a new run: how do you want to take it?" } else { "How do you want to take this scenario?" } }
                        </legend>
                        <p class="hint" id="mode-hint">
                            { if unfinished.is_some() { "Starting a new run replaces your unfinished one." } else { "You can take it again in the other mode later." } }
                        </p>
                        <div class="radios">
                            <div class="radios__item">
                                <input class="radios__input" id="mode-training" name="mode" type="radio" value="training" checked={*mode == Mode::Training} onchange={pick(Mode::Training)} aria-describedby="mode-training-hint" />
                                <label class="radios__label" for="mode-training">{ "Training" }</label>
                                <p class="hint radios__hint" id="mode-training-hint">{ "Feedback and the source of the guidance after every decision." }</p>
                            </div>
                            <div class="radios__item">
                                <input class="radios__input" id="mode-assessment" name="mode" type="radio" value="assessment" checked={*mode == Mode::Assessment} onchange={pick(Mode::Assessment)} aria-describedby="mode-assessment-hint" />
                                <label class="radios__label" for="mode-assessment">{ "Assessment" }</label>
                                <p class="hint radios__hint" id="mode-assessment-hint">{ "Options in a shuffled order and no feedback until the end, where you get a result: competent or not yet competent." }</p>
                            </div>
                        </div>
                    </fieldset>
                </div>
                if *ask_computer {
                    <div class="form-group">
                        <fieldset class="fieldset" aria-describedby="computer-hint">
                            <legend class="fieldset__legend fieldset__legend--m">{ "Is this a shared computer?" }</legend>
                            <p class="hint" id="computer-hint">{ "On a computer other people use, the app keeps your progress only until the browser is closed, so the next person cannot see or continue your training. You can also clear your data at any time from Your record." }</p>
                            <div class="radios">
                                <div class="radios__item">
                                    <input class="radios__input" id="computer-shared" name="computer" type="radio" value="shared" checked={*computer == Some(true)} onchange={pick_computer(true)} />
                                    <label class="radios__label" for="computer-shared">{ "Yes, other people use it: keep my progress only until I close the browser" }</label>
                                </div>
                                <div class="radios__item">
                                    <input class="radios__input" id="computer-own" name="computer" type="radio" value="own" checked={*computer == Some(false)} onchange={pick_computer(false)} />
                                    <label class="radios__label" for="computer-own">{ "No, it is mine: keep my progress in this browser" }</label>
                                </div>
                            </div>
                        </fieldset>
                    </div>
                }
                <button type="submit" class={if unfinished.is_some() { "button button--secondary" } else { "button" }}>
                    { if unfinished.is_some() { "Start a new run" } else { "Start" } }
                </button>
            </form>
        </>
    }
}
