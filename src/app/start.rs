//! A scenario's start page: what it covers, its content note, where to find
//! support, and the choice of mode. The pages module draws it (`app::pages`),
//! so it is not in the officers' first load; the home page has the module
//! fetched while the officer reads the list.

use crate::app::browser;
use crate::app::home::{minutes, pattern_name};
use crate::app::layout::{summary_row, warning, PageHeading};
use crate::app::pages::{Act, Host};
use crate::app::route::Route;
use crate::app::scene::mode_label;
use crate::core::engine::Mode;
use crate::core::text::HELPLINE;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StartProps {
    pub id: AttrValue,
}

/// Before a scenario: what it covers, its content note, where to find
/// support, and the choice of mode.
#[component]
pub fn StartPage(props: &StartProps) -> Html {
    let host = use_context::<Host>().expect("the host is provided");
    let library = host.library.clone();
    let mode = use_state(|| Mode::Training);
    // Asked the first time someone starts a scenario in this browser (never
    // inside an LMS); the app says whether to.
    let ask_computer = use_state(|| host.ask_computer);
    let computer = use_state(|| None::<bool>);
    let Some(scenario) = library.listing(&props.id).cloned() else {
        return html! {
            <>
                <PageHeading text="Scenario not available" />
                <p class="body">{ "This scenario is not in the list, or its file has errors. The home page lists every scenario and, for trainers, what is wrong with any that cannot be played." }</p>
                <p class="body"><a class="link" href={Route::Home.href()}>{ "Back to the scenarios" }</a></p>
            </>
        };
    };
    let unfinished = host.records.progress.unfinished(&scenario.id).cloned();
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
                let _ = host.act.emit(Act::Computer(shared));
            }
            browser::go(
                &Route::Play {
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
