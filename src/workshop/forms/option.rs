//! A scene's decision and its options: the prompt, single or select-all,
//! where the options lead, and for each option its text, points,
//! practices, critical mark, feedback, source and effects.

use super::details::change_button;
use super::fields::{messages, text, CheckField, RadiosField, Spec};
use super::pickers::{
    AchievesField, CiteField, ConditionsField, CountersField, DestinationField, NamesField,
    PointsField, PracticesField, RoutesField,
};
use super::{use_form_ctx, Change};
use crate::core::edit::scenario::{
    add_option, decision, duplicate_option, field_id, option, options,
};
use crate::core::edit::{Doc, Value};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DecisionProps {
    pub index: usize,
}

#[component]
pub fn DecisionForm(props: &DecisionProps) -> Html {
    let ctx = use_form_ctx();
    let n = props.index;
    let path = decision(n);
    let card = field_id(&path, None);
    let single = ctx.doc.str(&path, "kind") != "multiple";
    let count = ctx.doc.count(&options(n));
    let kind_change = {
        let on_change = ctx.on_change.clone();
        let (path, id) = (path.clone(), field_id(&path, Some("kind")));
        Callback::from(move |kind: String| {
            let path = path.clone();
            on_change.emit(
                Change::new("Changed the kind of decision", move |doc: &Doc| {
                    doc.set(&path, "kind", Some(&Value::str(kind.clone())))
                })
                .of_field(&id),
            );
        })
    };
    let kinds = Rc::new(vec![
        ("single".to_string(), "Single: choose one".to_string()),
        ("multiple".to_string(), "Select all that apply".to_string()),
    ]);
    let add = change_button(
        &ctx,
        Some(format!("{card}-add-option")),
        "Add an option",
        "",
        "Added an option",
        Some(field_id(&option(n, count), Some("text"))),
        move |doc| add_option(doc, n),
    );
    html! {
        <section class="subform" id={card.clone()} tabindex="-1" aria-labelledby={format!("{card}-title")}>
            <h4 class="heading-s" id={format!("{card}-title")}>{ "Decision" }</h4>
            { messages(&card, ctx.problems.get(&card).map_or(&[][..], |v| v.as_slice())) }
            { text(&ctx, &path, "prompt", Spec::new("Question").hint("e.g. What do you do first?").story(2)) }
            <RadiosField id={field_id(&path, Some("kind"))} legend="Kind of decision" value={if single { "single" } else { "multiple" }} options={kinds} on_commit={kind_change} />
            <DestinationField path={Rc::new(path.clone())} field="goto" label="Where the options lead" hint="Options without a destination of their own go here." optional=true />
            <RoutesField owner={Rc::new(path.clone())} hint="Tried in order before the options' destinations: the first whose conditions all hold is taken. In a select-all decision this is the only routing." />
            <h4 class="heading-s">{ format!("Options ({count})") }</h4>
            if count > 0 {
                <ol class="edit-cards">
                    { for (0..count).map(|o| html! { <OptionCard scene={n} index={o} count={count} single={single} key={format!("option-{o}")} /> }) }
                </ol>
            }
            <div class="button-group">{ add }</div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OptionProps {
    scene: usize,
    index: usize,
    count: usize,
    single: bool,
}

#[component]
fn OptionCard(props: &OptionProps) -> Html {
    let ctx = use_form_ctx();
    let (n, o, count) = (props.scene, props.index, props.count);
    let path = option(n, o);
    let card = field_id(&path, None);
    let shared = Rc::new(path.clone());
    let id = ctx.doc.str(&path, "id").to_string();
    let critical = ctx.doc.bool(&path, "critical").unwrap_or(false);
    let on_critical = {
        let on_change = ctx.on_change.clone();
        let (path, fid) = (path.clone(), field_id(&path, Some("critical")));
        Callback::from(move |on: bool| {
            let path = path.clone();
            on_change.emit(
                Change::new(
                    if on {
                        "Marked the option critical"
                    } else {
                        "Unmarked the option critical"
                    },
                    move |doc: &Doc| doc.set(&path, "critical", on.then_some(&Value::Bool(true))),
                )
                .of_field(&fid),
            );
        })
    };
    let up = {
        let p = path.clone();
        change_button(
            &ctx,
            Some(format!("{card}-up")),
            "Move up",
            &format!("option {id}"),
            "Moved an option up",
            Some(format!(
                "{}-up",
                field_id(&option(n, o.saturating_sub(1)), None)
            )),
            move |d| d.swap(&p, true),
        )
    };
    let down = {
        let p = path.clone();
        change_button(
            &ctx,
            Some(format!("{card}-down")),
            "Move down",
            &format!("option {id}"),
            "Moved an option down",
            Some(format!("{}-down", field_id(&option(n, o + 1), None))),
            move |d| d.swap(&p, false),
        )
    };
    let copy = change_button(
        &ctx,
        Some(format!("{card}-copy")),
        "Copy",
        &format!("option {id}"),
        "Copied an option",
        Some(field_id(&option(n, o + 1), Some("id"))),
        move |d| duplicate_option(d, n, o),
    );
    let remove = {
        let p = path.clone();
        change_button(
            &ctx,
            Some(format!("{card}-remove")),
            "Remove",
            &format!("option {id}"),
            "Removed an option",
            Some(format!("{}-add-option", field_id(&decision(n), None))),
            move |d| d.remove(&p),
        )
    };
    html! {
        <li class="edit-card edit-card--option" id={card.clone()} tabindex="-1">
            <h5 class="edit-card__title">{ format!("Option {}{}", o + 1, if id.is_empty() { String::new() } else { format!(": {id}") }) }</h5>
            { messages(&card, ctx.problems.get(&card).map_or(&[][..], |v| v.as_slice())) }
            { text(&ctx, &path, "text", Spec::new("What the officer reads").story(3)) }
            { text(&ctx, &path, "id", Spec::new("Id").hint("Unique in this decision; playthrough plans name options by id.").short()) }
            <ConditionsField path={shared.clone()} legend="Offered only when all of these hold" />
            if props.single {
                <DestinationField path={shared.clone()} field="goto" label="Leads to" hint="Left as none, the decision's default." optional=true />
                <RoutesField owner={shared.clone()} hint="Tried in order before \u{201c}Leads to\u{201d}." />
            }
            <PointsField path={shared.clone()} />
            <PracticesField path={shared.clone()} />
            <CheckField id={field_id(&path, Some("critical"))} label="Critical: a safety-critical error that fails the run" hint="Only with a practice the catalogue treats as critical, and never with positive points." checked={critical} on_commit={on_critical} />
            { text(&ctx, &path, "feedback", Spec::new("Feedback").hint("Shown after the choice in training mode. Required when the option is scored.").optional().story(3)) }
            <CiteField path={shared.clone()} legend="Sources" hint="Required when the option is scored: the sections of the guidance the feedback rests on." />
            <h6 class="heading-s">{ "What choosing it changes" }</h6>
            <AchievesField path={shared.clone()} />
            <NamesField path={shared.clone()} field="set" legend="Flags to set" hint="New flags are named here; conditions then choose them from a list." />
            <NamesField path={shared.clone()} field="clear" legend="Flags to clear" existing_only=true />
            <CountersField path={shared.clone()} />
            <NamesField path={shared.clone()} field="mark" legend="Marks (note the time now)" hint="Conditions can then ask how long it is since the mark." />
            { text(&ctx, &path, "advance", Spec::new("Time passes (optional)").hint("e.g. 16h. Left empty, no time passes.").optional().short().list("durations-list")) }
            <div class="button-group button-group--small">
                if o > 0 { { up } }
                if o + 1 < count { { down } }
                { copy }
                { remove }
            </div>
        </li>
    }
}
