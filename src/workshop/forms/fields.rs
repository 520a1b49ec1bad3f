//! The fields every form is made of, in the GOV.UK pattern: a label, a
//! hint, and the checker's message above the box when there is one (named
//! in the box's description, so a screen reader reads it too). A box keeps
//! what the trainer types; the file takes it once typing pauses or the
//! trainer moves on, and the box takes the file's value back only when the
//! file changed from elsewhere (an undo, the text view).

use super::{use_form_ctx, Change, FormCtx, Problem};
use crate::app::browser;
use crate::core::edit::scenario::{child, field_id};
use crate::core::edit::{Doc, Node, Seg, Value};
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// How long typing in a field must pause before the file takes it.
const PAUSE_MS: u32 = 700;

fn problems(ctx: &FormCtx, id: &str) -> Vec<Problem> {
    ctx.problems.get(id).cloned().unwrap_or_default()
}

/// The messages for a field, GOV.UK style: above the box, said first.
pub fn messages(id: &str, problems: &[Problem]) -> Html {
    if problems.is_empty() {
        return Html::default();
    }
    html! {
        <p class="error-message" id={format!("{id}-error")}>
            { for problems.iter().map(|p| html! {
                <span class="error-message__item">
                    <span class="visually-hidden">{ if p.error { "Error: " } else { "Warning: " } }</span>
                    if !p.error { <span class="tag tag--progress">{ "Warning" }</span>{ " " } }
                    { &p.message }
                    if let Some(hint) = &p.hint { <span class="error-message__hint">{ format!(" {hint}.") }</span> }
                </span>
            }) }
        </p>
    }
}

pub fn described_by(id: &str, hint: bool, problems: &[Problem]) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if !problems.is_empty() {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

pub fn group_class(problems: &[Problem]) -> Classes {
    classes!(
        "form-group",
        problems
            .iter()
            .any(|p| p.error)
            .then_some("form-group--error"),
        (!problems.is_empty() && problems.iter().all(|p| !p.error))
            .then_some("form-group--warning")
    )
}

#[derive(Properties, PartialEq, Clone)]
pub struct TextProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    /// A textarea of this many rows instead of a one-line box.
    #[prop_or_default]
    pub rows: Option<u32>,
    /// A narrower box: `input--short` and the like.
    #[prop_or_default]
    pub width: Option<&'static str>,
    #[prop_or_default]
    pub inputmode: Option<&'static str>,
    /// Suggestions: the id of a `<datalist>`.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    /// Offer the placeholder menu under the box.
    #[prop_or_default]
    pub placeholders: bool,
    pub on_commit: Callback<String>,
}

/// A one-line box or a textarea whose text the file takes as typed.
#[component]
pub fn TextField(props: &TextProps) -> Html {
    let ctx = use_form_ctx();
    let node = use_node_ref();
    let typing = use_mut_ref(|| Rc::new(Cell::new(false)));
    let pause = use_mut_ref(|| None::<Timeout>);
    let typed = use_mut_ref(|| Rc::new(RefCell::new(None::<String>)));
    // What this box has given the file and not yet seen come back.
    let sent = use_mut_ref(|| Rc::new(RefCell::new(Vec::<String>::new())));
    let typing = typing.borrow().clone();
    let typed = typed.borrow().clone();
    let sent = sent.borrow().clone();
    let multiline = props.rows.is_some();
    let value_of = {
        let node = node.clone();
        move || {
            if multiline {
                node.cast::<HtmlTextAreaElement>().map(|a| a.value())
            } else {
                node.cast::<HtmlInputElement>().map(|i| i.value())
            }
        }
    };
    // The box takes the file's value when it changes from elsewhere. Its
    // own changes coming back are not put in again: the box may already
    // hold more (a placeholder inserted, more typing).
    {
        let node = node.clone();
        let typing = typing.clone();
        let sent = sent.clone();
        use_effect_with(props.value.clone(), move |value| {
            let mine = {
                let mut sent = sent.borrow_mut();
                match sent.iter().position(|s| s.as_str() == value.as_str()) {
                    Some(at) => {
                        sent.drain(..=at);
                        true
                    }
                    None => {
                        sent.clear();
                        false
                    }
                }
            };
            if !mine && !typing.get() {
                if let Some(area) = node.cast::<HtmlTextAreaElement>() {
                    if area.value() != value.as_str() {
                        area.set_value(value);
                    }
                } else if let Some(input) = node.cast::<HtmlInputElement>() {
                    if input.value() != value.as_str() {
                        input.set_value(value);
                    }
                }
            }
        });
    }
    // Typing not yet taken when the field goes (another scene opened): kept.
    {
        let typed = typed.clone();
        let on_commit = props.on_commit.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(text) = typed.borrow_mut().take() {
                    on_commit.emit(text);
                }
            }
        });
    }
    let commit = {
        let typing = typing.clone();
        let typed = typed.clone();
        let on_commit = props.on_commit.clone();
        let sent = sent.clone();
        Rc::new(move |text: String| {
            typing.set(false);
            typed.borrow_mut().take();
            sent.borrow_mut().push(text.clone());
            on_commit.emit(text);
        })
    };
    let oninput = {
        let commit = commit.clone();
        let value_of = value_of.clone();
        let typing = typing.clone();
        let typed = typed.clone();
        Callback::from(move |_: InputEvent| {
            let Some(text) = value_of() else { return };
            typing.set(true);
            *typed.borrow_mut() = Some(text.clone());
            let commit = commit.clone();
            *pause.borrow_mut() = Some(Timeout::new(PAUSE_MS, move || commit(text)));
        })
    };
    let onchange = {
        let commit = commit.clone();
        let value_of = value_of.clone();
        let typing = typing.clone();
        Callback::from(move |_: Event| {
            if typing.get() {
                if let Some(text) = value_of() {
                    commit(text);
                }
            }
        })
    };
    let problems = problems(&ctx, &props.id);
    let describedby = described_by(&props.id, props.hint.is_some(), &problems);
    let error = problems.iter().any(|p| p.error);
    let menu = if props.placeholders && multiline {
        placeholder_menu(&ctx, &props.id, node.clone(), commit.clone())
    } else {
        Html::default()
    };
    html! {
        <div class={group_class(&problems)}>
            <label class="label-block" for={props.id.clone()}>{ &props.label }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={format!("{}-hint", props.id)}>{ hint }</p>
            }
            { messages(&props.id, &problems) }
            if let Some(rows) = props.rows {
                <textarea
                    class={classes!("textarea", error.then_some("textarea--error"))}
                    id={props.id.clone()}
                    ref={node}
                    rows={rows.to_string()}
                    spellcheck="true"
                    aria-describedby={describedby}
                    {oninput}
                    {onchange}
                />
            } else {
                <input
                    class={classes!("input", props.width, error.then_some("input--error"))}
                    id={props.id.clone()}
                    ref={node}
                    type="text"
                    inputmode={props.inputmode}
                    list={props.list.clone()}
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby={describedby}
                    {oninput}
                    {onchange}
                />
            }
            { menu }
        </div>
    }
}

/// The UTF-16 offset a textarea reports, as a byte offset into its text.
fn byte_of_utf16(text: &str, units: u32) -> usize {
    let mut count = 0u32;
    for (at, c) in text.char_indices() {
        if count >= units {
            return at;
        }
        count += c.len_utf16() as u32;
    }
    text.len()
}

/// "Insert a placeholder": the cast's own keys and pronoun forms, put where
/// the cursor was, so a placeholder is never typed from memory.
fn placeholder_menu(ctx: &FormCtx, id: &str, area: NodeRef, commit: Rc<dyn Fn(String)>) -> Html {
    let select_id = format!("{id}-placeholder");
    let select = NodeRef::default();
    let insert = {
        let select = select.clone();
        Callback::from(move |_: MouseEvent| {
            let (Some(area), Some(select)) = (
                area.cast::<HtmlTextAreaElement>(),
                select.cast::<HtmlSelectElement>(),
            ) else {
                return;
            };
            let placeholder = select.value();
            if placeholder.is_empty() {
                return;
            }
            let text = area.value();
            let start = byte_of_utf16(
                &text,
                area.selection_start()
                    .ok()
                    .flatten()
                    .unwrap_or(text.len() as u32),
            );
            let end = byte_of_utf16(
                &text,
                area.selection_end()
                    .ok()
                    .flatten()
                    .unwrap_or(text.len() as u32),
            );
            let (start, end) = (start.min(end), start.max(end));
            let next = format!("{}{placeholder}{}", &text[..start], &text[end..]);
            let caret =
                (text[..start].encode_utf16().count() + placeholder.encode_utf16().count()) as u32;
            area.set_value(&next);
            let _ = area.set_selection_range(caret, caret);
            browser::focus(&area);
            commit(next);
        })
    };
    html! {
        <div class="placeholder-menu">
            <label class="label" for={select_id.clone()}>{ "Placeholder" }</label>
            <select class="select placeholder-menu__select" id={select_id} ref={select}>
                { for ctx.placeholders.iter().map(|p| html! {
                    <option value={p.text.clone()}>{ format!("{} ({})", p.text, p.gives) }</option>
                }) }
            </select>
            <button type="button" class="button button--secondary button--small" onclick={insert}>
                { "Insert" }<span class="visually-hidden">{ " the placeholder where the cursor was" }</span>
            </button>
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct SelectProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    /// Value and words for each choice.
    pub options: Rc<Vec<(String, String)>>,
    /// The words of an empty first choice, if there is one.
    #[prop_or_default]
    pub blank: Option<AttrValue>,
    pub on_commit: Callback<String>,
}

#[component]
pub fn SelectField(props: &SelectProps) -> Html {
    let ctx = use_form_ctx();
    let problems = problems(&ctx, &props.id);
    let onchange = {
        let on_commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on_commit.emit(select.value());
        })
    };
    let known = props
        .options
        .iter()
        .any(|(v, _)| *v == props.value.as_str());
    html! {
        <div class={group_class(&problems)}>
            <label class="label-block" for={props.id.clone()}>{ &props.label }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={format!("{}-hint", props.id)}>{ hint }</p>
            }
            { messages(&props.id, &problems) }
            <select class="select" id={props.id.clone()} aria-describedby={described_by(&props.id, props.hint.is_some(), &problems)} {onchange}>
                if let Some(blank) = &props.blank {
                    <option value="" selected={props.value.is_empty()}>{ blank }</option>
                }
                if !known && !props.value.is_empty() {
                    // A value the file has that is not a choice: kept, so it
                    // is seen and can be changed (the checker names it).
                    <option value={props.value.clone()} selected=true>{ format!("{} (not one of the choices)", props.value) }</option>
                }
                { for props.options.iter().map(|(value, words)| html! {
                    <option value={value.clone()} selected={*value == props.value.as_str()}>{ words }</option>
                }) }
            </select>
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct CheckProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub checked: bool,
    pub on_commit: Callback<bool>,
}

#[component]
pub fn CheckField(props: &CheckProps) -> Html {
    let ctx = use_form_ctx();
    let problems = problems(&ctx, &props.id);
    let onchange = {
        let on_commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_commit.emit(input.checked());
        })
    };
    html! {
        <div class={group_class(&problems)}>
            { messages(&props.id, &problems) }
            <div class="checkboxes__item">
                <input class="checkboxes__input" type="checkbox" id={props.id.clone()} checked={props.checked}
                    aria-describedby={described_by(&props.id, props.hint.is_some(), &problems)} {onchange} />
                <label class="checkboxes__label" for={props.id.clone()}>{ &props.label }</label>
                if let Some(hint) = &props.hint {
                    <p class="hint checkboxes__hint" id={format!("{}-hint", props.id)}>{ hint }</p>
                }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct RadiosProps {
    pub id: AttrValue,
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    pub options: Rc<Vec<(String, String)>>,
    pub on_commit: Callback<String>,
}

/// Radios in a fieldset; the first radio has the field's id, so the error
/// summary's link lands on the group.
#[component]
pub fn RadiosField(props: &RadiosProps) -> Html {
    let ctx = use_form_ctx();
    let problems = problems(&ctx, &props.id);
    html! {
        <div class={group_class(&problems)}>
            <fieldset class="fieldset" aria-describedby={described_by(&props.id, props.hint.is_some(), &problems)}>
                <legend class="fieldset__legend fieldset__legend--s">{ &props.legend }</legend>
                if let Some(hint) = &props.hint {
                    <p class="hint" id={format!("{}-hint", props.id)}>{ hint }</p>
                }
                { messages(&props.id, &problems) }
                <div class="radios radios--inline">
                    { for props.options.iter().enumerate().map(|(n, (value, words))| {
                        let id = if n == 0 { props.id.to_string() } else { format!("{}-{value}", props.id) };
                        let on_commit = props.on_commit.clone();
                        let chosen = value.clone();
                        let onchange = Callback::from(move |_: Event| on_commit.emit(chosen.clone()));
                        html! {
                            <div class="radios__item">
                                <input class="radios__input" type="radio" id={id.clone()} name={props.id.clone()}
                                    value={value.clone()} checked={*value == props.value.as_str()} {onchange} />
                                <label class="radios__label" for={id}>{ words }</label>
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
        </div>
    }
}

/// A fieldset that holds several controls and is one field to the checker:
/// it takes the field's id and focus, so the error summary can lead to it.
pub fn group(ctx: &FormCtx, id: &str, legend: &str, hint: Option<&str>, body: Html) -> Html {
    let problems = problems(ctx, id);
    html! {
        <div class={group_class(&problems)}>
            <fieldset class="fieldset" id={id.to_string()} tabindex="-1" aria-describedby={described_by(id, hint.is_some(), &problems)}>
                <legend class="fieldset__legend fieldset__legend--s">{ legend }</legend>
                if let Some(hint) = hint {
                    <p class="hint" id={format!("{id}-hint")}>{ hint }</p>
                }
                { messages(id, &problems) }
                { body }
            </fieldset>
        </div>
    }
}

/// A small button for a form's own actions (move, copy, remove, add).
pub fn action(id: Option<String>, words: &str, about: &str, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" class="button button--secondary button--small" {id} {onclick}>
            { words }
            if !about.is_empty() { <span class="visually-hidden">{ format!(" {about}") }</span> }
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::byte_of_utf16;

    #[test]
    fn a_cursor_in_utf16_units_is_found_in_the_text() {
        let text = "a§😀b";
        assert_eq!(byte_of_utf16(text, 0), 0);
        assert_eq!(byte_of_utf16(text, 2), 3);
        assert_eq!(byte_of_utf16(text, 4), 7);
        assert_eq!(byte_of_utf16(text, 99), text.len());
    }
}

/// How a simple field is shown and what it writes.
#[derive(Clone, Copy, Default)]
pub struct Spec<'a> {
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub rows: Option<u32>,
    /// Emptying it takes the key out of the file.
    pub optional: bool,
    pub placeholders: bool,
    pub width: Option<&'static str>,
    pub list: Option<&'a str>,
    /// A whole number (written without quotes when it is one).
    pub number: bool,
}

impl<'a> Spec<'a> {
    pub fn new(label: &'a str) -> Spec<'a> {
        Spec {
            label,
            ..Spec::default()
        }
    }

    pub fn hint(self, hint: &'a str) -> Self {
        Spec {
            hint: Some(hint),
            ..self
        }
    }

    pub fn rows(self, rows: u32) -> Self {
        Spec {
            rows: Some(rows),
            ..self
        }
    }

    pub fn optional(self) -> Self {
        Spec {
            optional: true,
            ..self
        }
    }

    /// A narrative text: a textarea with the placeholder menu.
    pub fn story(self, rows: u32) -> Self {
        Spec {
            rows: Some(rows),
            placeholders: true,
            ..self
        }
    }

    pub fn short(self) -> Self {
        Spec {
            width: Some("input--short"),
            ..self
        }
    }

    pub fn number(self) -> Self {
        Spec {
            number: true,
            width: Some("input--short"),
            ..self
        }
    }

    pub fn list(self, list: &'a str) -> Self {
        Spec {
            list: Some(list),
            ..self
        }
    }
}

/// What a box's text becomes in the file.
pub fn typed_value(text: &str, spec: &Spec) -> Option<Value> {
    let trimmed = text.trim();
    if spec.optional && trimmed.is_empty() {
        return None;
    }
    if spec.number {
        if let Ok(n) = trimmed.parse::<i64>() {
            return Some(Value::Int(n));
        }
    }
    Some(Value::str(text))
}

/// The text a box shows for a key: a string as it is, a number in digits.
pub fn shown_value(doc: &Doc, path: &[Seg], key: &str) -> String {
    match doc.node(&child(path, key)) {
        Some(Node::Scalar(s)) => s.text.clone(),
        _ => String::new(),
    }
}

/// A field for one key of a table, committed with `set`.
pub fn text(ctx: &FormCtx, path: &[Seg], key: &str, spec: Spec) -> Html {
    let id = field_id(path, Some(key));
    let on_commit = {
        let on_change = ctx.on_change.clone();
        let (path, key, id) = (path.to_vec(), key.to_string(), id.clone());
        let what = format!("Changed {}", spec.label.to_lowercase());
        let (optional, number) = (spec.optional, spec.number);
        Callback::from(move |text: String| {
            let spec = Spec {
                optional,
                number,
                ..Spec::default()
            };
            let value = typed_value(&text, &spec);
            let (path, key) = (path.clone(), key.clone());
            on_change.emit(
                Change::new(what.clone(), move |doc: &Doc| {
                    doc.set(&path, &key, value.as_ref())
                })
                .of_field(&id),
            );
        })
    };
    field_with(ctx, path, key, spec, on_commit)
}

/// A field for one key, with its own way of writing the change.
pub fn field_with(
    ctx: &FormCtx,
    path: &[Seg],
    key: &str,
    spec: Spec,
    on_commit: Callback<String>,
) -> Html {
    let id = field_id(path, Some(key));
    html! {
        <TextField
            key={id.clone()}
            id={id.clone()}
            label={spec.label.to_string()}
            hint={spec.hint.map(|h| AttrValue::from(h.to_string()))}
            value={shown_value(&ctx.doc, path, key)}
            rows={spec.rows}
            width={spec.width}
            inputmode={spec.number.then_some("numeric")}
            list={spec.list.map(|l| AttrValue::from(l.to_string()))}
            placeholders={spec.placeholders}
            {on_commit}
        />
    }
}

/// A choice from a list for one key.
pub fn choice(
    ctx: &FormCtx,
    path: &[Seg],
    key: &str,
    spec: Spec,
    options: Rc<Vec<(String, String)>>,
    blank: Option<&str>,
) -> Html {
    let id = field_id(path, Some(key));
    let on_commit = {
        let on_change = ctx.on_change.clone();
        let (path, key, id) = (path.to_vec(), key.to_string(), id.clone());
        let what = format!("Changed {}", spec.label.to_lowercase());
        let optional = spec.optional;
        Callback::from(move |value: String| {
            let value = (!(optional && value.is_empty())).then(|| Value::str(value));
            let (path, key) = (path.clone(), key.clone());
            on_change.emit(
                Change::new(what.clone(), move |doc: &Doc| {
                    doc.set(&path, &key, value.as_ref())
                })
                .of_field(&id),
            );
        })
    };
    html! {
        <SelectField
            key={id.clone()}
            id={id.clone()}
            label={spec.label.to_string()}
            hint={spec.hint.map(|h| AttrValue::from(h.to_string()))}
            value={ctx.doc.str(path, key).to_string()}
            {options}
            blank={blank.map(|b| AttrValue::from(b.to_string()))}
            {on_commit}
        />
    }
}
