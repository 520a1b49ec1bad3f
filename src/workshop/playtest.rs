//! Play-testing from the start or any scene, in training mode, with the
//! run's state in view (clock, flags, counters, marks, key actions and the
//! points so far) and a compact gap report at the end. The run is the
//! core's `Session` in the officer's app's reducer; the scene is drawn with
//! the app's own pieces (exhibits, decision form, feedback).

use crate::app::browser;
use crate::app::chart::{competency_chart, competency_table, ChartRow};
use crate::app::layout::{paragraphs, summary_row, warning};
use crate::app::play::{announcement, PlayAction, PlayState};
use crate::app::scene::{choice, clock_line, exhibit, feedback_item, refusal};
use crate::app::Shared;
use crate::core::condition::{clock_label, Minutes};
use crate::core::engine::{BodyView, Mode, Session};
use crate::core::framework::Framework;
use crate::core::model::Scenario;
use crate::core::report::{GapReport, Verdict};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaytestProps {
    /// The scenario in the editor when it has no errors.
    pub scenario: Option<Shared<Scenario>>,
    pub framework: Shared<Framework>,
    pub announce: Callback<String>,
}

/// A play-test started: which one (so each starts afresh), and its session.
#[derive(Clone, PartialEq)]
struct Started {
    number: u32,
    from: String,
    session: Shared<Session>,
}

/// "2d 3h 15m", or "0m".
pub fn duration(minutes: Minutes) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days}d"));
    }
    if hours > 0 {
        parts.push(format!("{hours}h"));
    }
    if mins > 0 || parts.is_empty() {
        parts.push(format!("{mins}m"));
    }
    parts.join(" ")
}

#[component]
pub fn Playtest(props: &PlaytestProps) -> Html {
    let from = use_state(String::new);
    let seed = use_state(|| "1".to_string());
    let seed_error = use_state(|| false);
    let started = use_state(|| None::<Started>);

    // A play-test under way carries on whatever happens in the editor, so
    // typing never interrupts it (or takes the focus away).
    let on_stop = {
        let started = started.clone();
        Callback::from(move |_| started.set(None))
    };
    let run = started.as_ref().map(|run| {
        html! {
            <PlayRun
                key={run.number}
                run={run.clone()}
                current={props.scenario.clone()}
                framework={props.framework.clone()}
                announce={props.announce.clone()}
                on_stop={on_stop}
            />
        }
    });
    let Some(scenario) = &props.scenario else {
        return html! {
            <>
                <p class="body">{ "Play-testing needs a scenario with no errors (warnings are fine). Fix the errors listed under Problems, then start a play-test here." }</p>
                { for run }
            </>
        };
    };

    let on_from = {
        let from = from.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            from.set(select.value());
        })
    };
    let on_seed = {
        let seed = seed.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            seed.set(input.value());
        })
    };
    // A scene chosen before an edit removed it: play from the start.
    let start_index = scenario
        .scene_index(&from)
        .filter(|_| !from.is_empty())
        .unwrap_or(scenario.start);
    let onsubmit = {
        let started = started.clone();
        let seed = seed.clone();
        let seed_error = seed_error.clone();
        let scenario = scenario.clone();
        let settings = props.framework.settings.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            browser::note_interaction();
            let Ok(number) = seed.trim().parse::<u64>() else {
                seed_error.set(true);
                return;
            };
            seed_error.set(false);
            let session = Session::starting_at(
                Rc::clone(&scenario.0),
                &settings,
                number,
                Mode::Training,
                start_index,
            );
            started.set(Some(Started {
                number: started.as_ref().map_or(1, |s| s.number + 1),
                from: scenario.scenes[start_index].title.clone(),
                session: Shared(Rc::new(session)),
            }));
        })
    };
    let option = |index: usize| {
        let scene = &scenario.scenes[index];
        // The start is "", so it stays the choice when scenes are renamed.
        let value = if index == scenario.start {
            String::new()
        } else {
            scene.id.clone()
        };
        let label = if index == scenario.start {
            format!("{} ({}), the start", scene.title, scene.id)
        } else {
            format!("{} ({})", scene.title, scene.id)
        };
        html! { <option value={value} selected={index == start_index}>{ label }</option> }
    };
    html! {
        <>
            <p class="body">{ "Play the scenario as an officer would, in training mode, with the state of the run beside it. Starting from a later scene begins with a fresh state: no flags, counters or points, and the clock at the scenario's start." }</p>
            <form class="playtest-setup" novalidate=true {onsubmit}>
                <div class="form-group">
                    <label class="label-block" for="playtest-from">{ "Start from" }</label>
                    <select class="select" id="playtest-from" onchange={on_from}>
                        { option(scenario.start) }
                        { for (0..scenario.scenes.len()).filter(|&i| i != scenario.start).map(option) }
                    </select>
                </div>
                <div class={classes!("form-group", seed_error.then_some("form-group--error"))}>
                    <label class="label-block" for="playtest-seed">{ "Cast (a seed number)" }</label>
                    <p class="hint" id="playtest-seed-hint">{ "Each number picks one version of every person in the cast. Try a few to see each version." }</p>
                    if *seed_error {
                        <p class="error-message" id="playtest-seed-error"><span class="visually-hidden">{ "Error: " }</span>{ "Enter a whole number, such as 1" }</p>
                    }
                    <input
                        class="input input--short"
                        id="playtest-seed"
                        type="text"
                        inputmode="numeric"
                        value={(*seed).clone()}
                        oninput={on_seed}
                        aria-invalid={seed_error.then_some("true")}
                        aria-describedby={if *seed_error { "playtest-seed-hint playtest-seed-error" } else { "playtest-seed-hint" }}
                    />
                </div>
                <button type="submit" class="button" id="playtest-start">
                    { if started.is_some() { "Start the play-test again" } else { "Start the play-test" } }
                </button>
            </form>
            { for run }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RunProps {
    run: Started,
    /// The scenario in the editor now (none while it has errors), to say
    /// when it is no longer the one being played.
    current: Option<Shared<Scenario>>,
    framework: Shared<Framework>,
    announce: Callback<String>,
    on_stop: Callback<()>,
}

#[component]
fn PlayRun(props: &RunProps) -> Html {
    let play = use_reducer({
        let session = (*props.run.session).clone();
        move || PlayState::new(session)
    });
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        let play = play.clone();
        let announce = props.announce.clone();
        let from = props.run.from.clone();
        use_effect_with(play.step(), move |step| {
            if let Some(element) = heading.cast::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
            let view = play.session.view();
            match &play.last {
                Some(outcome) if *step > 0 => announce.emit(announcement(
                    outcome,
                    Mode::Training,
                    &view.title,
                    &view.clock,
                )),
                _ => announce.emit(format!("Play-test started at “{from}”.")),
            }
        });
    }
    {
        let announce = props.announce.clone();
        let refused = play.refused.clone();
        let kind = match play.session.view().body {
            BodyView::Decision { kind, .. } => Some(kind),
            _ => None,
        };
        use_effect_with(refused, move |refused| {
            if let Some((error, _)) = refused {
                announce.emit(refusal(error, kind));
            }
        });
    }

    let session = &play.session;
    let view = session.view();
    let changed = props
        .current
        .as_ref()
        .is_none_or(|c| c.content_hash != session.scenario().content_hash);
    let on_choose = {
        let play = play.clone();
        Callback::from(move |ids: Vec<String>| {
            play.dispatch(PlayAction::Choose {
                step: play.step(),
                ids,
            });
        })
    };
    let kind = match &view.body {
        BodyView::Decision { kind, .. } => Some(*kind),
        _ => None,
    };
    let error = play
        .refused
        .as_ref()
        .map(|(e, _)| AttrValue::from(refusal(e, kind)));
    let body = match &view.body {
        BodyView::Decision { .. } | BodyView::Continue => choice(&view, error, &on_choose),
        BodyView::Ending { outcome, debrief } => html! {
            <div class="ending">
                <h4 class="heading-s">{ "What happened" }</h4>
                { paragraphs(outcome) }
                <h4 class="heading-s">{ "Debrief" }</h4>
                { paragraphs(debrief) }
            </div>
        },
    };
    let feedback = play
        .last
        .as_ref()
        .map(|o| o.feedback.clone())
        .unwrap_or_default();
    let clock_moved = play.last.as_ref().is_some_and(|o| o.clock_moved);
    let on_stop = {
        let on_stop = props.on_stop.clone();
        Callback::from(move |_: MouseEvent| on_stop.emit(()))
    };
    html! {
        <div class="playtest">
            if changed {
                <div class="inset">
                    <p>{ "The file has changed since this play-test started. The play-test carries on with the version it started with; start it again (once the file has no errors) to play the new one." }</p>
                </div>
            }
            <div class="playtest__layout">
                <div class="playtest__scene">
                    <p class="caption">{ format!("Play-test from “{}” · step {}", props.run.from, view.step + 1) }</p>
                    <h3 class="heading-m" id="playtest-scene" tabindex="-1" ref={heading}>{ &view.title }</h3>
                    { clock_line(&view.clock, clock_moved) }
                    if !feedback.is_empty() {
                        <div class="feedback">
                            <h4 class="heading-s">{ "Feedback on the last decision" }</h4>
                            <ul class="feedback__list">{ for feedback.iter().map(feedback_item) }</ul>
                        </div>
                    }
                    <div class="narrative">{ paragraphs(&view.paragraphs) }</div>
                    if !view.exhibits.is_empty() {
                        <div class="exhibits">
                            <h4 class="heading-s">{ "Records the officer can open" }</h4>
                            { for view.exhibits.iter().map(|e| exhibit(e, format!("{}-{}", view.step, e.id))) }
                        </div>
                    }
                    { body }
                    { scoring_key(session, &props.framework) }
                </div>
                { state_panel(session, &props.framework) }
            </div>
            if session.is_finished() {
                { report(&GapReport::build(session, &props.framework)) }
            }
            <div class="button-group">
                <button type="button" class="button button--secondary" onclick={on_stop}>{ "End the play-test" }</button>
            </div>
        </div>
    }
}

/// For the trainer: what each option offered here is worth and which
/// practices it shows, with the catalogue's treatment of each.
fn scoring_key(session: &Session, framework: &Framework) -> Html {
    let offered = session.offered();
    if offered.is_empty() {
        return Html::default();
    }
    let practice = |id: &str| match framework.practice(id) {
        Some(p) => format!("{id} ({}, {})", p.treatment.label(), p.competency),
        None => format!("{id} (not in the catalogue)"),
    };
    html! {
        <details class="details scoring-key">
            <summary class="details__summary">{ "How each option is scored (trainers only)" }</summary>
            <table class="table">
                <caption class="table__caption">{ "Options offered at this decision" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Option" }</th>
                        <th scope="col">{ "Points" }</th>
                        <th scope="col">{ "Practices shown" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for offered.iter().map(|o| html! {
                        <tr>
                            <th scope="row">
                                { &o.id }
                                if o.critical { <span class="tag tag--critical">{ "critical" }</span> }
                            </th>
                            <td>{ if o.points.is_empty() { "none".to_string() } else { o.points.iter().map(|(c, p)| format!("{c} {p:+}")).collect::<Vec<_>>().join(", ") } }</td>
                            <td>{ if o.practices.is_empty() { "none".to_string() } else { o.practices.iter().map(|p| practice(&p.name)).collect::<Vec<_>>().join("; ") } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}

fn none(text: &str) -> Html {
    html! { <span class="state__none">{ text }</span> }
}

fn state_panel(session: &Session, framework: &Framework) -> Html {
    let state = session.state();
    let scenario = session.scenario();
    let list = |items: Vec<String>, empty: &str| {
        if items.is_empty() {
            none(empty)
        } else {
            html! { <ul class="state__list">{ for items.into_iter().map(|i| html! { <li>{ i }</li> }) }</ul> }
        }
    };
    let tally = session.tally();
    let competency = |id: &str| {
        framework
            .competency(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    html! {
        <section class="state" aria-labelledby="state-title">
            <h4 class="heading-s" id="state-title">{ "State of the run" }</h4>
            <dl class="summary-list summary-list--compact state__facts">
                { summary_row("Clock", html! { <span id="state-clock">{ session.clock() }</span> }) }
                { summary_row("Time since the start", html! { duration(state.elapsed) }) }
                { summary_row("Flags", list(state.flags.iter().cloned().collect(), "None set")) }
                { summary_row("Counters", list(state.counters.iter().map(|(k, v)| format!("{k} = {v}")).collect(), "None")) }
                { summary_row("Marks", list(state.marks.iter().map(|(k, at)| format!("{k}: {}", clock_label(scenario.clock_start + at))).collect(), "None")) }
                { summary_row("Key actions taken", list(
                    scenario.key_actions.iter().filter(|a| state.done.contains(&a.id)).map(|a| a.id.clone()).collect(),
                    "None yet",
                )) }
                { summary_row("Practices shown", list(
                    state.done.iter().filter(|id| !scenario.key_actions.iter().any(|a| &a.id == *id)).cloned().collect(),
                    "None yet",
                )) }
            </dl>
            if tally.is_empty() {
                <p class="hint">{ "Points so far: none yet, as no scored decision has been made." }</p>
            } else {
            <table class="table state__points">
                <caption class="table__caption">{ "Points so far" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Competency" }</th>
                        <th scope="col" class="table__numeric">{ "Earned" }</th>
                        <th scope="col" class="table__numeric">{ "Best so far" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for tally.iter().map(|(id, points)| html! {
                        <tr>
                            <th scope="row">{ competency(id) }</th>
                            <td class="table__numeric">{ points.earned }</td>
                            <td class="table__numeric">{ points.best }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            }
        </section>
    }
}

/// The gap report for the play-test, compact: the result, the scores, the
/// critical errors and the key actions missed.
fn report(report: &GapReport) -> Html {
    let rows = ChartRow::from_report(report);
    let verdict_class = match report.verdict {
        Verdict::Competent => "panel panel--competent",
        Verdict::NotYetCompetent => "panel panel--not-yet",
    };
    html! {
        <section class="playtest-report" aria-labelledby="playtest-report-title">
            <h3 class="heading-m" id="playtest-report-title">{ "Play-test report" }</h3>
            <div class={verdict_class}>
                <p class="panel__title panel__title--small">
                    <span class="panel__label">{ "Result of this play-test: " }</span>
                    { report.verdict.label() }
                </p>
                <p class="panel__body">{ format!("An officer is competent when every competency assessed reaches {}% with no critical error.", report.pass_mark) }</p>
            </div>
            if !report.critical_errors.is_empty() {
                <h4 class="heading-s">{ format!("Critical errors ({})", report.critical_errors.len()) }</h4>
                <ul class="plain-list">
                    { for report.critical_errors.iter().map(|e| html! {
                        <li>{ warning(&format!("Critical error in “{}”", e.scene_title), html! {
                            <>
                                <p><span class="label">{ "Chosen: " }</span>{ &e.option_text }</p>
                                if let Some(c) = &e.cite { <p class="source"><span class="label">{ "Source: " }</span>{ c }</p> }
                            </>
                        }) }</li>
                    }) }
                </ul>
            }
            { competency_chart("playtest-chart", "Scores on this play-test", &rows, report.pass_mark) }
            { competency_table("Scores on this play-test", &rows, report.pass_mark) }
            <h4 class="heading-s">{ "Key actions missed" }</h4>
            if report.missed_key_actions.is_empty() {
                <p class="body">{ "None: every key action was taken." }</p>
            } else {
                <ul class="list list--bullet">
                    { for report.missed_key_actions.iter().map(|a| html! {
                        <li><span class="label">{ &a.text }</span>{ format!(". {} ({})", a.why, a.cite) }</li>
                    }) }
                </ul>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_as_days_hours_and_minutes() {
        assert_eq!(duration(0), "0m");
        assert_eq!(duration(75), "1h 15m");
        assert_eq!(duration(1440), "1d");
        assert_eq!(duration(1440 * 14 + 61), "14d 1h 1m");
    }
}
