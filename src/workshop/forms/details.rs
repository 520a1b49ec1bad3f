//! The forms for the top of the file: the scenario's details, its cast and
//! their variants, and its key actions.

use super::fields::{action, choice, field_with, messages, text, Spec};
use super::pickers::CiteField;
use super::{use_form_ctx, Change, FormCtx, PANEL_HEADING};
use crate::core::edit::scenario::{
    cast_role, field_id, fresh_id, key_actions, nth, rename_key_action,
};
use crate::core::edit::{Doc, Element, Node, Path, Value};
use crate::core::model::Role;
use crate::core::validate::competency_ids;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A button that makes a structural change and then focuses an element.
pub fn change_button(
    ctx: &FormCtx,
    id: Option<String>,
    words: &str,
    about: &str,
    what: &str,
    focus: Option<String>,
    edit: impl Fn(&Doc) -> Result<String, crate::core::edit::EditError> + 'static,
) -> Html {
    let on_change = ctx.on_change.clone();
    let edit = Rc::new(edit);
    let what = what.to_string();
    let onclick = Callback::from(move |_: MouseEvent| {
        let edit = edit.clone();
        let mut change = Change::new(what.clone(), move |doc: &Doc| edit(doc));
        change.focus = focus.clone();
        on_change.emit(change);
    });
    action(id, words, about, onclick)
}

#[component]
pub fn DetailsForm() -> Html {
    let ctx = use_form_ctx();
    let root: Path = Vec::new();
    let patterns = Rc::new(
        ctx.framework
            .patterns
            .patterns
            .iter()
            .map(|p| (p.id.clone(), format!("{} ({})", p.name, p.id)))
            .collect::<Vec<_>>(),
    );
    let roles = Rc::new(
        Role::ALL
            .iter()
            .map(|r| (r.id().to_string(), r.label().to_string()))
            .collect::<Vec<_>>(),
    );
    html! {
        <section class="form" id={field_id(&root, None)} tabindex="-1" aria-labelledby={PANEL_HEADING}>
            <h3 class="heading-m" id={PANEL_HEADING} tabindex="-1">{ "Scenario details" }</h3>
            { messages(&field_id(&root, None), ctx.problems.get(&field_id(&root, None)).map_or(&[][..], |v| v.as_slice())) }
            { text(&ctx, &root, "title", Spec::new("Title").hint("Shown on the home page.")) }
            { text(&ctx, &root, "id", Spec::new("Id").hint("Lowercase letters, digits and hyphens, e.g. doorstep-flowers. The file is saved as this id with .toml.").short()) }
            { text(&ctx, &root, "summary", Spec::new("Summary").hint("One paragraph for the home page, in plain text with no placeholders.").rows(4)) }
            { choice(&ctx, &root, "pattern", Spec::new("Case pattern").hint("The pattern from the super-complaint this scenario follows."), patterns, Some("Choose a pattern")) }
            { choice(&ctx, &root, "role", Spec::new("The officer's role"), roles, Some("Choose a role")) }
            { text(&ctx, &root, "minutes", Spec::new("Minutes to complete").hint("An honest estimate, as a whole number.").number()) }
            { text(&ctx, &root, "version", Spec::new("Version").hint("Raise it (1.0 to 1.1) whenever you change a published file.").short()) }
            { text(&ctx, &root, "content_note", Spec::new("Content note").hint("What the scenario contains and where to get support, e.g. the National Stalking Helpline, 0808 802 0300.").rows(4)) }
            { choice(&ctx, &root, "start", Spec::new("First scene"), ctx.scene_choices(), Some("Choose a scene")) }
            { text(&ctx, &root, "clock_start", Spec::new("Clock at the start (optional)").hint("Day and time, e.g. Day 1 16:40. Left empty, Day 1 09:00.").optional().short()) }
        </section>
    }
}

fn variant_label(key: &str) -> String {
    match key {
        "name" => "Full name".into(),
        "first" => "First name".into(),
        "pronouns" => "Pronouns".into(),
        other => format!("{} (placeholder key)", other.replace('_', " ")),
    }
}

#[component]
pub fn CastForm() -> Html {
    let ctx = use_form_ctx();
    let new_role = use_node_ref();
    let roles: Vec<String> = match ctx.doc.table(&[crate::core::edit::k("cast")]) {
        Some(table) => table.entries.iter().map(|(role, _)| role.clone()).collect(),
        None => Vec::new(),
    };
    let add_role = {
        let on_change = ctx.on_change.clone();
        let new_role = new_role.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(input) = new_role.cast::<HtmlInputElement>() else {
                return;
            };
            let role = input.value().trim().to_lowercase().replace([' ', '-'], "_");
            if role.is_empty() || !crate::core::condition::is_name(&role) {
                return;
            }
            input.set_value("");
            let variant = Element::default()
                .with("name", Value::str(""))
                .with("first", Value::str(""))
                .with("pronouns", Value::str("she"));
            let focus = field_id(&nth(&cast_role(&role), 0), Some("name"));
            on_change.emit(
                Change::new(format!("Added the cast role {role}"), move |doc: &Doc| {
                    doc.insert(&cast_role(&role), usize::MAX, &variant)
                })
                .then_focus(focus),
            );
        })
    };
    html! {
        <section class="form" aria-labelledby={PANEL_HEADING}>
            <h3 class="heading-m" id={PANEL_HEADING} tabindex="-1">{ "Cast" }</h3>
            <p class="body">{ "Each role (the victim, the suspect, anyone else) has one or more variants; each run picks one of each, so the same scenario reads differently. Every variant of a role has the same keys, and each key becomes a placeholder, e.g. {victim.first}." }</p>
            { for roles.iter().map(|role| html! { <RoleForm role={role.clone()} key={role.clone()} /> }) }
            <div class="adder adder--row">
                <div class="form-group form-group--inline">
                    <label class="label-block" for="cast-new-role">{ "New role" }</label>
                    <p class="hint" id="cast-new-role-hint">{ "One word, e.g. victim, suspect or sister." }</p>
                    <input class="input input--medium" id="cast-new-role" type="text" autocomplete="off" spellcheck="false" aria-describedby="cast-new-role-hint" ref={new_role} />
                </div>
                { action(Some("cast-add-role".into()), "Add role", "", add_role) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RoleProps {
    role: String,
}

#[component]
fn RoleForm(props: &RoleProps) -> Html {
    let ctx = use_form_ctx();
    let new_key = use_node_ref();
    let role = props.role.clone();
    let array = cast_role(&role);
    let count = ctx.doc.count(&array);
    let keys: Vec<String> = match ctx.doc.node(&array) {
        Some(Node::Tables(list)) => {
            let mut keys: Vec<String> = Vec::new();
            for table in list {
                for (key, _) in &table.entries {
                    if !keys.contains(key) {
                        keys.push(key.clone());
                    }
                }
            }
            keys
        }
        _ => Vec::new(),
    };
    let pronouns = Rc::new(vec![
        ("she".to_string(), "she, her".to_string()),
        ("he".to_string(), "he, him".to_string()),
        ("they".to_string(), "they, them".to_string()),
    ]);
    let variants = (0..count).map(|n| {
        let path = nth(&array, n);
        let card = field_id(&path, None);
        let fields = keys.iter().map(|key| {
            if key == "pronouns" {
                choice(
                    &ctx,
                    &path,
                    key,
                    Spec::new("Pronouns"),
                    pronouns.clone(),
                    Some("Choose pronouns"),
                )
            } else {
                let label = variant_label(key);
                text(&ctx, &path, key, Spec::new(&label).short())
            }
        });
        let remove = {
            let path = path.clone();
            change_button(
                &ctx,
                None,
                "Remove this variant",
                &format!("{role} {}", n + 1),
                &format!("Removed a variant of {}", props.role),
                Some("cast-add-role".into()),
                move |doc| doc.remove(&path),
            )
        };
        html! {
            <li class="edit-card" id={card.clone()} tabindex="-1" key={format!("{role}-{n}")}>
                <h5 class="edit-card__title">{ format!("{role}, variant {}", n + 1) }</h5>
                { messages(&card, ctx.problems.get(&card).map_or(&[][..], |v| v.as_slice())) }
                { for fields }
                <div class="button-group button-group--small">{ remove }</div>
            </li>
        }
    });
    let add_variant = {
        let keys = keys.clone();
        let array = array.clone();
        let focus = field_id(&nth(&array, count), Some("name"));
        change_button(
            &ctx,
            Some(format!("cast-{role}-add")),
            &format!("Add a variant of {role}"),
            "",
            &format!("Added a variant of {role}"),
            Some(focus),
            move |doc| {
                let mut element = Element::default();
                for key in &keys {
                    element =
                        element.with(key, Value::str(if key == "pronouns" { "she" } else { "" }));
                }
                doc.insert(&array, usize::MAX, &element)
            },
        )
    };
    let add_key = {
        let on_change = ctx.on_change.clone();
        let (new_key, array, role) = (new_key.clone(), array.clone(), role.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(input) = new_key.cast::<HtmlInputElement>() else {
                return;
            };
            let key = input.value().trim().to_lowercase().replace([' ', '-'], "_");
            if key.is_empty() || !crate::core::condition::is_name(&key) {
                return;
            }
            input.set_value("");
            let array = array.clone();
            let focus = field_id(&nth(&array, 0), Some(&key));
            on_change.emit(
                Change::new(format!("Added {key} to every {role}"), move |doc: &Doc| {
                    let mut text = doc.text.clone();
                    for n in 0..doc.count(&array) {
                        let now = Doc::parse(&text).map_err(|_| {
                            crate::core::edit::EditError("the file stopped reading as TOML".into())
                        })?;
                        if !now.has(&nth(&array, n), &key) {
                            text = now.set(&nth(&array, n), &key, Some(&Value::str("")))?;
                        }
                    }
                    Ok(text)
                })
                .then_focus(focus),
            );
        })
    };
    let extra: Vec<&String> = keys
        .iter()
        .filter(|k| !["name", "first", "pronouns"].contains(&k.as_str()))
        .collect();
    let remove_keys = extra.iter().map(|key| {
        let (array, key) = (array.clone(), (*key).clone());
        change_button(
            &ctx,
            Some(format!("cast-{role}-remove-{key}")),
            &format!("Remove {key}"),
            &format!("from every {role}"),
            &format!("Removed {key} from every {role}"),
            Some(format!("cast-{role}-new-key")),
            move |doc| {
                let mut text = doc.text.clone();
                for n in 0..doc.count(&array) {
                    let now = Doc::parse(&text).map_err(|_| {
                        crate::core::edit::EditError("the file stopped reading as TOML".into())
                    })?;
                    text = now.set(&nth(&array, n), &key, None)?;
                }
                Ok(text)
            },
        )
    });
    html! {
        <section class="cast-role" aria-labelledby={format!("cast-{role}-title")}>
            <h4 class="heading-s" id={format!("cast-{role}-title")}>{ format!("Role: {role}") }</h4>
            <ol class="edit-cards">{ for variants }</ol>
            <div class="button-group button-group--small">{ add_variant }{ for remove_keys }</div>
            <div class="adder adder--row">
                <div class="form-group form-group--inline">
                    <label class="label-block" for={format!("cast-{role}-new-key")}>{ format!("New key for every {role}") }</label>
                    <p class="hint" id={format!("cast-{role}-new-key-hint")}>{ format!("e.g. work or car; it becomes {{{role}.work}}.") }</p>
                    <input class="input input--medium" id={format!("cast-{role}-new-key")} type="text" autocomplete="off" spellcheck="false" aria-describedby={format!("cast-{role}-new-key-hint")} ref={new_key} />
                </div>
                { action(Some(format!("cast-{role}-add-key")), "Add key", &format!("to every {role}"), add_key) }
            </div>
        </section>
    }
}

#[component]
pub fn KeyActionsForm() -> Html {
    let ctx = use_form_ctx();
    let array = key_actions();
    let count = ctx.doc.count(&array);
    let competencies = Rc::new(
        competency_ids(&ctx.framework)
            .into_iter()
            .map(|id| {
                let name = ctx
                    .framework
                    .competency(&id)
                    .map_or_else(|| id.clone(), |c| c.name.clone());
                (id, name)
            })
            .collect::<Vec<_>>(),
    );
    let items = (0..count).map(|n| {
        let path = nth(&array, n);
        let card = field_id(&path, None);
        let rename = {
            let on_change = ctx.on_change.clone();
            let id = field_id(&path, Some("id"));
            Callback::from(move |new_id: String| {
                let new_id = new_id.trim().to_string();
                on_change.emit(Change::new("Renamed a key action", move |doc: &Doc| rename_key_action(doc, n, &new_id)).of_field(&id));
            })
        };
        let up = { let p = path.clone(); change_button(&ctx, Some(format!("{card}-up")), "Move up", &format!("key action {}", n + 1), "Moved a key action up", Some(format!("{}-up", field_id(&nth(&array, n.saturating_sub(1)), None))), move |d| d.swap(&p, true)) };
        let down = { let p = path.clone(); change_button(&ctx, Some(format!("{card}-down")), "Move down", &format!("key action {}", n + 1), "Moved a key action down", Some(format!("{}-down", field_id(&nth(&array, n + 1), None))), move |d| d.swap(&p, false)) };
        let remove = { let p = path.clone(); change_button(&ctx, None, "Remove", &format!("key action {}", n + 1), "Removed a key action", Some("key-actions-add".into()), move |d| d.remove(&p)) };
        html! {
            <li class="edit-card" id={card.clone()} tabindex="-1" key={format!("ka-{n}")}>
                <h4 class="edit-card__title">{ format!("Key action {}", n + 1) }</h4>
                { messages(&card, ctx.problems.get(&card).map_or(&[][..], |v| v.as_slice())) }
                { field_with(&ctx, &path, "id", Spec::new("Id").hint("Renaming it renames it everywhere it is achieved, claimed or checked.").short(), rename) }
                { text(&ctx, &path, "text", Spec::new("What the officer did").story(2)) }
                { choice(&ctx, &path, "competency", Spec::new("Competency"), competencies.clone(), Some("Choose a competency")) }
                { text(&ctx, &path, "why", Spec::new("Why it matters").rows(3)) }
                <CiteField path={Rc::new(path.clone())} legend="Sources" />
                <div class="button-group button-group--small">
                    if n > 0 { { up } }
                    if n + 1 < count { { down } }
                    { remove }
                </div>
            </li>
        }
    });
    let add = {
        let ids: Vec<String> = (0..count)
            .map(|n| ctx.doc.str(&nth(&array, n), "id").to_string())
            .collect();
        let id = fresh_id(ids.iter().map(String::as_str), "key-action");
        let focus = field_id(&nth(&array, count), Some("id"));
        let array = array.clone();
        change_button(
            &ctx,
            Some("key-actions-add".into()),
            "Add a key action",
            "",
            "Added a key action",
            Some(focus),
            move |doc| {
                doc.insert(
                    &array,
                    usize::MAX,
                    &Element::default()
                        .with("id", Value::str(id.clone()))
                        .with("text", Value::str(""))
                        .with("competency", Value::str(""))
                        .with("why", Value::str(""))
                        .with("cite", Value::str("")),
                )
            },
        )
    };
    html! {
        <section class="form" aria-labelledby={PANEL_HEADING}>
            <h3 class="heading-m" id={PANEL_HEADING} tabindex="-1">{ "Key actions" }</h3>
            <p class="body">{ "The few things a competent response must include. An option achieves one by ticking it; the report lists any an officer missed, with why it matters and its source." }</p>
            if count > 0 { <ol class="edit-cards">{ for items }</ol> }
            <div class="button-group">{ add }</div>
        </section>
    }
}
