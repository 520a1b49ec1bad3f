//! The scene form: its title, time, text, asides and exhibits, and what
//! happens after it (a decision, a scene to continue to, or an ending with
//! its notes). Also the list that opens a scene or adds one.

use super::details::change_button;
use super::fields::{choice, field_with, messages, text, Spec};
use super::option::DecisionForm;
use super::pickers::{ClaimsField, ConditionsField, DestinationField, NamesField, RoutesField};
use super::{scene_label, use_form_ctx, Change, FormCtx, Panel, PANEL_HEADING};
use crate::core::edit::scenario::{
    add_scene, child, decision, duplicate_scene, ending, field_id, fresh_id, nth, rename_scene,
    scene, set_scene_kind, slug, ways_in, SceneKind,
};
use crate::core::edit::{Doc, Element, Value};
use crate::core::model::ExhibitKind;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

fn card_messages(ctx: &FormCtx, id: &str) -> Html {
    messages(id, ctx.problems.get(id).map_or(&[][..], |v| v.as_slice()))
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub current: Option<usize>,
}

/// Opens a scene by name (the map does the same), or adds one.
#[component]
pub fn ScenePicker(props: &PickerProps) -> Html {
    let ctx = use_form_ctx();
    let select = use_node_ref();
    let title = use_node_ref();
    let id = use_node_ref();
    let open = {
        let (select, on_panel) = (select.clone(), ctx.on_panel.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(n) = select
                .cast::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<usize>().ok())
            {
                on_panel.emit(Panel::Scene(n));
            }
        })
    };
    let add = {
        let on_change = ctx.on_change.clone();
        let (title, id) = (title.clone(), id.clone());
        let taken: Vec<String> = ctx.scenes.iter().map(|s| s.id.clone()).collect();
        let next = ctx.scenes.len();
        Callback::from(move |_: MouseEvent| {
            let read = |node: &NodeRef| {
                node.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default()
            };
            let (new_title, typed) = (read(&title), read(&id));
            let base = if typed.is_empty() {
                slug(&new_title)
            } else {
                typed
            };
            let scene_id = fresh_id(
                taken.iter().map(String::as_str),
                if base.is_empty() { "scene" } else { &base },
            );
            let new_title = if new_title.is_empty() {
                "New scene".to_string()
            } else {
                new_title
            };
            for node in [&title, &id] {
                if let Some(input) = node.cast::<HtmlInputElement>() {
                    input.set_value("");
                }
            }
            on_change.emit(
                Change::new(format!("Added the scene {scene_id}"), move |doc: &Doc| {
                    add_scene(doc, &scene_id, &new_title)
                })
                .then_open(Panel::Scene(next))
                .then_focus(PANEL_HEADING),
            );
        })
    };
    html! {
        <div class="scene-picker">
            if !ctx.scenes.is_empty() {
                <div class="form-group form-group--inline">
                    <label class="label-block" for="scene-picker">{ "Scene" }</label>
                    <select class="select select--wide" id="scene-picker" ref={select}>
                        { for ctx.scenes.iter().map(|s| html! {
                            <option value={s.index.to_string()} selected={props.current == Some(s.index)}>{ format!("{}. {}", s.index + 1, scene_label(s)) }</option>
                        }) }
                    </select>
                </div>
                <button type="button" class="button button--secondary button--small" id="scene-open" onclick={open}>{ "Open scene" }</button>
            }
            <details class="details scene-picker__add">
                <summary class="details__summary" id="scene-add-summary">{ "Add a scene" }</summary>
                <div class="details__text">
                    <div class="form-group">
                        <label class="label-block" for="scene-add-title">{ "Title" }</label>
                        <input class="input" id="scene-add-title" type="text" autocomplete="off" ref={title} />
                    </div>
                    <div class="form-group">
                        <label class="label-block" for="scene-add-id">{ "Id" }</label>
                        <p class="hint" id="scene-add-id-hint">{ "Lowercase letters, digits and hyphens, e.g. arrival. Left empty, it is made from the title." }</p>
                        <input class="input input--medium" id="scene-add-id" type="text" autocomplete="off" spellcheck="false" aria-describedby="scene-add-id-hint" ref={id} />
                    </div>
                    <button type="button" class="button button--secondary button--small" id="scene-add" onclick={add}>{ "Add the scene and open it" }</button>
                </div>
            </details>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SceneProps {
    pub index: usize,
}

#[component]
pub fn SceneForm(props: &SceneProps) -> Html {
    let ctx = use_form_ctx();
    let n = props.index;
    let path = scene(n);
    let summary = &ctx.scenes[n];
    let count = ctx.scenes.len();
    let card = field_id(&path, None);
    let rename = {
        let on_change = ctx.on_change.clone();
        let id = field_id(&path, Some("id"));
        Callback::from(move |new_id: String| {
            let new_id = new_id.trim().to_string();
            on_change.emit(
                Change::new("Renamed the scene", move |doc: &Doc| {
                    rename_scene(doc, n, &new_id)
                })
                .of_field(&id),
            );
        })
    };
    let move_button = |up: bool| {
        let p = path.clone();
        let to = if up { n - 1 } else { n + 1 };
        let on_change = ctx.on_change.clone();
        let id = format!(
            "{}-{}",
            field_id(&scene(to), None),
            if up { "up" } else { "down" }
        );
        Callback::from(move |_: MouseEvent| {
            let p = p.clone();
            on_change.emit(
                Change::new(
                    if up {
                        "Moved the scene up"
                    } else {
                        "Moved the scene down"
                    },
                    move |doc: &Doc| doc.swap(&p, up),
                )
                .then_open(Panel::Scene(to))
                .then_focus(id.clone()),
            );
        })
    };
    let duplicate = {
        let on_change = ctx.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            on_change.emit(
                Change::new("Copied the scene", move |doc: &Doc| duplicate_scene(doc, n))
                    .then_open(Panel::Scene(n + 1))
                    .then_focus(PANEL_HEADING),
            );
        })
    };
    let delete = {
        let on_change = ctx.on_change.clone();
        let p = path.clone();
        let after = if count > 1 {
            Panel::Scene(n.saturating_sub(1).min(count - 2))
        } else {
            Panel::Details
        };
        Callback::from(move |_: MouseEvent| {
            let p = p.clone();
            on_change.emit(
                Change::new("Deleted the scene", move |doc: &Doc| doc.remove(&p))
                    .then_open(after)
                    .then_focus(PANEL_HEADING),
            );
        })
    };
    let ways = ways_in(&ctx.doc, &summary.id);
    let button = |id: String, words: &str, onclick: Callback<MouseEvent>| {
        html! {
            <button type="button" class="button button--secondary button--small" id={id} {onclick}>{ words }</button>
        }
    };
    let heading = format!("Scene {}: {}", n + 1, scene_label(summary));
    html! {
        <section class="form" id={card.clone()} tabindex="-1" aria-labelledby={PANEL_HEADING}>
            <h3 class="heading-m" id={PANEL_HEADING} tabindex="-1">{ heading }</h3>
            { card_messages(&ctx, &card) }
            <div class="button-group button-group--small">
                if n > 0 { { button(format!("{card}-up"), "Move up", move_button(true)) } }
                if n + 1 < count { { button(format!("{card}-down"), "Move down", move_button(false)) } }
                { button(format!("{card}-copy"), "Copy the scene", duplicate) }
                <button type="button" class="button button--warning button--small" id={format!("{card}-delete")} onclick={delete} aria-describedby={format!("{card}-delete-hint")}>{ "Delete the scene" }</button>
            </div>
            <p class="hint" id={format!("{card}-delete-hint")}>
                { match ways { 0 => "Nothing leads to this scene yet.".to_string(), 1 => "One option, route or start leads here.".to_string(), w => format!("{w} options, routes or starts lead here.") } }
                { " Undo brings back anything deleted." }
            </p>
            { field_with(&ctx, &path, "id", Spec::new("Id").hint("Renaming it renames every way into it.").short(), rename) }
            { text(&ctx, &path, "title", Spec::new("Title")) }
            { text(&ctx, &path, "advance", Spec::new("Time passes as the scene opens (optional)").hint("e.g. 15m, 4h, 3w. Left empty, no time passes.").optional().short().list("durations-list")) }
            { text(&ctx, &path, "text", Spec::new("Text").hint("What the officer reads. A blank line starts a new paragraph.").story(8)) }
            <NamesField path={Rc::new(path.clone())} field="set" legend="Flags set as the scene opens" />
            <Asides index={n} />
            <Exhibits index={n} />
            <SceneKindField index={n} kind={summary.kind} />
            { match summary.kind {
                SceneKind::Decision => html! { <DecisionForm index={n} /> },
                SceneKind::Next => html! {
                    <section class="subform" aria-labelledby={format!("{card}-next-title")}>
                        <h4 class="heading-s" id={format!("{card}-next-title")}>{ "Continue" }</h4>
                        <DestinationField path={Rc::new(path.clone())} field="next" label="Continue to" />
                        <RoutesField owner={Rc::new(path.clone())} hint="Tried in order before \u{201c}Continue to\u{201d}: the first whose conditions all hold is taken." />
                    </section>
                },
                SceneKind::Ending => html! { <EndingForm index={n} /> },
                SceneKind::Open => Html::default(),
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct KindProps {
    index: usize,
    kind: SceneKind,
}

/// What happens after the scene. Chosen first, then applied with a button,
/// so moving through the radios never takes a decision away.
#[component]
fn SceneKindField(props: &KindProps) -> Html {
    let ctx = use_form_ctx();
    let chosen = use_state(|| props.kind);
    {
        let chosen = chosen.clone();
        use_effect_with(props.kind, move |kind| chosen.set(*kind));
    }
    let n = props.index;
    let id = field_id(&scene(n), Some("next-kind"));
    let options = [
        (SceneKind::Decision, "decision", "A decision"),
        (SceneKind::Next, "next", "Continue to another scene"),
        (SceneKind::Ending, "ending", "An ending"),
    ];
    let apply = {
        let (on_change, chosen) = (ctx.on_change.clone(), chosen.clone());
        let focus = match *chosen {
            SceneKind::Decision => field_id(&decision(n), Some("prompt")),
            SceneKind::Next => field_id(&scene(n), Some("next")),
            _ => field_id(&ending(n), Some("outcome")),
        };
        Callback::from(move |_: MouseEvent| {
            let kind = *chosen;
            on_change.emit(
                Change::new("Changed what happens after the scene", move |doc: &Doc| {
                    set_scene_kind(doc, n, kind)
                })
                .then_focus(focus.clone()),
            );
        })
    };
    html! {
        <div class="form-group scene-kind">
            <fieldset class="fieldset" aria-describedby={format!("{id}-hint")}>
                <legend class="fieldset__legend fieldset__legend--s">{ "What happens after this scene" }</legend>
                <p class="hint" id={format!("{id}-hint")}>{ if props.kind == SceneKind::Open { "Choose one, then select \u{201c}Use this\u{201d}." } else { "Changing it takes out what is there now; undo brings it back." } }</p>
                <div class="radios radios--inline">
                    { for options.iter().enumerate().map(|(i, (kind, code, words))| {
                        let radio = if i == 0 { id.clone() } else { format!("{id}-{code}") };
                        let onchange = { let (chosen, kind) = (chosen.clone(), *kind); Callback::from(move |_: Event| chosen.set(kind)) };
                        html! {
                            <div class="radios__item">
                                <input class="radios__input" type="radio" id={radio.clone()} name={id.clone()} value={*code} checked={*chosen == *kind} {onchange} />
                                <label class="radios__label" for={radio}>{ *words }</label>
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
            if *chosen != props.kind && *chosen != SceneKind::Open {
                <button type="button" class="button button--secondary button--small" id={format!("{id}-apply")} onclick={apply}>{ "Use this" }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct IndexProps {
    index: usize,
}

/// The buttons every card in a list has: move up and down, and remove.
fn card_buttons(
    ctx: &FormCtx,
    array: &[crate::core::edit::Seg],
    n: usize,
    count: usize,
    thing: &str,
    after_remove: String,
) -> Html {
    let path = nth(array, n);
    let card = field_id(&path, None);
    let up = {
        let p = path.clone();
        change_button(
            ctx,
            Some(format!("{card}-up")),
            "Move up",
            &format!("{thing} {}", n + 1),
            &format!("Moved the {thing} up"),
            Some(format!(
                "{}-up",
                field_id(&nth(array, n.saturating_sub(1)), None)
            )),
            move |d| d.swap(&p, true),
        )
    };
    let down = {
        let p = path.clone();
        change_button(
            ctx,
            Some(format!("{card}-down")),
            "Move down",
            &format!("{thing} {}", n + 1),
            &format!("Moved the {thing} down"),
            Some(format!("{}-down", field_id(&nth(array, n + 1), None))),
            move |d| d.swap(&p, false),
        )
    };
    let remove = {
        let p = path.clone();
        change_button(
            ctx,
            None,
            "Remove",
            &format!("{thing} {}", n + 1),
            &format!("Removed the {thing}"),
            Some(after_remove),
            move |d| d.remove(&p),
        )
    };
    html! {
        <div class="button-group button-group--small">
            if n > 0 { { up } }
            if n + 1 < count { { down } }
            { remove }
        </div>
    }
}

#[component]
fn Asides(props: &IndexProps) -> Html {
    let ctx = use_form_ctx();
    let array = child(&scene(props.index), "aside");
    let count = ctx.doc.count(&array);
    let add_id = format!("{}-add", field_id(&array, None));
    let items = (0..count).map(|a| {
        let path = nth(&array, a);
        let card = field_id(&path, None);
        html! {
            <li class="edit-card" id={card.clone()} tabindex="-1" key={format!("aside-{a}")}>
                <h5 class="edit-card__title">{ format!("Aside {}", a + 1) }</h5>
                { card_messages(&ctx, &card) }
                <ConditionsField path={Rc::new(path.clone())} legend="Shown only when all of these hold" />
                { text(&ctx, &path, "text", Spec::new("Text").story(4)) }
                <ClaimsField path={Rc::new(path.clone())} />
                { card_buttons(&ctx, &array, a, count, "aside", add_id.clone()) }
            </li>
        }
    });
    let add = {
        let array = array.clone();
        change_button(
            &ctx,
            Some(add_id.clone()),
            "Add an aside",
            "",
            "Added an aside",
            Some(format!(
                "{}-new-kind",
                field_id(&nth(&array, count), Some("when"))
            )),
            move |doc| {
                doc.insert(
                    &array,
                    usize::MAX,
                    &Element::default()
                        .with("when", Value::List(vec![]))
                        .with("text", Value::str("")),
                )
            },
        )
    };
    html! {
        <section class="subform" aria-labelledby={format!("{}-title", field_id(&array, None))}>
            <h4 class="heading-s" id={format!("{}-title", field_id(&array, None))}>{ "Asides" }</h4>
            <p class="hint">{ "A paragraph shown only when its conditions hold: the simplest way to make an earlier choice matter." }</p>
            if count > 0 { <ol class="edit-cards">{ for items }</ol> }
            <div class="button-group button-group--small">{ add }</div>
        </section>
    }
}

#[component]
fn Exhibits(props: &IndexProps) -> Html {
    let ctx = use_form_ctx();
    let array = child(&scene(props.index), "exhibit");
    let count = ctx.doc.count(&array);
    let add_id = format!("{}-add", field_id(&array, None));
    let kinds = Rc::new(
        ExhibitKind::ALL
            .iter()
            .map(|k| (k.id().to_string(), k.label().to_string()))
            .collect::<Vec<_>>(),
    );
    let items = (0..count).map(|e| {
        let path = nth(&array, e);
        let card = field_id(&path, None);
        let entries = child(&path, "entry");
        let entry_count = ctx.doc.count(&entries);
        let entry_add = format!("{}-add", field_id(&entries, None));
        let rows = (0..entry_count).map(|r| {
            let row = nth(&entries, r);
            let row_card = field_id(&row, None);
            html! {
                <li class="edit-card edit-card--entry" id={row_card.clone()} tabindex="-1" key={format!("entry-{r}")}>
                    <h6 class="edit-card__title">{ format!("Entry {}", r + 1) }</h6>
                    { card_messages(&ctx, &row_card) }
                    { text(&ctx, &row, "at", Spec::new("When (optional)").hint("e.g. Last Friday, 02:03").optional().short()) }
                    { text(&ctx, &row, "from", Spec::new("From, or the question (optional)").optional().story(1)) }
                    { text(&ctx, &row, "text", Spec::new("Text").story(2)) }
                    { card_buttons(&ctx, &entries, r, entry_count, "entry", entry_add.clone()) }
                </li>
            }
        });
        let add_entry = {
            let entries = entries.clone();
            change_button(&ctx, Some(entry_add.clone()), "Add an entry", &format!("to exhibit {}", e + 1), "Added an exhibit entry", Some(field_id(&nth(&entries, entry_count), Some("at"))), move |doc| {
                doc.insert(&entries, usize::MAX, &Element::default().with("text", Value::str("")))
            })
        };
        html! {
            <li class="edit-card" id={card.clone()} tabindex="-1" key={format!("exhibit-{e}")}>
                <h5 class="edit-card__title">{ format!("Exhibit {}", e + 1) }</h5>
                { card_messages(&ctx, &card) }
                { text(&ctx, &path, "id", Spec::new("Id").short()) }
                { choice(&ctx, &path, "kind", Spec::new("Kind"), kinds.clone(), Some("Choose a kind")) }
                { text(&ctx, &path, "title", Spec::new("Title").story(1)) }
                { text(&ctx, &path, "text", Spec::new("Text (optional)").optional().story(3)) }
                <h6 class="heading-s">{ "Entries" }</h6>
                <p class="hint">{ "Rows of the exhibit: a message, a call, a question on a form and its answer." }</p>
                if entry_count > 0 { <ol class="edit-cards">{ for rows }</ol> }
                <div class="button-group button-group--small">{ add_entry }</div>
                { card_buttons(&ctx, &array, e, count, "exhibit", add_id.clone()) }
            </li>
        }
    });
    let add = {
        let array = array.clone();
        let ids: Vec<String> = (0..count)
            .map(|e| ctx.doc.str(&nth(&array, e), "id").to_string())
            .collect();
        let id = fresh_id(ids.iter().map(String::as_str), "exhibit");
        change_button(
            &ctx,
            Some(add_id.clone()),
            "Add an exhibit",
            "",
            "Added an exhibit",
            Some(field_id(&nth(&array, count), Some("id"))),
            move |doc| {
                doc.insert(
                    &array,
                    usize::MAX,
                    &Element::default()
                        .with("id", Value::str(id.clone()))
                        .with("kind", Value::str("document"))
                        .with("title", Value::str("")),
                )
            },
        )
    };
    html! {
        <section class="subform" aria-labelledby={format!("{}-title", field_id(&array, None))}>
            <h4 class="heading-s" id={format!("{}-title", field_id(&array, None))}>{ "Exhibits" }</h4>
            <p class="hint">{ "Material the officer can open and read: messages, a call log, a statement, a risk form." }</p>
            if count > 0 { <ol class="edit-cards">{ for items }</ol> }
            <div class="button-group button-group--small">{ add }</div>
        </section>
    }
}

#[component]
fn EndingForm(props: &IndexProps) -> Html {
    let ctx = use_form_ctx();
    let path = ending(props.index);
    let notes = child(&path, "note");
    let count = ctx.doc.count(&notes);
    let card = field_id(&path, None);
    let add_id = format!("{}-add", field_id(&notes, None));
    let items = (0..count).map(|m| {
        let note = nth(&notes, m);
        let note_card = field_id(&note, None);
        html! {
            <li class="edit-card" id={note_card.clone()} tabindex="-1" key={format!("note-{m}")}>
                <h5 class="edit-card__title">{ format!("Note {}", m + 1) }</h5>
                { card_messages(&ctx, &note_card) }
                <ConditionsField path={Rc::new(note.clone())} legend="Shown only when all of these hold" />
                { text(&ctx, &note, "text", Spec::new("Text").story(3)) }
                <ClaimsField path={Rc::new(note.clone())} />
                { card_buttons(&ctx, &notes, m, count, "note", add_id.clone()) }
            </li>
        }
    });
    let add = {
        let notes = notes.clone();
        change_button(
            &ctx,
            Some(add_id.clone()),
            "Add a note",
            "",
            "Added an ending note",
            Some(format!(
                "{}-new-kind",
                field_id(&nth(&notes, count), Some("when"))
            )),
            move |doc| {
                doc.insert(
                    &notes,
                    usize::MAX,
                    &Element::default()
                        .with("when", Value::List(vec![]))
                        .with("text", Value::str("")),
                )
            },
        )
    };
    html! {
        <section class="subform" id={card.clone()} tabindex="-1" aria-labelledby={format!("{card}-title")}>
            <h4 class="heading-s" id={format!("{card}-title")}>{ "Ending" }</h4>
            { card_messages(&ctx, &card) }
            { text(&ctx, &path, "outcome", Spec::new("Outcome").hint("One line: what happened next.").story(2)) }
            { text(&ctx, &path, "debrief", Spec::new("Debrief").hint("True whoever reaches this ending. What the officer did or missed goes in notes below.").story(6)) }
            <ClaimsField path={Rc::new(path.clone())} />
            <h5 class="heading-s">{ "Notes" }</h5>
            <p class="hint">{ "Paragraphs shown only when their conditions hold, each claiming what it says the officer did, so an ending never tells the officer something untrue." }</p>
            if count > 0 { <ol class="edit-cards">{ for items }</ol> }
            <div class="button-group button-group--small">{ add }</div>
        </section>
    }
}
