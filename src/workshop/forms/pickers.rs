//! Fields built from lists rather than typed: citations from the real
//! sections of the guidance, conditions and claims from the names the
//! scenario already has, practices from the catalogue with their treatment,
//! destinations from the scenes (or a new scene made on the spot), points
//! per competency, and routes.

use super::fields::{action, group, messages, SelectField, TextField};
use super::{use_form_ctx, Change, Edit, FormCtx};
use crate::core::condition::is_name;
use crate::core::edit::scenario::{
    add_scene_from, child, cite_parts, cite_text, field_id, fresh_id, note_shown, nth, slug,
    CitePart, ConditionKind, ConditionParts, COMPARISONS,
};
use crate::core::edit::{Doc, Element, Path, Seg, Value};
use crate::core::framework::Treatment;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A change to a list of parts, made on the list as the file has it.
type Update<T> = Rc<dyn Fn(&mut Vec<T>)>;

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn select_value(node: &NodeRef) -> String {
    node.cast::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

fn set_list(
    on_change: &Callback<Change>,
    what: &str,
    path: &[Seg],
    key: &str,
    field: &str,
    update: impl Fn(&mut Vec<String>) + 'static,
) {
    let (path, key) = (path.to_vec(), key.to_string());
    on_change.emit(
        Change::new(what.to_string(), move |doc: &Doc| {
            let mut items = doc.strs(&path, &key);
            update(&mut items);
            let value = (!items.is_empty()).then(|| Value::strs(&items));
            doc.set(&path, &key, value.as_ref())
        })
        .of_field(field),
    );
}

#[derive(Properties, PartialEq, Clone)]
pub struct AtProps {
    pub path: Rc<Path>,
    #[prop_or("cite".into())]
    pub field: AttrValue,
    #[prop_or("Sources".into())]
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// The sections a citation names, each chosen from `guidance.toml`.
#[component]
pub fn CiteField(props: &AtProps) -> Html {
    let ctx = use_form_ctx();
    let filter = use_state(String::new);
    let section = use_node_ref();
    let note = use_node_ref();
    let Some(guidance) = ctx.framework.guidance.as_ref() else {
        return html! { <p class="body">{ "The guidance file is not loaded, so citations cannot be chosen here." }</p> };
    };
    let known: Rc<Vec<String>> =
        Rc::new(guidance.sections.iter().map(|s| s.cite.clone()).collect());
    let (path, key) = (props.path.to_vec(), props.field.to_string());
    let id = field_id(&path, Some(&key));
    let parts = {
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        cite_parts(ctx.doc.str(&path, &key), &known)
    };
    let write = {
        let on_change = ctx.on_change.clone();
        let (path, key, id, known) = (path.clone(), key.clone(), id.clone(), known.clone());
        move |what: &str, update: Update<CitePart>| {
            let (path, key, known) = (path.clone(), key.clone(), known.clone());
            on_change.emit(
                Change::new(what.to_string(), move |doc: &Doc| {
                    let known: Vec<&str> = known.iter().map(String::as_str).collect();
                    let mut parts = cite_parts(doc.str(&path, &key), &known);
                    update(&mut parts);
                    let text = cite_text(&parts);
                    doc.set(
                        &path,
                        &key,
                        (!text.is_empty()).then(|| Value::str(text)).as_ref(),
                    )
                })
                .of_field(&id),
            );
        }
    };
    let write = Rc::new(write);
    let rows = parts.iter().enumerate().map(|(n, part)| {
        let title = guidance.section(&part.section).map_or("not a section of the guidance", |s| s.title.as_str());
        let note_id = format!("{id}-note-{n}");
        let on_note = {
            let write = write.clone();
            Callback::from(move |text: String| {
                write("Changed a citation's note", Rc::new(move |parts: &mut Vec<CitePart>| {
                    if let Some(p) = parts.get_mut(n) {
                        p.note = text.trim().to_string();
                    }
                }));
            })
        };
        let remove = {
            let write = write.clone();
            Callback::from(move |_: MouseEvent| {
                write("Removed a citation", Rc::new(move |parts: &mut Vec<CitePart>| {
                    if n < parts.len() {
                        parts.remove(n);
                    }
                }));
            })
        };
        html! {
            <li class="chosen__item" key={format!("{n}-{}", part.section)}>
                <p class="chosen__text"><strong>{ &part.section }</strong>{ format!(": {title}") }</p>
                <div class="chosen__controls">
                    <TextField id={note_id} label={format!("Note on {}", part.section)} value={note_shown(&part.note).to_string()} width={Some("input--medium")} on_commit={on_note} />
                    { action(Some(format!("{id}-remove-{n}")), "Remove", &format!("the citation {}", part.section), remove) }
                </div>
            </li>
        }
    });
    let words = filter.to_lowercase();
    let shown: Vec<_> = guidance
        .sections
        .iter()
        .filter(|s| {
            words.is_empty()
                || s.cite.to_lowercase().contains(&words)
                || s.title.to_lowercase().contains(&words)
        })
        .collect();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let add = {
        let (section, note, write) = (section.clone(), note.clone(), write.clone());
        Callback::from(move |_: MouseEvent| {
            let chosen = select_value(&section);
            if chosen.is_empty() {
                return;
            }
            let note_text = input_value(&note);
            if let Some(input) = note.cast::<HtmlInputElement>() {
                input.set_value("");
            }
            write(
                "Added a citation",
                Rc::new(move |parts: &mut Vec<CitePart>| {
                    parts.push(CitePart {
                        section: chosen.clone(),
                        note: note_text.trim().to_string(),
                    });
                }),
            );
        })
    };
    let body = html! {
        <>
            if parts.is_empty() {
                <p class="body chosen__none">{ "No source cited yet." }</p>
            } else {
                <ul class="chosen">{ for rows }</ul>
            }
            <div class="adder">
                <h5 class="adder__title">{ "Add a source" }</h5>
                <div class="form-group">
                    <label class="label-block" for={format!("{id}-find")}>{ "Find a section" }</label>
                    <p class="hint" id={format!("{id}-find-hint")}>{ "Type a section number or words from its title to shorten the list." }</p>
                    <input class="input input--medium" id={format!("{id}-find")} type="search" autocomplete="off" aria-describedby={format!("{id}-find-hint")} value={(*filter).clone()} oninput={on_filter} />
                </div>
                <div class="form-group">
                    <label class="label-block" for={format!("{id}-section")}>{ format!("Section ({} shown)", shown.len()) }</label>
                    <select class="select select--wide" id={format!("{id}-section")} ref={section}>
                        { for shown.iter().map(|s| html! { <option value={s.cite.clone()}>{ format!("{}: {}", s.cite, s.title) }</option> }) }
                    </select>
                </div>
                <div class="form-group">
                    <label class="label-block" for={format!("{id}-new-note")}>{ "Note (optional)" }</label>
                    <p class="hint" id={format!("{id}-new-note-hint")}>{ "Shown in brackets after the section, e.g. S-DASH." }</p>
                    <input class="input input--medium" id={format!("{id}-new-note")} type="text" autocomplete="off" aria-describedby={format!("{id}-new-note-hint")} ref={note} />
                </div>
                { action(Some(format!("{id}-add")), "Add source", "", add) }
            </div>
        </>
    };
    group(&ctx, &id, &props.legend, props.hint.as_deref(), body)
}

/// A condition's choices for its name, by kind.
fn name_choices(ctx: &FormCtx, kind: ConditionKind) -> Vec<(String, String)> {
    ConditionParts::names(kind, &ctx.symbols)
        .into_iter()
        .map(|name| {
            let words = match kind {
                ConditionKind::Done | ConditionKind::NotDone => ctx
                    .symbols
                    .key_actions
                    .iter()
                    .find(|(id, _)| id == name)
                    .map(|(_, text)| format!("{name}: key action, {text}"))
                    .or_else(|| {
                        ctx.framework
                            .practice(name)
                            .map(|p| format!("{name}: practice, {}", p.text))
                    })
                    .unwrap_or_else(|| name.to_string()),
                _ => name.to_string(),
            };
            (name.to_string(), words)
        })
        .collect()
}

fn none_of(kind: ConditionKind) -> &'static str {
    match kind {
        ConditionKind::FlagSet | ConditionKind::FlagNotSet => "This scenario sets no flags yet. Set one with \u{201c}Flags to set\u{201d} on an option or a scene first.",
        ConditionKind::Counter => "This scenario changes no counters yet. Change one with \u{201c}Counters\u{201d} on an option first.",
        ConditionKind::Since => "This scenario records no marks yet. Record one with \u{201c}Marks\u{201d} on an option first.",
        ConditionKind::Done | ConditionKind::NotDone => "This scenario has no key actions and its options show no practices yet.",
        ConditionKind::Elapsed => "",
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct ConditionsProps {
    pub path: Rc<Path>,
    #[prop_or("when".into())]
    pub field: AttrValue,
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// A list of conditions, each built from parts: what kind, which name the
/// scenario already uses, and a comparison. All must hold.
#[component]
pub fn ConditionsField(props: &ConditionsProps) -> Html {
    let ctx = use_form_ctx();
    let (path, key) = (props.path.to_vec(), props.field.to_string());
    let id = field_id(&path, Some(&key));
    let items = ctx.doc.strs(&path, &key);
    let replace = |n: usize| {
        let on_change = ctx.on_change.clone();
        let (path, key, id) = (path.clone(), key.clone(), id.clone());
        Callback::from(move |text: String| {
            set_list(
                &on_change,
                "Changed a condition",
                &path,
                &key,
                &id,
                move |items| {
                    if let Some(item) = items.get_mut(n) {
                        *item = text.clone();
                    }
                },
            );
        })
    };
    let remove = |n: usize| {
        let on_change = ctx.on_change.clone();
        let (path, key, id) = (path.clone(), key.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            set_list(
                &on_change,
                "Removed a condition",
                &path,
                &key,
                &id,
                move |items| {
                    if n < items.len() {
                        items.remove(n);
                    }
                },
            );
        })
    };
    let rows = items.iter().enumerate().map(|(n, item)| {
        let row_id = format!("{id}-{n}");
        let editor = match ConditionParts::read(item) {
            Some(parts) => html! { <ConditionRow id={row_id.clone()} parts={Rc::new(parts)} on_commit={replace(n)} /> },
            None => html! {
                <TextField id={row_id.clone()} label={format!("Condition {} (the checker cannot read it)", n + 1)} value={item.clone()} on_commit={replace(n)} />
            },
        };
        html! {
            <li class="condition" key={format!("{n}-{item}")}>
                { editor }
                { action(Some(format!("{id}-remove-{n}")), "Remove", &format!("condition {}, {item}", n + 1), remove(n)) }
            </li>
        }
    });
    let add = {
        let on_change = ctx.on_change.clone();
        let (path, key, id) = (path.clone(), key.clone(), id.clone());
        Callback::from(move |text: String| {
            set_list(
                &on_change,
                "Added a condition",
                &path,
                &key,
                &id,
                move |items| items.push(text.clone()),
            );
        })
    };
    let body = html! {
        <>
            if items.is_empty() {
                <p class="body chosen__none">{ "No conditions: it always applies." }</p>
            } else {
                <ol class="conditions">{ for rows }</ol>
            }
            <div class="adder">
                <h5 class="adder__title">{ "Add a condition" }</h5>
                <NewCondition id={format!("{id}-new")} on_add={add} />
            </div>
        </>
    };
    group(&ctx, &id, &props.legend, props.hint.as_deref(), body)
}

#[derive(Properties, PartialEq, Clone)]
struct RowProps {
    id: AttrValue,
    parts: Rc<ConditionParts>,
    on_commit: Callback<String>,
}

/// The controls of one condition: kind, name, comparison, value.
fn condition_controls(
    ctx: &FormCtx,
    id: &str,
    parts: &ConditionParts,
    on_parts: Callback<ConditionParts>,
) -> Html {
    let kind_change = {
        let (on_parts, parts) = (on_parts.clone(), parts.clone());
        let names: Vec<(ConditionKind, Vec<String>)> = ConditionKind::ALL
            .iter()
            .map(|k| {
                (
                    *k,
                    name_choices(ctx, *k).into_iter().map(|(n, _)| n).collect(),
                )
            })
            .collect();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let Some(kind) = ConditionKind::from_code(&select.value()) else {
                return;
            };
            let choices = names
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, n)| n.as_slice())
                .unwrap_or(&[]);
            // A flag stays the same flag from "set" to "not set", and so on.
            let name = if choices.contains(&parts.name) {
                parts.name.clone()
            } else {
                choices.first().cloned().unwrap_or_default()
            };
            let mut next = ConditionParts {
                kind,
                name: if kind.has_name() { name } else { String::new() },
                compare: if parts.compare.is_empty() {
                    ">=".into()
                } else {
                    parts.compare.clone()
                },
                value: parts.value.clone(),
            };
            next.value = match kind {
                ConditionKind::Counter if next.value.parse::<i64>().is_err() => "1".into(),
                ConditionKind::Elapsed | ConditionKind::Since
                    if crate::core::condition::parse_duration(&next.value).is_err() =>
                {
                    "1d".into()
                }
                _ => next.value,
            };
            on_parts.emit(next);
        })
    };
    let name_change = {
        let (on_parts, parts) = (on_parts.clone(), parts.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on_parts.emit(ConditionParts {
                name: select.value(),
                ..parts.clone()
            });
        })
    };
    let compare_change = {
        let (on_parts, parts) = (on_parts.clone(), parts.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on_parts.emit(ConditionParts {
                compare: select.value(),
                ..parts.clone()
            });
        })
    };
    let value_change = {
        let (on_parts, parts) = (on_parts.clone(), parts.clone());
        Callback::from(move |text: String| {
            on_parts.emit(ConditionParts {
                value: text.trim().to_string(),
                ..parts.clone()
            });
        })
    };
    let names = name_choices(ctx, parts.kind);
    let known = names.iter().any(|(n, _)| *n == parts.name);
    let duration = matches!(parts.kind, ConditionKind::Elapsed | ConditionKind::Since);
    html! {
        <div class="condition__parts">
            <div class="form-group form-group--inline">
                <label class="label-block" for={format!("{id}-kind")}>{ "Kind" }</label>
                <select class="select" id={format!("{id}-kind")} onchange={kind_change}>
                    { for ConditionKind::ALL.iter().map(|k| html! { <option value={k.code()} selected={*k == parts.kind}>{ k.label() }</option> }) }
                </select>
            </div>
            if parts.kind.has_name() {
                <div class="form-group form-group--inline">
                    <label class="label-block" for={format!("{id}-name")}>{ "Which" }</label>
                    if names.is_empty() && parts.name.is_empty() {
                        <p class="hint" id={format!("{id}-name")}>{ none_of(parts.kind) }</p>
                    } else {
                        <select class="select select--wide" id={format!("{id}-name")} onchange={name_change}>
                            if !known {
                                <option value={parts.name.clone()} selected=true>{ format!("{} (not used elsewhere in this scenario)", parts.name) }</option>
                            }
                            { for names.iter().map(|(n, words)| html! { <option value={n.clone()} selected={*n == parts.name}>{ words }</option> }) }
                        </select>
                    }
                </div>
            }
            if parts.kind.compares() {
                <div class="form-group form-group--inline">
                    <label class="label-block" for={format!("{id}-compare")}>{ "Compared" }</label>
                    <select class="select" id={format!("{id}-compare")} onchange={compare_change}>
                        { for COMPARISONS.iter().map(|(op, words)| html! { <option value={*op} selected={*op == parts.compare}>{ format!("{words} ({op})") }</option> }) }
                    </select>
                </div>
                <div class="form-group--inline">
                    <TextField
                        id={format!("{id}-value")}
                        label={if duration { "Time (e.g. 30m, 12h, 14d)" } else { "Number" }}
                        value={parts.value.clone()}
                        width={Some("input--short")}
                        list={duration.then(|| AttrValue::from("durations-list"))}
                        inputmode={(!duration).then_some("numeric")}
                        on_commit={value_change}
                    />
                </div>
            }
        </div>
    }
}

#[component]
fn ConditionRow(props: &RowProps) -> Html {
    let ctx = use_form_ctx();
    let on_parts = {
        let on_commit = props.on_commit.clone();
        Callback::from(move |parts: ConditionParts| on_commit.emit(parts.text()))
    };
    condition_controls(&ctx, &props.id, &props.parts, on_parts)
}

#[derive(Properties, PartialEq, Clone)]
struct NewProps {
    id: AttrValue,
    on_add: Callback<String>,
}

/// The parts of a condition not yet added: kept here until "Add condition".
#[component]
fn NewCondition(props: &NewProps) -> Html {
    let ctx = use_form_ctx();
    let first_kind = ConditionKind::ALL
        .into_iter()
        .find(|k| !k.has_name() || !name_choices(&ctx, *k).is_empty())
        .unwrap_or(ConditionKind::Elapsed);
    let initial = {
        let name = name_choices(&ctx, first_kind)
            .first()
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        ConditionParts {
            kind: first_kind,
            name,
            compare: ">=".into(),
            value: if first_kind == ConditionKind::Elapsed {
                "1d".into()
            } else {
                String::new()
            },
        }
    };
    let parts = use_state(|| initial);
    let on_parts = {
        let parts = parts.clone();
        Callback::from(move |next: ConditionParts| parts.set(next))
    };
    let add = {
        let (parts, on_add) = (parts.clone(), props.on_add.clone());
        Callback::from(move |_: MouseEvent| {
            if parts.kind.has_name() && parts.name.is_empty() {
                return;
            }
            on_add.emit(parts.text());
        })
    };
    let ready = !(parts.kind.has_name() && parts.name.is_empty());
    html! {
        <>
            { condition_controls(&ctx, &props.id, &parts, on_parts) }
            <button type="button" class="button button--secondary button--small" id={format!("{}-add", props.id)} onclick={add} disabled={!ready}>
                { "Add condition" }
            </button>
        </>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct ClaimsProps {
    pub path: Rc<Path>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// What a text says the trainee did (or did not do): key actions and
/// practices, which the checker proves on every path.
#[component]
pub fn ClaimsField(props: &ClaimsProps) -> Html {
    let ctx = use_form_ctx();
    let did = use_node_ref();
    let which = use_node_ref();
    let path = props.path.to_vec();
    let id = field_id(&path, Some("claims"));
    let items = ctx.doc.strs(&path, "claims");
    let remove = |n: usize| {
        let on_change = ctx.on_change.clone();
        let (path, id) = (path.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            set_list(
                &on_change,
                "Removed a claim",
                &path,
                "claims",
                &id,
                move |items| {
                    if n < items.len() {
                        items.remove(n);
                    }
                },
            );
        })
    };
    let add = {
        let on_change = ctx.on_change.clone();
        let (path, id, did, which) = (path.clone(), id.clone(), did.clone(), which.clone());
        Callback::from(move |_: MouseEvent| {
            let name = select_value(&which);
            if name.is_empty() {
                return;
            }
            let claim = if select_value(&did) == "not" {
                format!("not {name}")
            } else {
                name
            };
            set_list(
                &on_change,
                "Added a claim",
                &path,
                "claims",
                &id,
                move |items| items.push(claim.clone()),
            );
        })
    };
    let names = name_choices(&ctx, ConditionKind::Done);
    let body = html! {
        <>
            if items.is_empty() {
                <p class="body chosen__none">{ "No claims." }</p>
            } else {
                <ul class="chosen">
                    { for items.iter().enumerate().map(|(n, item)| html! {
                        <li class="chosen__item" key={format!("{n}-{item}")}>
                            <p class="chosen__text">{ match item.strip_prefix("not ") { Some(id) => format!("Says the trainee did not: {id}"), None => format!("Says the trainee did: {item}") } }</p>
                            { action(Some(format!("{id}-remove-{n}")), "Remove", &format!("the claim {item}"), remove(n)) }
                        </li>
                    }) }
                </ul>
            }
            if names.is_empty() {
                <p class="hint">{ none_of(ConditionKind::Done) }</p>
            } else {
                <div class="adder adder--row">
                    <div class="form-group form-group--inline">
                        <label class="label-block" for={format!("{id}-did")}>{ "The text says the trainee" }</label>
                        <select class="select" id={format!("{id}-did")} ref={did}>
                            <option value="">{ "did" }</option>
                            <option value="not">{ "did not" }</option>
                        </select>
                    </div>
                    <div class="form-group form-group--inline">
                        <label class="label-block" for={format!("{id}-which")}>{ "Key action or practice" }</label>
                        <select class="select select--wide" id={format!("{id}-which")} ref={which}>
                            { for names.iter().map(|(n, words)| html! { <option value={n.clone()}>{ words }</option> }) }
                        </select>
                    </div>
                    { action(Some(format!("{id}-add")), "Add claim", "", add) }
                </div>
            }
        </>
    };
    group(&ctx, &id, "Claims", props.hint.as_deref().or(Some("What this text says the trainee did or did not do. The checker proves each claim on every path that shows the text.")), body)
}

#[derive(Properties, PartialEq, Clone)]
pub struct DestinationProps {
    pub path: Rc<Path>,
    pub field: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Choosing nothing takes the key out (an option using its decision's `goto`).
    #[prop_or_default]
    pub optional: bool,
}

/// Where something leads: a scene chosen from the list, or a new scene made
/// from here and connected in one step.
#[component]
pub fn DestinationField(props: &DestinationProps) -> Html {
    let ctx = use_form_ctx();
    let new_id = use_node_ref();
    let new_title = use_node_ref();
    let (path, key) = (props.path.to_vec(), props.field.to_string());
    let id = field_id(&path, Some(&key));
    let on_commit = {
        let on_change = ctx.on_change.clone();
        let (path, key, id) = (path.clone(), key.clone(), id.clone());
        let optional = props.optional;
        Callback::from(move |value: String| {
            let value = (!(optional && value.is_empty())).then(|| Value::str(value));
            let (path, key) = (path.clone(), key.clone());
            on_change.emit(
                Change::new("Changed where it leads", move |doc: &Doc| {
                    doc.set(&path, &key, value.as_ref())
                })
                .of_field(&id),
            );
        })
    };
    let create = {
        let on_change = ctx.on_change.clone();
        let (path, key, id) = (path.clone(), key.clone(), id.clone());
        let (new_id, new_title) = (new_id.clone(), new_title.clone());
        let taken: Vec<String> = ctx.scenes.iter().map(|s| s.id.clone()).collect();
        Callback::from(move |_: MouseEvent| {
            let title = input_value(&new_title).trim().to_string();
            let typed = input_value(&new_id).trim().to_string();
            let base = if typed.is_empty() {
                slug(&title)
            } else {
                typed
            };
            let scene_id = fresh_id(
                taken.iter().map(String::as_str),
                if base.is_empty() { "scene" } else { &base },
            );
            let title = if title.is_empty() {
                "New scene".to_string()
            } else {
                title
            };
            for node in [&new_id, &new_title] {
                if let Some(input) = node.cast::<HtmlInputElement>() {
                    input.set_value("");
                }
            }
            let (path, key) = (path.clone(), key.clone());
            on_change.emit(
                Change::new(
                    format!("Added the scene {scene_id} and led to it"),
                    move |doc: &Doc| add_scene_from(doc, &path, &key, &scene_id, &title),
                )
                .then_focus(id.clone()),
            );
        })
    };
    let blank = if props.optional {
        "None (use the decision's default)"
    } else {
        "Choose a scene"
    };
    html! {
        <div class="destination">
            <SelectField
                key={id.clone()}
                id={id.clone()}
                label={props.label.clone()}
                hint={props.hint.clone()}
                value={ctx.doc.str(&path, &key).to_string()}
                options={ctx.scene_choices()}
                blank={Some(AttrValue::from(blank))}
                {on_commit}
            />
            <details class="details">
                <summary class="details__summary" id={format!("{id}-new")}>{ "Or make a new scene to lead to" }</summary>
                <div class="details__text">
                    <div class="form-group">
                        <label class="label-block" for={format!("{id}-new-title")}>{ "Title of the new scene" }</label>
                        <input class="input" id={format!("{id}-new-title")} type="text" autocomplete="off" ref={new_title} />
                    </div>
                    <div class="form-group">
                        <label class="label-block" for={format!("{id}-new-id")}>{ "Id of the new scene" }</label>
                        <p class="hint" id={format!("{id}-new-id-hint")}>{ "Lowercase letters, digits and hyphens, e.g. before-you-leave. Left empty, it is made from the title." }</p>
                        <input class="input input--medium" id={format!("{id}-new-id")} type="text" autocomplete="off" spellcheck="false" aria-describedby={format!("{id}-new-id-hint")} ref={new_id} />
                    </div>
                    { action(Some(format!("{id}-create")), "Make the scene and lead to it", "", create) }
                </div>
            </details>
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct NamesProps {
    pub path: Rc<Path>,
    pub field: AttrValue,
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Only names the scenario already has (`clear`), or new ones too.
    #[prop_or_default]
    pub existing_only: bool,
}

/// Flags to set or clear, marks to record: a list of names. New names are
/// typed here, where they are made; conditions then choose them from a list.
#[component]
pub fn NamesField(props: &NamesProps) -> Html {
    let ctx = use_form_ctx();
    let entry = use_node_ref();
    let invalid = use_state(|| None::<String>);
    let (path, key) = (props.path.to_vec(), props.field.to_string());
    let id = field_id(&path, Some(&key));
    let items = ctx.doc.strs(&path, &key);
    let known: Vec<String> = match key.as_str() {
        "mark" => ctx.symbols.marks.iter().cloned().collect(),
        _ => ctx.symbols.flags.iter().cloned().collect(),
    };
    let remove = |n: usize| {
        let on_change = ctx.on_change.clone();
        let (path, key, id) = (path.clone(), key.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            set_list(
                &on_change,
                "Removed a name",
                &path,
                &key,
                &id,
                move |items| {
                    if n < items.len() {
                        items.remove(n);
                    }
                },
            );
        })
    };
    let add = {
        let on_change = ctx.on_change.clone();
        let (path, key, id, entry, invalid) = (
            path.clone(),
            key.clone(),
            id.clone(),
            entry.clone(),
            invalid.clone(),
        );
        let existing_only = props.existing_only;
        Callback::from(move |_: MouseEvent| {
            let name = if existing_only {
                select_value(&entry)
            } else {
                input_value(&entry).trim().to_string()
            };
            if !is_name(&name) {
                invalid.set(Some(format!("`{name}` cannot be a name: use lowercase letters, digits and _, e.g. pattern_drawn")));
                return;
            }
            invalid.set(None);
            if let Some(input) = entry.cast::<HtmlInputElement>() {
                input.set_value("");
            }
            set_list(&on_change, "Added a name", &path, &key, &id, move |items| {
                if !items.contains(&name) {
                    items.push(name.clone());
                }
            });
        })
    };
    let list_id = format!("{id}-known");
    let local: Vec<_> = invalid
        .iter()
        .map(|m| super::Problem {
            error: true,
            message: m.clone(),
            hint: None,
        })
        .collect();
    let body = html! {
        <>
            if items.is_empty() {
                <p class="body chosen__none">{ "None." }</p>
            } else {
                <ul class="chosen chosen--inline">
                    { for items.iter().enumerate().map(|(n, item)| html! {
                        <li class="chosen__item" key={format!("{n}-{item}")}>
                            <code class="chosen__name">{ item }</code>
                            { action(Some(format!("{id}-remove-{n}")), "Remove", &format!("{item} from {}", props.legend.to_lowercase()), remove(n)) }
                        </li>
                    }) }
                </ul>
            }
            <div class="adder adder--row">
                { messages(&format!("{id}-new"), &local) }
                if props.existing_only {
                    if known.is_empty() {
                        <p class="hint">{ none_of(ConditionKind::FlagSet) }</p>
                    } else {
                        <div class="form-group form-group--inline">
                            <label class="label-block" for={format!("{id}-new")}>{ "Flag" }</label>
                            <select class="select" id={format!("{id}-new")} ref={entry}>
                                { for known.iter().map(|n| html! { <option value={n.clone()}>{ n }</option> }) }
                            </select>
                        </div>
                        { action(Some(format!("{id}-add")), "Add", &props.legend.to_lowercase(), add) }
                    }
                } else {
                    <div class="form-group form-group--inline">
                        <label class="label-block" for={format!("{id}-new")}>{ "Name" }</label>
                        <input class="input input--medium" id={format!("{id}-new")} type="text" list={list_id.clone()} autocomplete="off" spellcheck="false" ref={entry}
                            aria-describedby={(!local.is_empty()).then(|| format!("{id}-new-error"))} />
                        <datalist id={list_id}>
                            { for known.iter().map(|n| html! { <option value={n.clone()} /> }) }
                        </datalist>
                    </div>
                    { action(Some(format!("{id}-add")), "Add", &props.legend.to_lowercase(), add) }
                }
            </div>
        </>
    };
    group(&ctx, &id, &props.legend, props.hint.as_deref(), body)
}

#[derive(Properties, PartialEq, Clone)]
pub struct PathProps {
    pub path: Rc<Path>,
}

/// Counters an option changes: `add = { missed = 1 }`.
#[component]
pub fn CountersField(props: &PathProps) -> Html {
    let ctx = use_form_ctx();
    let name = use_node_ref();
    let amount = use_node_ref();
    let path = props.path.to_vec();
    let id = field_id(&path, Some("add"));
    let items = ctx.doc.ints(&path, "add");
    let write = {
        let on_change = ctx.on_change.clone();
        let (path, id) = (path.clone(), id.clone());
        Rc::new(move |what: &str, update: Update<(String, i64)>| {
            let path = path.clone();
            on_change.emit(
                Change::new(what.to_string(), move |doc: &Doc| {
                    let mut items = doc.ints(&path, "add");
                    update(&mut items);
                    doc.set(
                        &path,
                        "add",
                        (!items.is_empty()).then(|| Value::ints(&items)).as_ref(),
                    )
                })
                .of_field(&id),
            );
        })
    };
    let rows = items.iter().enumerate().map(|(n, (counter, by))| {
        let on_amount = {
            let write = write.clone();
            Callback::from(move |text: String| {
                if let Ok(by) = text.trim().parse::<i64>() {
                    write("Changed a counter", Rc::new(move |items: &mut Vec<(String, i64)>| {
                        if let Some(item) = items.get_mut(n) {
                            item.1 = by;
                        }
                    }));
                }
            })
        };
        let remove = {
            let write = write.clone();
            Callback::from(move |_: MouseEvent| {
                write("Removed a counter", Rc::new(move |items: &mut Vec<(String, i64)>| {
                    if n < items.len() {
                        items.remove(n);
                    }
                }));
            })
        };
        html! {
            <li class="chosen__item" key={counter.clone()}>
                <TextField id={format!("{id}-{n}")} label={format!("Add to {counter}")} value={by.to_string()} width={Some("input--short")} inputmode={Some("numeric")} on_commit={on_amount} />
                { action(Some(format!("{id}-remove-{n}")), "Remove", &format!("the counter {counter}"), remove) }
            </li>
        }
    });
    let add = {
        let (write, name, amount) = (write.clone(), name.clone(), amount.clone());
        Callback::from(move |_: MouseEvent| {
            let counter = input_value(&name).trim().to_string();
            let by = input_value(&amount).trim().parse::<i64>().unwrap_or(1);
            if !is_name(&counter) {
                return;
            }
            write(
                "Added a counter",
                Rc::new(move |items: &mut Vec<(String, i64)>| {
                    match items.iter_mut().find(|(c, _)| *c == counter) {
                        Some(item) => item.1 = by,
                        None => items.push((counter.clone(), by)),
                    }
                }),
            );
        })
    };
    let body = html! {
        <>
            if items.is_empty() { <p class="body chosen__none">{ "None." }</p> } else { <ul class="chosen">{ for rows }</ul> }
            <div class="adder adder--row">
                <div class="form-group form-group--inline">
                    <label class="label-block" for={format!("{id}-new")}>{ "Counter" }</label>
                    <input class="input input--medium" id={format!("{id}-new")} type="text" list={format!("{id}-known")} autocomplete="off" spellcheck="false" ref={name} />
                    <datalist id={format!("{id}-known")}>{ for ctx.symbols.counters.iter().map(|n| html! { <option value={n.clone()} /> }) }</datalist>
                </div>
                <div class="form-group form-group--inline">
                    <label class="label-block" for={format!("{id}-by")}>{ "Add" }</label>
                    <input class="input input--short" id={format!("{id}-by")} type="text" inputmode="numeric" value="1" ref={amount} />
                </div>
                { action(Some(format!("{id}-add")), "Add", "the counter", add) }
            </div>
        </>
    };
    group(
        &ctx,
        &id,
        "Counters",
        Some("Numbers this option adds to (or, negative, takes from). Conditions compare them."),
        body,
    )
}

/// Which key actions an option achieves: a checkbox for each.
#[component]
pub fn AchievesField(props: &PathProps) -> Html {
    let ctx = use_form_ctx();
    let path = props.path.to_vec();
    let id = field_id(&path, Some("achieves"));
    let items = ctx.doc.strs(&path, "achieves");
    let boxes = ctx.symbols.key_actions.iter().enumerate().map(|(n, (action_id, text))| {
        let box_id = if n == 0 { format!("{id}-first") } else { format!("{id}-{n}") };
        let onchange = {
            let on_change = ctx.on_change.clone();
            let (path, id, action_id) = (path.clone(), id.clone(), action_id.clone());
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let on = input.checked();
                let action_id = action_id.clone();
                set_list(&on_change, if on { "Ticked a key action" } else { "Unticked a key action" }, &path, "achieves", &id, move |items| {
                    items.retain(|i| *i != action_id);
                    if on {
                        items.push(action_id.clone());
                    }
                });
            })
        };
        html! {
            <div class="checkboxes__item" key={action_id.clone()}>
                <input class="checkboxes__input" type="checkbox" id={box_id.clone()} checked={items.contains(action_id)} {onchange} />
                <label class="checkboxes__label" for={box_id}>{ format!("{text} ({action_id})") }</label>
            </div>
        }
    });
    let body = if ctx.symbols.key_actions.is_empty() {
        html! { <p class="hint">{ "This scenario has no key actions yet: add them under Key actions." }</p> }
    } else {
        html! { <div class="checkboxes">{ for boxes }</div> }
    };
    group(&ctx, &id, "Key actions this option achieves", None, body)
}

/// Points per competency: a box for each, empty for none.
#[component]
pub fn PointsField(props: &PathProps) -> Html {
    let ctx = use_form_ctx();
    let path = props.path.to_vec();
    let id = field_id(&path, Some("points"));
    let points = ctx.doc.ints(&path, "points");
    let boxes = ctx.framework.competencies.competencies.iter().enumerate().map(|(n, c)| {
        let box_id = if n == 0 { format!("{id}-first") } else { format!("{id}-{}", c.id) };
        let value = points.iter().find(|(k, _)| *k == c.id).map(|(_, v)| v.to_string()).unwrap_or_default();
        let on_commit = {
            let on_change = ctx.on_change.clone();
            let (path, id, competency) = (path.clone(), id.clone(), c.id.clone());
            Callback::from(move |text: String| {
                let number = text.trim().parse::<i64>().ok().filter(|n| *n != 0);
                if number.is_none() && !text.trim().is_empty() && text.trim() != "0" {
                    return;
                }
                let (path, competency, field) = (path.clone(), competency.clone(), format!("{id}-{competency}"));
                on_change.emit(
                    Change::new("Changed the points", move |doc: &Doc| {
                        let mut points = doc.ints(&path, "points");
                        match (points.iter_mut().find(|(k, _)| *k == competency), number) {
                            (Some(item), Some(n)) => item.1 = n,
                            (Some(_), None) => points.retain(|(k, _)| *k != competency),
                            (None, Some(n)) => points.push((competency.clone(), n)),
                            (None, None) => {}
                        }
                        doc.set(&path, "points", (!points.is_empty()).then(|| Value::ints(&points)).as_ref())
                    })
                    .of_field(&field),
                );
            })
        };
        html! {
            <div class="points__item" key={c.id.clone()}>
                <TextField id={box_id} label={c.name.clone()} value={value} width={Some("input--short")} inputmode={Some("numeric")} {on_commit} />
            </div>
        }
    });
    let body = html! { <div class="points">{ for boxes }</div> };
    group(&ctx, &id, "Points", Some("Whole numbers, e.g. 2 for the best answer, 1 for each good one in a select-all, -1 for a poor one and -2 for a dangerous one. Leave a box empty for none."), body)
}

/// Practices the option shows, chosen from the catalogue, each with the
/// treatment the catalogue gives it.
#[component]
pub fn PracticesField(props: &PathProps) -> Html {
    let ctx = use_form_ctx();
    let filter = use_state(String::new);
    let choice = use_node_ref();
    let path = props.path.to_vec();
    let id = field_id(&path, Some("practices"));
    let items = ctx.doc.strs(&path, "practices");
    let competency = |c: &str| {
        ctx.framework
            .competency(c)
            .map_or_else(|| c.to_string(), |c| c.name.clone())
    };
    let treatment = |t: Treatment| match t {
        Treatment::Credit => "Credit",
        Treatment::Penalty => "Penalty",
        Treatment::Critical => "Critical",
        Treatment::NotScored => "Not scored",
    };
    let remove = |n: usize| {
        let on_change = ctx.on_change.clone();
        let (path, id) = (path.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            set_list(
                &on_change,
                "Removed a practice",
                &path,
                "practices",
                &id,
                move |items| {
                    if n < items.len() {
                        items.remove(n);
                    }
                },
            );
        })
    };
    let chosen = items.iter().enumerate().map(|(n, practice)| {
        let found = ctx.framework.practice(practice);
        html! {
            <li class="chosen__item" key={format!("{n}-{practice}")}>
                <div class="chosen__text">
                    if let Some(p) = found {
                        <strong class={classes!("tag", match p.treatment { Treatment::Credit => "tag--done", Treatment::Critical => "tag--critical", _ => "tag--progress" })}>{ treatment(p.treatment) }</strong>
                        { format!(" {}: ", competency(&p.competency)) }{ &p.text }
                        <span class="chosen__id">{ format!(" ({practice})") }</span>
                    } else {
                        <strong>{ practice }</strong>{ ": not in the catalogue" }
                    }
                </div>
                { action(Some(format!("{id}-remove-{n}")), "Remove", &format!("the practice {practice}"), remove(n)) }
            </li>
        }
    });
    let words = filter.to_lowercase();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let shown: Vec<_> = ctx
        .framework
        .practices
        .iter()
        .filter(|p| !ctx.framework.settings.withdraws(&p.id))
        .filter(|p| {
            words.is_empty()
                || words
                    .split_whitespace()
                    .all(|w| p.id.contains(w) || p.text.to_lowercase().contains(w))
        })
        .collect();
    let add = {
        let on_change = ctx.on_change.clone();
        let (path, id, choice) = (path.clone(), id.clone(), choice.clone());
        Callback::from(move |_: MouseEvent| {
            let practice = select_value(&choice);
            if practice.is_empty() {
                return;
            }
            set_list(
                &on_change,
                "Added a practice",
                &path,
                "practices",
                &id,
                move |items| {
                    if !items.contains(&practice) {
                        items.push(practice.clone());
                    }
                },
            );
        })
    };
    let groups = ctx.framework.competencies.competencies.iter().map(|c| {
        let here: Vec<_> = shown.iter().filter(|p| p.competency == c.id).collect();
        if here.is_empty() {
            return Html::default();
        }
        html! {
            <optgroup label={c.name.clone()}>
                { for here.iter().map(|p| html! { <option value={p.id.clone()}>{ format!("{}: {} ({})", treatment(p.treatment), p.text, p.id) }</option> }) }
            </optgroup>
        }
    });
    let body = html! {
        <>
            if items.is_empty() {
                <p class="body chosen__none">{ "No practice chosen." }</p>
            } else {
                <ul class="chosen">{ for chosen }</ul>
            }
            <div class="adder">
                <h5 class="adder__title">{ "Add a practice from the catalogue" }</h5>
                <div class="form-group">
                    <label class="label-block" for={format!("{id}-find")}>{ "Find a practice" }</label>
                    <p class="hint" id={format!("{id}-find-hint")}>{ "Type words or part of an id to shorten the list." }</p>
                    <input class="input" id={format!("{id}-find")} type="search" autocomplete="off" aria-describedby={format!("{id}-find-hint")} value={(*filter).clone()} oninput={on_filter} />
                </div>
                <div class="form-group">
                    <label class="label-block" for={format!("{id}-choice")}>{ format!("Practice ({} shown)", shown.len()) }</label>
                    <select class="select select--wide" id={format!("{id}-choice")} ref={choice}>{ for groups }</select>
                </div>
                { action(Some(format!("{id}-add")), "Add practice", "", add) }
            </div>
        </>
    };
    group(&ctx, &id, "Practices this option shows", Some("From the catalogue of practice. Its treatment decides the points: credit is positive, penalty negative, critical fails the run, not scored has none."), body)
}

#[derive(Properties, PartialEq, Clone)]
pub struct RoutesProps {
    /// The table the routes belong to (an option, a decision or a scene).
    pub owner: Rc<Path>,
    pub hint: AttrValue,
}

/// Routes: where to go instead when all the conditions hold, tried in order.
#[component]
pub fn RoutesField(props: &RoutesProps) -> Html {
    let ctx = use_form_ctx();
    let owner = props.owner.to_vec();
    let routes = child(&owner, "route");
    let count = ctx.doc.count(&routes);
    let id = field_id(&routes, None);
    let structural = |what: &'static str, step: Edit, focus: Option<String>| {
        let on_change = ctx.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            let step = step.clone();
            let mut change = Change::new(what, move |doc: &Doc| step(doc));
            change.focus = focus.clone();
            on_change.emit(change);
        })
    };
    let items = (0..count).map(|n| {
        let route = nth(&routes, n);
        let route_rc = Rc::new(route.clone());
        let up = { let r = route.clone(); structural("Moved a route up", Rc::new(move |d: &Doc| d.swap(&r, true)), Some(format!("{}-up", field_id(&nth(&routes, n.saturating_sub(1)), None)))) };
        let down = { let r = route.clone(); structural("Moved a route down", Rc::new(move |d: &Doc| d.swap(&r, false)), Some(format!("{}-down", field_id(&nth(&routes, n + 1), None)))) };
        let remove = { let r = route.clone(); structural("Removed a route", Rc::new(move |d: &Doc| d.remove(&r)), Some(format!("{id}-add"))) };
        let route_id = field_id(&route, None);
        html! {
            <li class="edit-card edit-card--route" id={route_id.clone()} tabindex="-1" key={format!("route-{n}")}>
                <h5 class="edit-card__title">{ format!("Route {}", n + 1) }</h5>
                { messages(&route_id, ctx.problems.get(&route_id).map_or(&[][..], |v| v.as_slice())) }
                <ConditionsField path={route_rc.clone()} legend="When all of these hold" />
                <DestinationField path={route_rc} field="goto" label="Go to" />
                <div class="button-group button-group--small">
                    if n > 0 { { action(Some(format!("{route_id}-up")), "Move up", &format!("route {}", n + 1), up) } }
                    if n + 1 < count { { action(Some(format!("{route_id}-down")), "Move down", &format!("route {}", n + 1), down) } }
                    { action(Some(format!("{id}-remove-{n}")), "Remove", &format!("route {}", n + 1), remove) }
                </div>
            </li>
        }
    });
    let add = {
        let focus = format!("{}-new-kind", field_id(&nth(&routes, count), Some("when")));
        let routes = routes.clone();
        structural(
            "Added a route",
            Rc::new(move |d: &Doc| {
                d.insert(
                    &routes,
                    usize::MAX,
                    &Element::default()
                        .with("when", Value::List(vec![]))
                        .with("goto", Value::str("")),
                )
            }),
            Some(focus),
        )
    };
    html! {
        <div class="routes" id={id.clone()} tabindex="-1">
            <h5 class="heading-s">{ "Routes" }</h5>
            <p class="hint">{ &props.hint }</p>
            if count > 0 { <ol class="edit-cards">{ for items }</ol> }
            { action(Some(format!("{id}-add")), "Add a route", "", add) }
        </div>
    }
}
