//! One scene of a run: the narrative, the exhibits, the clock, the feedback
//! on the last decision (training mode) and the decision itself. Scenario
//! text is data: it is only ever rendered as text nodes.

use crate::app::guidance::citation;
use crate::app::layout::{paragraphs, warning, ErrorSummary, PageHeading};
use crate::app::route::Route;
use crate::app::Shared;
use crate::core::engine::{
    BodyView, ChoiceError, ChoiceFeedback, ExhibitView, Mode, OptionView, Outcome, SceneView,
};
use crate::core::model::{DecisionKind, ExhibitKind};
use crate::core::report::{GapReport, Verdict};
use crate::core::text::capitalise;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct SceneProps {
    pub scenario_title: AttrValue,
    pub view: Rc<SceneView>,
    pub mode: Mode,
    pub outcome: Option<Outcome>,
    pub refused: Option<(ChoiceError, u32)>,
    /// The completed run's number, once the run has ended.
    pub report: Option<u32>,
    /// The run's result once it has ended, shown with the story (compared
    /// by identity: a run's report is built once).
    pub result: Option<Shared<GapReport>>,
    pub on_choose: Callback<Vec<String>>,
    pub on_report: Callback<()>,
}

pub fn mode_label(mode: Mode) -> &'static str {
    match mode {
        Mode::Training => "Training",
        Mode::Assessment => "Assessment",
    }
}

fn option_dom_id(id: &str) -> String {
    format!("option-{id}")
}

const CONTINUE_ID: &str = "continue-button";

pub fn refusal(error: &ChoiceError, kind: Option<DecisionKind>) -> String {
    match (error, kind) {
        (ChoiceError::NothingChosen, Some(DecisionKind::Multiple)) => "Select at least one option, then confirm your decision".into(),
        (ChoiceError::NothingChosen, _) => "Select an option, then confirm your decision".into(),
        (ChoiceError::NoRoute, _) => {
            "This scenario has a mistake: no scene follows from here. Please tell your trainer, who can check the file with the scenario tool".into()
        }
        (other, _) => capitalise(&other.to_string()),
    }
}

#[component]
pub fn Scene(props: &SceneProps) -> Html {
    let view = &props.view;
    let (kind, target) = match &view.body {
        BodyView::Decision { kind, options, .. } => {
            (Some(*kind), options.first().map(|o| option_dom_id(&o.id)))
        }
        BodyView::Continue => (None, Some(CONTINUE_ID.to_string())),
        BodyView::Ending { .. } => (None, None),
    };
    let error = props
        .refused
        .as_ref()
        .map(|(e, repeats)| (refusal(e, kind), *repeats));
    let clock_moved = props.outcome.as_ref().is_some_and(|o| o.clock_moved);
    let feedback: &[ChoiceFeedback] = match (&props.outcome, props.mode) {
        (Some(outcome), Mode::Training) => &outcome.feedback,
        _ => &[],
    };
    let caption = format!("{} · {}", props.scenario_title, mode_label(props.mode));
    let body = match &view.body {
        BodyView::Decision { .. } | BodyView::Continue => choice(
            view,
            error.as_ref().map(|(m, _)| AttrValue::from(m.clone())),
            &props.on_choose,
        ),
        BodyView::Ending { outcome, debrief } => ending(
            outcome,
            debrief,
            props.result.as_deref(),
            props.report,
            &props.on_report,
        ),
    };
    html! {
        <>
            if let (Some((message, repeats)), Some(target)) = (&error, &target) {
                <ErrorSummary message={message.clone()} target={target.clone()} focus_key={*repeats} />
            }
            <PageHeading text={view.title.clone()} caption={caption} focus_key={view.step} error={error.is_some()} />
            { clock_line(&view.clock, clock_moved) }
            if props.mode == Mode::Assessment && view.step == 0 {
                <p class="inset">{ "Assessment mode: the options come in a shuffled order and there is no feedback until the end." }</p>
            }
            if !feedback.is_empty() {
                { feedback_panel(feedback) }
            }
            <div class="narrative">{ paragraphs(&view.paragraphs) }</div>
            if !view.exhibits.is_empty() {
                <section class="exhibits" aria-labelledby="exhibits-title">
                    <h2 class="heading-s" id="exhibits-title">{ "Records you can open" }</h2>
                    { for view.exhibits.iter().map(|e| exhibit(e, format!("{}-{}", view.step, e.id))) }
                </section>
            }
            { body }
            if matches!(view.body, BodyView::Decision { .. } | BodyView::Continue) {
                <p class="hint saved-note">{ "Your place is saved after every decision: you can leave and carry on later from the home page." }</p>
            }
        </>
    }
}

fn ending(
    outcome: &[String],
    debrief: &[String],
    result: Option<&GapReport>,
    report: Option<u32>,
    on_report: &Callback<()>,
) -> Html {
    let open = {
        let on_report = on_report.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            on_report.emit(());
        })
    };
    html! {
        <>
            if let Some(result) = result {
                { verdict_panel(result) }
                { critical_errors(result) }
            }
            <section class="ending" aria-labelledby="ending-title">
                <h2 class="heading-m" id="ending-title">{ "What happened" }</h2>
                { paragraphs(outcome) }
                <h2 class="heading-m">{ "Debrief" }</h2>
                { paragraphs(debrief) }
            </section>
            if let Some(number) = report {
                <a class="button" role="button" href={Route::Report(number).href()} onclick={open}>{ "See your report" }</a>
            }
        </>
    }
}

/// The result of a run: shown with the ending and at the top of the report,
/// so the story is never read apart from the verdict.
pub fn verdict_panel(result: &GapReport) -> Html {
    let class = match result.verdict {
        Verdict::Competent => "panel panel--competent",
        Verdict::NotYetCompetent => "panel panel--not-yet",
    };
    html! {
        <div class={class}>
            <h2 class="panel__title">
                <span class="panel__label">{ if result.mode == Mode::Assessment { "Assessment result: " } else { "Training result: " } }</span>
                { result.verdict.label() }
            </h2>
            <p class="panel__body">
                { format!("To be competent, every competency assessed must reach {}% with no critical error.", result.pass_mark) }
            </p>
        </div>
    }
}

/// The run's critical errors, each with what was chosen, why it matters and its source.
pub fn critical_errors(result: &GapReport) -> Html {
    if result.critical_errors.is_empty() {
        return Html::default();
    }
    html! {
        <section class="report__section report__critical" aria-labelledby="critical-title">
            <h2 class="heading-m" id="critical-title">
                { format!("Critical errors ({})", result.critical_errors.len()) }
            </h2>
            <ul class="plain-list">
                { for result.critical_errors.iter().map(|e| html! {
                    <li>
                        { warning(&format!("Critical error in “{}”", e.scene_title), html! {
                            <>
                                <p><span class="label">{ "You chose: " }</span>{ &e.option_text }</p>
                                if let Some(f) = &e.feedback { <p>{ f }</p> }
                                if let Some(c) = &e.cite { <p class="source"><span class="label">{ "Source: " }</span>{ citation(c) }</p> }
                            </>
                        }) }
                    </li>
                }) }
            </ul>
        </section>
    }
}

fn feedback_panel(feedback: &[ChoiceFeedback]) -> Html {
    html! {
        <section class="feedback" aria-labelledby="feedback-title">
            <h2 class="heading-m" id="feedback-title">{ "Feedback on your decision" }</h2>
            <ul class="feedback__list">
                { for feedback.iter().map(feedback_item) }
            </ul>
        </section>
    }
}

pub fn feedback_item(item: &ChoiceFeedback) -> Html {
    html! {
        <li class={classes!("feedback__item", item.critical.then_some("feedback__item--critical"))}>
            if item.critical {
                { warning("Critical error", html! { <p>{ "This choice could put someone at serious risk or lose the case." }</p> }) }
            }
            <p class="feedback__chosen"><span class="label">{ "You chose: " }</span>{ &item.option_text }</p>
            <p>{ item.feedback.as_deref().unwrap_or("There is no specific feedback for this option.") }</p>
            if let Some(cite) = &item.cite {
                <p class="source"><span class="label">{ "Source: " }</span>{ citation(cite) }</p>
            }
        </li>
    }
}

/// A record the officer can open and close in place; the browser's own
/// disclosure keeps its state and works by keyboard. The key makes each
/// scene's exhibits new elements, so none opens already open.
pub fn exhibit(e: &ExhibitView, key: String) -> Html {
    let entries = match e.kind {
        _ if e.entries.is_empty() => html! {},
        ExhibitKind::Messages => html! {
            <ol class="thread">
                { for e.entries.iter().map(|m| html! {
                    <li class="thread__message">
                        <p class="thread__meta">
                            if let Some(from) = &m.from { <span class="thread__from">{ from }</span> }
                            if let Some(at) = &m.at { <span class="thread__at">{ at }</span> }
                        </p>
                        <p class="thread__text">{ &m.text }</p>
                    </li>
                }) }
            </ol>
        },
        ExhibitKind::CallLog => html! {
            <table class="table">
                <caption class="visually-hidden">{ &e.title }</caption>
                <thead><tr>
                    <th scope="col">{ "Time" }</th><th scope="col">{ "From" }</th><th scope="col">{ "Details" }</th>
                </tr></thead>
                <tbody>
                    { for e.entries.iter().map(|c| html! {
                        <tr>
                            <td>{ c.at.clone().unwrap_or_default() }</td>
                            <td>{ c.from.clone().unwrap_or_default() }</td>
                            <td>{ &c.text }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
        ExhibitKind::RiskForm => html! {
            <dl class="summary-list">
                { for e.entries.iter().map(|q| html! {
                    <div class="summary-list__row">
                        <dt class="summary-list__key">
                            { q.from.clone().unwrap_or_default() }
                            if let Some(at) = &q.at { <span class="thread__at">{ at }</span> }
                        </dt>
                        <dd class="summary-list__value">{ &q.text }</dd>
                    </div>
                }) }
            </dl>
        },
        ExhibitKind::Statement | ExhibitKind::Photo | ExhibitKind::Document => html! {
            <ul class="entries">
                { for e.entries.iter().map(|entry| html! {
                    <li>
                        if entry.at.is_some() || entry.from.is_some() {
                            <p class="thread__meta">
                                if let Some(from) = &entry.from { <span class="thread__from">{ from }</span> }
                                if let Some(at) = &entry.at { <span class="thread__at">{ at }</span> }
                            </p>
                        }
                        <p>{ &entry.text }</p>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <details class="exhibit" key={key} id={format!("exhibit-{}", e.id)}>
            <summary class="exhibit__summary">
                <span class="exhibit__kind">{ e.kind.label() }{ ": " }</span>
                <span class="exhibit__title">{ &e.title }</span>
            </summary>
            <div class="exhibit__body">
                { paragraphs(&e.paragraphs) }
                { entries }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct DecisionProps {
    pub prompt: AttrValue,
    pub kind: DecisionKind,
    pub options: Vec<OptionView>,
    pub error: Option<AttrValue>,
    pub on_choose: Callback<Vec<String>>,
}

/// Real radios or checkboxes in a fieldset, confirmed with a button.
#[component]
pub fn DecisionForm(props: &DecisionProps) -> Html {
    let selected = use_state(Vec::<String>::new);
    let multiple = props.kind == DecisionKind::Multiple;
    let onsubmit = {
        let selected = selected.clone();
        let on_choose = props.on_choose.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // In the order ticked, as the run records them; the engine applies
            // their effects in file order whatever the order.
            on_choose.emit((*selected).clone());
        })
    };
    let described = match &props.error {
        Some(_) => "decision-hint decision-error",
        None => "decision-hint",
    };
    let (input_type, group, item, input, label) = if multiple {
        (
            "checkbox",
            "checkboxes",
            "checkboxes__item",
            "checkboxes__input",
            "checkboxes__label",
        )
    } else {
        (
            "radio",
            "radios",
            "radios__item",
            "radios__input",
            "radios__label",
        )
    };
    html! {
        <form class="decision" novalidate=true onsubmit={onsubmit}>
            <div class={classes!("form-group", props.error.is_some().then_some("form-group--error"))}>
                <fieldset class="fieldset" aria-describedby={described}>
                    <legend class="fieldset__legend">{ &props.prompt }</legend>
                    <p class="hint" id="decision-hint">
                        { if multiple { "Select all that apply, then confirm." } else { "Select one option, then confirm." } }
                    </p>
                    if let Some(error) = &props.error {
                        <p class="error-message" id="decision-error">
                            <span class="visually-hidden">{ "Error: " }</span>{ error }
                        </p>
                    }
                    <div class={group}>
                        { for props.options.iter().map(|option| {
                            let id = option.id.clone();
                            let selected_now = selected.clone();
                            let onchange = Callback::from(move |_: Event| {
                                let mut next = if multiple { (*selected_now).clone() } else { Vec::new() };
                                match next.iter().position(|s| *s == id) {
                                    Some(at) if multiple => { next.remove(at); }
                                    _ => next.push(id.clone()),
                                }
                                selected_now.set(next);
                            });
                            html! {
                                <div class={item} key={option.id.clone()}>
                                    <input
                                        class={input}
                                        id={option_dom_id(&option.id)}
                                        name="decision"
                                        type={input_type}
                                        value={option.id.clone()}
                                        checked={selected.contains(&option.id)}
                                        onchange={onchange}
                                    />
                                    <label class={label} for={option_dom_id(&option.id)}>{ &option.text }</label>
                                </div>
                            }
                        }) }
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="button">{ "Confirm decision" }</button>
        </form>
    }
}

/// What a scene asks of the trainee: its decision form, or a Continue button
/// for a scene that simply leads on. Endings are drawn by each view.
pub fn choice(
    view: &SceneView,
    error: Option<AttrValue>,
    on_choose: &Callback<Vec<String>>,
) -> Html {
    match &view.body {
        BodyView::Decision {
            prompt,
            kind,
            options,
        } => html! {
            <DecisionForm
                key={view.step}
                prompt={prompt.clone()}
                kind={*kind}
                options={options.clone()}
                error={error}
                on_choose={on_choose.clone()}
            />
        },
        BodyView::Continue => {
            let on_choose = on_choose.clone();
            html! {
                <button type="button" class="button" id={CONTINUE_ID} onclick={move |_| on_choose.emit(Vec::new())}>{ "Continue" }</button>
            }
        }
        BodyView::Ending { .. } => Html::default(),
    }
}

/// The simulated clock, with a tag in words when it has just moved on.
pub fn clock_line(clock: &str, moved: bool) -> Html {
    html! {
        <p class="clock">
            <span class="clock__label">{ "Time in the scenario: " }</span>
            <strong class="clock__time">{ clock.to_string() }</strong>
            if moved {
                <span class="tag tag--clock">{ "Time has moved on" }</span>
            }
        </p>
    }
}
