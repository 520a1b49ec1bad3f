//! The structured editor: forms for every part of a scenario, beside the
//! map. A form shows what the file says and turns each change into a
//! minimal edit of the file (`core::edit`), which the workshop then checks
//! as if it had been typed. The checker's messages appear on the fields
//! they concern, with a GOV.UK error summary at the top of the form.

mod details;
pub mod fields;
mod option;
mod pickers;
mod scene;

use super::check::Checked;
use super::text::byte_at;
use crate::app::Shared;
use crate::core::diagnostic::{LocatedDiagnostic, Severity};
use crate::core::edit::scenario::{
    field_at, field_id, missing_field, placeholders, scene_summaries, Placeholder, SceneSummary,
    Symbols,
};
use crate::core::edit::{field_order, header_keys, Doc, EditError, Seg};
use crate::core::framework::Framework;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// An edit a form asks for: applied to the file as it is when it arrives.
pub type Edit = Rc<dyn Fn(&Doc) -> Result<String, EditError>>;

#[derive(Clone)]
pub struct Change {
    /// What it does, in words, for undo and for the live region.
    pub what: String,
    /// The field it comes from: typing on in one field is one undo step.
    pub field: Option<String>,
    /// An element to focus once the change is drawn (a new option's text).
    pub focus: Option<String>,
    /// The form to open once the change is made (a scene just added).
    pub panel: Option<Panel>,
    pub edit: Edit,
}

impl Change {
    pub fn new(
        what: impl Into<String>,
        edit: impl Fn(&Doc) -> Result<String, EditError> + 'static,
    ) -> Change {
        Change {
            what: what.into(),
            field: None,
            focus: None,
            panel: None,
            edit: Rc::new(edit),
        }
    }

    pub fn of_field(mut self, field: &str) -> Change {
        self.field = Some(field.to_string());
        self
    }

    pub fn then_focus(mut self, id: impl Into<String>) -> Change {
        self.focus = Some(id.into());
        self
    }

    pub fn then_open(mut self, panel: Panel) -> Change {
        self.panel = Some(panel);
        self
    }
}

/// Which form is open beside the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Details,
    Cast,
    KeyActions,
    Scene(usize),
}

impl Panel {
    pub fn of(path: &[Seg]) -> Panel {
        match path {
            [Seg::Key(key), Seg::Index(n), ..] if key == "scene" => Panel::Scene(*n),
            [Seg::Key(key), ..] if key == "cast" => Panel::Cast,
            [Seg::Key(key), ..] if key == "key_action" => Panel::KeyActions,
            _ => Panel::Details,
        }
    }
}

/// One of the checker's messages, as a field shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub error: bool,
    pub message: String,
    pub hint: Option<String>,
}

/// A message placed on a field: for the error summary at the top of a form.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub panel: Panel,
    pub field: String,
    pub problem: Problem,
}

/// The checker's messages placed on the fields they concern. A message on
/// a key no form shows (a misspelt one) goes on the part it is in, naming
/// the key.
pub fn place(doc: &Doc, checked: &Checked) -> Vec<Placed> {
    if checked.source.text != doc.text {
        return Vec::new();
    }
    checked
        .draft
        .diagnostics
        .iter()
        .filter_map(|d| place_one(doc, d))
        .collect()
}

pub fn place_one(doc: &Doc, d: &LocatedDiagnostic) -> Option<Placed> {
    let offset = byte_at(&doc.text, d.line, d.column);
    let (path, key) = field_at(doc, offset)?;
    let key = missing_field(&d.message).map(str::to_string).or(key);
    let names = header_keys(&path);
    let cast = matches!(names.as_slice(), ["cast", _]);
    let shown = key
        .as_deref()
        .filter(|k| cast || field_order(&names).contains(k));
    let message = match (&key, shown) {
        (Some(key), None) => format!("`{key}`: {}", d.message),
        _ => d.message.clone(),
    };
    Some(Placed {
        panel: Panel::of(&path),
        field: field_id(&path, shown),
        problem: Problem {
            error: d.severity == Severity::Error,
            message,
            hint: d.hint.clone(),
        },
    })
}

/// The forms' shared context: every field component reads it.
#[hook]
pub fn use_form_ctx() -> Rc<FormCtx> {
    use_context::<Rc<FormCtx>>().expect("a form is drawn inside the forms")
}

/// What every form reads: the file, what the checker said about it, and
/// the names it can offer.
pub struct FormCtx {
    pub doc: Rc<Doc>,
    pub framework: Shared<Framework>,
    pub problems: BTreeMap<String, Vec<Problem>>,
    pub symbols: Symbols,
    pub scenes: Vec<SceneSummary>,
    pub placeholders: Vec<Placeholder>,
    pub on_change: Callback<Change>,
    pub on_panel: Callback<Panel>,
}

impl PartialEq for FormCtx {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && self.problems == other.problems
            && self.on_change == other.on_change
            && self.on_panel == other.on_panel
    }
}

impl FormCtx {
    pub fn new(
        doc: Rc<Doc>,
        framework: Shared<Framework>,
        placed: &[Placed],
        on_change: Callback<Change>,
        on_panel: Callback<Panel>,
    ) -> FormCtx {
        let mut problems: BTreeMap<String, Vec<Problem>> = BTreeMap::new();
        for p in placed {
            problems
                .entry(p.field.clone())
                .or_default()
                .push(p.problem.clone());
        }
        FormCtx {
            symbols: Symbols::of(&doc),
            scenes: scene_summaries(&doc),
            placeholders: placeholders(&doc, &framework.settings.force),
            doc,
            framework,
            problems,
            on_change,
            on_panel,
        }
    }

    /// Scenes as choices: `id` and "Title (id)".
    pub fn scene_choices(&self) -> Rc<Vec<(String, String)>> {
        Rc::new(
            self.scenes
                .iter()
                .filter(|s| !s.id.is_empty())
                .map(|s| (s.id.clone(), scene_label(s)))
                .collect(),
        )
    }
}

pub fn scene_label(s: &SceneSummary) -> String {
    match (s.title.is_empty(), s.id.is_empty()) {
        (false, false) => format!("{} ({})", s.title, s.id),
        (true, false) => s.id.clone(),
        (false, true) => s.title.clone(),
        (true, true) => format!("Scene {}", s.index + 1),
    }
}

#[derive(Properties, PartialEq)]
pub struct FormsProps {
    pub ctx: Rc<FormCtx>,
    pub panel: Panel,
    /// The checker's messages placed in this file's forms.
    pub placed: Rc<Vec<Placed>>,
}

pub const PANEL_HEADING: &str = "panel-heading";

/// The open form, with the navigation between the parts of the scenario.
#[component]
pub fn Forms(props: &FormsProps) -> Html {
    let ctx = &props.ctx;
    let go = |panel: Panel| {
        let on_panel = ctx.on_panel.clone();
        Callback::from(move |_: MouseEvent| on_panel.emit(panel))
    };
    let tab = |panel: Panel, id: &'static str, words: &str| {
        let current = props.panel == panel;
        html! {
            <li>
                <button type="button" {id} class={classes!("forms__tab", current.then_some("forms__tab--current"))}
                    aria-current={current.then_some("true")} onclick={go(panel)}>{ words }</button>
            </li>
        }
    };
    let here: Vec<&Placed> = props
        .placed
        .iter()
        .filter(|p| p.panel == props.panel)
        .collect();
    let summary = summary(&here);
    let body = match props.panel {
        Panel::Details => html! { <details::DetailsForm /> },
        Panel::Cast => html! { <details::CastForm /> },
        Panel::KeyActions => html! { <details::KeyActionsForm /> },
        Panel::Scene(n) if n < ctx.scenes.len() => {
            html! { <scene::SceneForm index={n} key={format!("scene-{n}")} /> }
        }
        Panel::Scene(_) => html! {
            <>
                <h3 class="heading-m" id={PANEL_HEADING} tabindex="-1">{ "That scene is no longer in the file" }</h3>
                <p class="body">{ "It was removed or the file changed. Choose a scene on the map or from the list above." }</p>
            </>
        },
    };
    html! {
        <ContextProvider<Rc<FormCtx>> context={ctx.clone()}>
            <div class="forms">
                <div class="forms__nav" role="group" aria-label="Parts of the scenario">
                    <ul class="forms__tabs">
                        { tab(Panel::Details, "forms-details", "Scenario details") }
                        { tab(Panel::Cast, "forms-cast", "Cast") }
                        { tab(Panel::KeyActions, "forms-key-actions", "Key actions") }
                    </ul>
                    <scene::ScenePicker current={match props.panel { Panel::Scene(n) => Some(n), _ => None }} />
                </div>
                <div class="forms__panel">
                    { summary }
                    { body }
                </div>
                <datalist id="durations-list">
                    { for ctx.symbols.durations.iter().map(|d| html! { <option value={d.clone()} /> }) }
                </datalist>
            </div>
        </ContextProvider<Rc<FormCtx>>>
    }
}

/// GOV.UK's error summary for the open form: each message links to its field.
fn summary(here: &[&Placed]) -> Html {
    if here.is_empty() {
        return Html::default();
    }
    let errors = here.iter().filter(|p| p.problem.error).count();
    let title = match (errors, here.len() - errors) {
        (0, w) => format!("{w} warning{} in this part", if w == 1 { "" } else { "s" }),
        (e, 0) => format!(
            "There {} {e} problem{} in this part",
            if e == 1 { "is" } else { "are" },
            if e == 1 { "" } else { "s" }
        ),
        (e, w) => format!(
            "There {} {e} problem{} and {w} warning{} in this part",
            if e == 1 { "is" } else { "are" },
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        ),
    };
    html! {
        <div class={if errors > 0 { "error-summary" } else { "warning-summary" }} aria-labelledby="forms-summary-title">
            <h4 class="error-summary__title" id="forms-summary-title">{ title }</h4>
            <ul class="error-summary__list">
                { for here.iter().map(|p| {
                    let target = p.field.clone();
                    let onclick = Callback::from(move |e: MouseEvent| {
                        e.prevent_default();
                        crate::app::browser::focus_id(&target);
                    });
                    html! {
                        <li>
                            <a href={format!("#{}", p.field)} {onclick}>
                                if !p.problem.error { <span class="visually-hidden">{ "Warning: " }</span> }
                                { &p.problem.message }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
