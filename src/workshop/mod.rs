//! The trainers' workshop: a separate page and bundle (`dist/workshop/`)
//! where a trainer writes a scenario with forms beside its map (or in its
//! text), with the checker's messages on the fields and in a list as they
//! go, undo and redo across both, each competency's range, a play-test from
//! any scene, and the file downloaded with their comments and layout kept. Everything runs in the browser: the only requests
//! are for the framework files beside the app (`../scenarios/`).
//!
//! Like the officer's app, this is a thin shell: the core checks, lays out
//! the map, runs the play-test and builds the report (`check` gathers what
//! the views draw); the views only draw it and send the trainer's actions
//! back. Scenario text is only ever rendered as text nodes.

mod check;
mod draft;
mod editor;
mod endings;
mod forms;
mod history;
mod map;
mod package;
mod playtest;
mod problems;
pub mod text;

use crate::app::fetch::{self, LoadFailure};
use crate::app::layout::PageHeading;
use crate::app::storage::StoreError;
use crate::app::{browser, Shared};
use crate::core::edit::scenario::scene_at;
use crate::core::edit::Doc;
use crate::core::framework::Framework;
use crate::core::starter::STARTER;
use check::{check, Checked};
use editor::{Editor, EDITOR_ID};
use forms::{Change, FormCtx, Forms, Panel};
use history::History;
use map::MapView;
use playtest::Playtest;
use problems::Problems;
use std::cell::Cell;
use std::rc::Rc;
use text::{file_name, open_bytes, to_file, utf16_range, utf16_rest_of_line, Original};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The main content's id, the skip link's target.
const MAIN: &str = "main-content";
/// Where the framework files are, relative to the workshop page.
const SCENARIOS: &str = "../scenarios/";

enum Loading {
    Pending,
    Ready(Shared<Framework>),
    Failed(LoadFailure),
}

/// What the textarea is given: a new `seq` makes it take the text (a file
/// opened, a form's change, an undo), replacing what it held.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub seq: u32,
    /// Counts files opened: a new one starts the textarea and map at the top.
    pub opened: u32,
    /// The name diagnostics give the file: the opened file's name.
    pub name: String,
    pub text: String,
    pub original: Original,
}

#[component]
pub fn Workshop() -> Html {
    let loading = use_state(|| Loading::Pending);
    let live = use_state(|| (0_u32, String::new()));
    {
        let loading = loading.setter();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                loading.set(match fetch::framework(SCENARIOS).await {
                    Ok(framework) => Loading::Ready(Shared(Rc::new(framework))),
                    Err(failure) => Loading::Failed(failure),
                });
            });
        });
    }
    let announce = {
        let live = live.clone();
        use_memo((), move |_| {
            Callback::from(move |text: String| {
                let count = live.0 + 1;
                live.set((count, text));
            })
        })
    };
    let page = match &*loading {
        Loading::Pending => html! {
            <>
                <PageHeading text="Trainers' workshop" />
                <p class="body" role="status">{ "Loading the competency framework…" }</p>
            </>
        },
        Loading::Failed(failure) => html! {
            <>
                <PageHeading text="The workshop could not start" />
                <p class="body">{ &failure.summary }</p>
                { for failure.details.iter().map(|d| html! { <pre class="diagnostic">{ d }</pre> }) }
                <p class="body">{ "The workshop needs the files competencies.toml, patterns.toml, practices.toml and guidance.toml in the scenarios folder beside the app. Reload the page to try again." }</p>
            </>
        },
        Loading::Ready(framework) => html! {
            <WorkshopPage framework={framework.clone()} announce={(*announce).clone()} />
        },
    };
    // The same words twice are still announced: a no-break space alternates.
    let spoken = format!("{}{}", live.1, if live.0 % 2 == 0 { "" } else { "\u{a0}" });
    html! {
        <>
            <a class="skip-link" href={format!("#{MAIN}")}>{ "Skip to main content" }</a>
            <header class="header">
                <div class="width width--wide">
                    <a class="header__service" href="../">{ browser::SERVICE }</a>
                    <span class="header__tagline">{ "Trainers' workshop" }</span>
                    <nav class="nav" aria-label="Main">
                        <ul class="nav__list">
                            <li><a class="nav__link" href="../">{ "Scenarios" }</a></li>
                            <li><a class="nav__link" href="./" aria-current="page">{ "Trainers' workshop" }</a></li>
                        </ul>
                    </nav>
                </div>
            </header>
            <div class="width width--wide">
                <main class="main" id={MAIN} tabindex="-1">{ page }</main>
            </div>
            <footer class="footer">
                <div class="width width--wide">
                    <h2 class="visually-hidden">{ "Privacy" }</h2>
                    <p>{ "Nothing you open, paste or type in the workshop is sent anywhere: the checks, the map and the play-test all run in this browser. Your draft is kept in this browser only, until you clear it." }</p>
                    <p>{ "How to write a scenario, field by field, is in AUTHORING.md and scenarios/README.md beside the app's source." }</p>
                </div>
            </footer>
            <div class="visually-hidden" aria-live="polite" aria-atomic="true">{ spoken }</div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    framework: Shared<Framework>,
    announce: Callback<String>,
}

/// Reads a file the trainer picked, whole, as bytes: nothing is uploaded.
async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read it".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn problems_said(checked: &Checked) -> String {
    let count = text::count_problems(checked.errors, checked.warnings);
    if checked.errors + checked.warnings == 0 {
        "No problems found.".to_string()
    } else {
        format!("{count} found.")
    }
}

/// Where a new text came from, which decides what else follows it.
enum Source {
    /// Typed in the text view: the textarea already holds it.
    Typed,
    /// A form's change.
    Form { what: String, field: Option<String> },
    /// A file opened, the template, or the editor cleared.
    Opened {
        name: String,
        original: Original,
        note: String,
    },
    /// Undo or redo, with what it did.
    History(String),
}

/// Which way the file is being edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum View {
    Forms,
    Text,
}

/// Where focus should go once the next change is drawn. A reducer, not a
/// state, so that two requests before a render (a keypress arriving before
/// the last change was drawn) still count as two and the focus still moves.
#[derive(Default, PartialEq)]
struct FocusRequest {
    seq: u32,
    target: Option<String>,
}

impl Reducible for FocusRequest {
    type Action = String;

    fn reduce(self: Rc<Self>, target: String) -> Rc<Self> {
        Rc::new(FocusRequest {
            seq: self.seq.wrapping_add(1),
            target: Some(target),
        })
    }
}

const FORMS_TAB: &str = "view-forms";
const TEXT_TAB: &str = "view-text";

#[component]
fn WorkshopPage(props: &PageProps) -> Html {
    let editor = use_node_ref();
    // A draft kept in this browser comes back after a reload.
    let restored = use_memo((), |_| draft::restore());
    let document = use_state(|| {
        Rc::new(match &*restored {
            Some(kept) => Document {
                seq: 0,
                opened: 0,
                name: kept.name.clone(),
                text: kept.text.clone(),
                original: kept.original(),
            },
            None => Document {
                seq: 0,
                opened: 0,
                name: "scenario.toml".into(),
                text: String::new(),
                original: Original::default(),
            },
        })
    });
    // The file as it stands: what the forms show and the checker checked.
    // Kept outside yew's state so that two changes in one turn build on
    // each other; `revision` draws the page again after each.
    let live = use_mut_ref(|| Rc::<str>::from(document.text.as_str()));
    let history = use_mut_ref(History::default);
    let revision = use_state(|| 0_u64);
    let doc = {
        let live = live.clone();
        use_memo(*revision, move |_| {
            Doc::parse(&live.borrow()).ok().map(Rc::new)
        })
    };
    let view = use_state(|| View::Forms);
    // Typing in the text view not yet given to the page (it waits for a pause).
    let unsent = use_mut_ref(|| Rc::new(Cell::new(false))).borrow().clone();
    let panel = use_state(|| Panel::Details);
    let focus = use_reducer(FocusRequest::default);
    let edit_failed = use_state(|| None::<String>);
    // The text an open replaced, so a slip can be undone.
    let replaced = use_state(|| None::<Rc<Document>>);
    let checked = use_state(|| None::<Shared<Checked>>);
    let opened_note = use_state(|| None::<String>);
    let download_failed = use_state(|| None::<String>);
    let keep_failed = use_state(|| None::<StoreError>);

    // Checks the text, says so when the count of problems changes, and
    // keeps the draft in this browser.
    let run_check = {
        let checked = checked.clone();
        let framework = props.framework.clone();
        let announce = props.announce.clone();
        let keep_failed = keep_failed.clone();
        Callback::from(
            move |(name, text, original, opened): (String, String, Original, Option<String>)| {
                let kept = draft::keep(&name, &text, original).err();
                if *keep_failed != kept {
                    keep_failed.set(kept);
                }
                if text.trim().is_empty() {
                    checked.set(None);
                    if let Some(opened) = opened {
                        announce.emit(opened);
                    }
                    return;
                }
                let next = check(&name, &text, &framework);
                let said = problems_said(&next);
                let changed = checked
                    .as_ref()
                    .is_none_or(|c| (c.errors, c.warnings) != (next.errors, next.warnings));
                match opened {
                    Some(opened) => announce.emit(format!("{opened} {said}")),
                    None if changed => announce.emit(said),
                    None => {}
                }
                checked.set(Some(Shared(Rc::new(next))));
            },
        )
    };

    // Every change to the file, from anywhere, comes through here: it is
    // recorded for undo, given to whichever view did not make it, checked
    // and kept.
    let set_text = {
        let (live, history, revision) = (live.clone(), history.clone(), revision.clone());
        let (document, run_check, opened_note) =
            (document.clone(), run_check.clone(), opened_note.clone());
        let view = view.clone();
        let announce = props.announce.clone();
        Callback::from(move |(text, source): (String, Source)| {
            let before = live.borrow().clone();
            let opened = matches!(source, Source::Opened { .. });
            let typed = matches!(source, Source::Typed);
            if *before == *text && !opened {
                return;
            }
            let (mut name, mut original) = (document.name.clone(), document.original);
            let mut note = None;
            match source {
                Source::Typed => {
                    history
                        .borrow_mut()
                        .record(before.clone(), "Typing in the text view", None)
                }
                Source::Form { what, field } => {
                    history
                        .borrow_mut()
                        .record(before.clone(), &what, field.as_deref())
                }
                Source::Opened {
                    name: opened_name,
                    original: opened_original,
                    note: opened_note_text,
                } => {
                    if !before.trim().is_empty() || !text.trim().is_empty() {
                        history
                            .borrow_mut()
                            .record(before.clone(), &opened_note_text, None);
                    }
                    name = opened_name;
                    original = opened_original;
                    opened_note.set(Some(opened_note_text.clone()));
                    note = Some(opened_note_text);
                    // A file that is not yet TOML opens in the text view, with its errors.
                    if Doc::parse(&text).is_err() {
                        view.set(View::Text);
                    }
                }
                Source::History(what) => announce.emit(what),
            }
            *live.borrow_mut() = Rc::from(text.as_str());
            // Typing is already in the textarea; anything else goes into it.
            if !typed {
                document.set(Rc::new(Document {
                    seq: document.seq + 1,
                    opened: document.opened + u32::from(opened),
                    name: name.clone(),
                    text: text.clone(),
                    original,
                }));
            }
            revision.set(*revision + 1);
            run_check.emit((name, text, original, note));
        })
    };

    // Takes typing the text view holds but has not yet given the page, so
    // nothing typed is lost to an open, an undo or a switch of view.
    let flush = {
        let (editor, unsent, set_text) = (editor.clone(), unsent.clone(), set_text.clone());
        Rc::new(move || {
            if unsent.replace(false) {
                if let Some(area) = editor.cast::<HtmlTextAreaElement>() {
                    set_text.emit((area.value(), Source::Typed));
                }
            }
        })
    };

    // Puts new text in the editor, keeping what it replaces for an undo.
    let replace = {
        let flush = flush.clone();
        let document = document.clone();
        let replaced = replaced.clone();
        let live = live.clone();
        let set_text = set_text.clone();
        Callback::from(
            move |(name, text, original, note): (String, String, Original, String)| {
                flush();
                let current = live.borrow().to_string();
                replaced.set((!current.trim().is_empty()).then(|| {
                    Rc::new(Document {
                        text: current,
                        ..(**document).clone()
                    })
                }));
                set_text.emit((
                    text,
                    Source::Opened {
                        name,
                        original,
                        note,
                    },
                ));
            },
        )
    };

    let on_file = {
        let replace = replace.clone();
        let opened_note = opened_note.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let replace = replace.clone();
            let opened_note = opened_note.clone();
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                match read_file(file).await {
                    Ok(bytes) => {
                        let opened = open_bytes(&bytes);
                        let mut note =
                            format!("Opened {name}: {} lines.", opened.text.lines().count());
                        if let Some(said) = text::encoding_note(opened.encoding) {
                            note.push(' ');
                            note.push_str(&said);
                        }
                        replace.emit((name, opened.text, opened.original, note));
                    }
                    Err(why) => {
                        opened_note.set(Some(format!("{name} could not be opened: {why}.")))
                    }
                }
            });
            // The same file can be picked again after more edits elsewhere.
            input.set_value("");
        })
    };
    let on_template = {
        let replace = replace.clone();
        Callback::from(move |_: MouseEvent| {
            replace.emit((
                "my-scenario.toml".into(),
                STARTER.to_string(),
                Original::default(),
                "Started from the template.".into(),
            ));
        })
    };
    let on_bring_back = {
        let replaced = replaced.clone();
        let replace = replace.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(before) = (*replaced).clone() {
                replace.emit((
                    before.name.clone(),
                    before.text.clone(),
                    before.original,
                    "Brought back the text that was replaced.".into(),
                ));
            }
        })
    };
    let on_typed = {
        let set_text = set_text.clone();
        Callback::from(move |text: String| set_text.emit((text, Source::Typed)))
    };
    let on_clear = {
        let replace = replace.clone();
        Callback::from(move |_: MouseEvent| {
            replace.emit((
                "scenario.toml".into(),
                String::new(),
                Original::default(),
                "Cleared the editor and the draft kept in this browser.".into(),
            ));
        })
    };
    {
        let run_check = run_check.clone();
        let opened_note = opened_note.clone();
        let view = view.clone();
        use_effect_with((), move |_| {
            if let Some(kept) = &*restored {
                let note = format!(
                    "Brought back your draft of {} from this browser.",
                    kept.name
                );
                opened_note.set(Some(note.clone()));
                if Doc::parse(&kept.text).is_err() {
                    view.set(View::Text);
                }
                run_check.emit((
                    kept.name.clone(),
                    kept.text.clone(),
                    kept.original(),
                    Some(note),
                ));
            }
        });
    }

    let step_history = |undo: bool| {
        let (live, history, set_text) = (live.clone(), history.clone(), set_text.clone());
        let flush = flush.clone();
        Callback::from(move |_: MouseEvent| {
            flush();
            let current = live.borrow().clone();
            let step = if undo {
                history.borrow_mut().undo(current)
            } else {
                history.borrow_mut().redo(current)
            };
            if let Some((text, what)) = step {
                let said = format!(
                    "{}: {}.",
                    if undo { "Undone" } else { "Redone" },
                    what.to_lowercase()
                );
                set_text.emit((text.to_string(), Source::History(said)));
            }
        })
    };
    let (on_undo, on_redo) = (step_history(true), step_history(false));

    // A form's change: made on the file as it is now, then recorded like any other.
    let on_form_change = {
        let (live, set_text, edit_failed) = (live.clone(), set_text.clone(), edit_failed.clone());
        let (panel, focus, announce) = (panel.clone(), focus.clone(), props.announce.clone());
        Callback::from(move |change: Change| {
            let Ok(doc) = Doc::parse(&live.borrow()) else {
                edit_failed.set(Some("The file has a TOML syntax error, so the forms cannot change it. Fix it in the text view.".into()));
                return;
            };
            match (change.edit)(&doc) {
                Ok(text) => {
                    edit_failed.set(None);
                    if change.field.is_none() {
                        announce.emit(format!("{}.", change.what));
                    }
                    set_text.emit((
                        text,
                        Source::Form {
                            what: change.what.clone(),
                            field: change.field.clone(),
                        },
                    ));
                    if let Some(next) = change.panel {
                        panel.set(next);
                    }
                    if let Some(id) = change.focus {
                        focus.dispatch(id);
                    }
                }
                Err(why) => {
                    announce.emit(why.0.clone());
                    edit_failed.set(Some(why.0));
                }
            }
        })
    };
    let on_panel = {
        let (panel, focus) = (panel.clone(), focus.clone());
        Callback::from(move |next: Panel| {
            browser::note_interaction();
            panel.set(next);
            focus.dispatch(forms::PANEL_HEADING.to_string());
        })
    };
    // Focus follows a change once it is drawn: a new option's text, the
    // heading of a scene just opened.
    {
        use_effect_with(focus.seq, {
            let target = focus.target.clone();
            move |_| {
                if let Some(id) = target {
                    if !browser::focus_existing(&id) {
                        browser::focus_id(forms::PANEL_HEADING);
                    }
                }
            }
        });
    }

    let select_view = |next: View| {
        let (view, flush) = (view.clone(), flush.clone());
        Callback::from(move |_: MouseEvent| {
            flush();
            view.set(next);
        })
    };
    // Arrow keys move between the two tabs, as in any tab list.
    let on_tab_key = {
        let (view, flush) = (view.clone(), flush.clone());
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowLeft" | "ArrowRight" | "Home" | "End" => {
                    if *view == View::Forms {
                        View::Text
                    } else {
                        View::Forms
                    }
                }
                _ => return,
            };
            e.prevent_default();
            flush();
            view.set(next);
            browser::focus_id(if next == View::Forms {
                FORMS_TAB
            } else {
                TEXT_TAB
            });
        })
    };

    // Takes the trainer to a problem: in the text, its line and column,
    // selected; in the forms, the field it concerns.
    let on_jump = {
        let editor = editor.clone();
        let (view, panel, focus, doc, checked) = (
            view.clone(),
            panel.clone(),
            focus.clone(),
            doc.clone(),
            checked.clone(),
        );
        Callback::from(move |(line, column, width): (usize, usize, usize)| {
            let in_forms = *view == View::Forms;
            if let (true, Some(doc), Some(checked)) = (in_forms, &*doc, &*checked) {
                // A problem folded under its cause is taken to its own field.
                let placed = checked
                    .draft
                    .diagnostics
                    .iter()
                    .flat_map(|d| d.all())
                    .find(|d| (d.line, d.column) == (line, column))
                    .filter(|_| checked.source.text == doc.text)
                    .and_then(|d| forms::place_one(doc, d));
                if let Some(placed) = placed {
                    panel.set(placed.panel);
                    focus.dispatch(placed.field);
                    return;
                }
            }
            if in_forms {
                view.set(View::Text);
            }
            if let Some(area) = editor.cast::<HtmlTextAreaElement>() {
                let (start, end) = utf16_range(&area.value(), line, column, width);
                editor::select(&area, start, end, line);
            }
        })
    };
    // Opens a scene from the map: its form, or the line where its table starts.
    let on_open_scene = {
        let editor = editor.clone();
        let checked = checked.clone();
        let (view, on_panel, doc) = (view.clone(), on_panel.clone(), doc.clone());
        Callback::from(move |node: usize| {
            let Some(checked) = &*checked else { return };
            let Some(start) = checked.map.as_ref().and_then(|m| m.nodes.get(node)) else {
                return;
            };
            if *view == View::Forms {
                if let Some(n) = doc
                    .as_ref()
                    .as_ref()
                    .and_then(|d| scene_at(d, start.span_start))
                {
                    on_panel.emit(Panel::Scene(n));
                }
                return;
            }
            let Some(area) = editor.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let source = &checked.source;
            let at = start.span_start;
            let (line, _) = source.line_col(at);
            let value = area.value();
            // The editor may hold a few keystrokes more than the map; if so,
            // open the same line rather than the same offset.
            let (from, to) = if value == source.text {
                utf16_rest_of_line(&value, at)
            } else {
                utf16_range(&value, line, 1, usize::MAX)
            };
            editor::select(&area, from, to, line);
        })
    };
    let on_download = {
        let editor = editor.clone();
        let checked = checked.clone();
        let document = document.clone();
        let download_failed = download_failed.clone();
        let announce = props.announce.clone();
        let (view, live) = (view.clone(), live.clone());
        Callback::from(move |_: MouseEvent| {
            // The text view may hold keystrokes not yet checked; the forms'
            // changes are all in the file already.
            let text = match (*view, editor.cast::<HtmlTextAreaElement>()) {
                (View::Text, Some(area)) => area.value(),
                _ => live.borrow().to_string(),
            };
            let name = file_name(checked.as_ref().and_then(|c| c.id()));
            let file = to_file(&text, document.original);
            match browser::download(&name, "text/plain;charset=utf-8", &file) {
                Ok(()) => {
                    download_failed.set(None);
                    announce.emit(format!("Downloading {name}."));
                }
                Err(why) => download_failed.set(Some(why)),
            }
        })
    };

    let current = (*checked).clone();
    let save_as = file_name(current.as_ref().and_then(|c| c.id()));
    let playable = current
        .as_ref()
        .and_then(|c| c.playable.clone())
        .map(Shared);
    let placed = use_memo(
        ((*doc).clone().map(Shared), current.clone()),
        |(doc, checked)| match (doc, checked) {
            (Some(doc), Some(checked)) => forms::place(doc, checked),
            _ => Vec::new(),
        },
    );
    let ctx = use_memo(((*doc).clone().map(Shared), placed.clone()), {
        let (framework, on_form_change, on_panel) = (
            props.framework.clone(),
            on_form_change.clone(),
            on_panel.clone(),
        );
        move |(doc, placed): &(Option<Shared<Doc>>, Rc<Vec<forms::Placed>>)| {
            doc.as_ref().map(|doc| {
                Rc::new(FormCtx::new(
                    doc.0.clone(),
                    framework,
                    placed,
                    on_form_change,
                    on_panel,
                ))
            })
        }
    });
    let history_now = history.borrow().clone();
    let undo_label = history_now
        .next_undo()
        .map(|w| format!("Undo: {}", w.to_lowercase()));
    let redo_label = history_now
        .next_redo()
        .map(|w| format!("Redo: {}", w.to_lowercase()));
    let in_forms = *view == View::Forms;
    let map = html! {
        <MapView checked={current.clone()} framework={props.framework.clone()} on_open={on_open_scene} seq={document.opened} compact={in_forms} />
    };
    let forms_panel = match (&*ctx, in_forms) {
        (_, false) => Html::default(),
        (Some(ctx), true) => html! {
            <div class="editing">
                <section class="editing__map" aria-labelledby="map-title">
                    <h3 class="heading-s" id="map-title">{ "Scenario map" }</h3>
                    { map.clone() }
                </section>
                <div class="editing__forms">
                    if let Some(why) = &*edit_failed {
                        <div class="notification notification--alert" role="alert">
                            <h3 class="notification__heading">{ "That change was not made" }</h3>
                            <p>{ why }</p>
                        </div>
                    }
                    <Forms ctx={ctx.clone()} panel={*panel} placed={placed.clone()} />
                </div>
            </div>
        },
        (None, true) => html! {
            <div class="inset" id="forms-waiting">
                <p class="body">{ "The file is not TOML at the moment, so the forms are waiting: the first problem below says where. Fix it in the text view, and the forms come back as soon as the file reads." }</p>
                <button type="button" class="button button--secondary" onclick={select_view(View::Text)}>{ "Go to the text view" }</button>
            </div>
        },
    };
    let tab = |which: View, id: &'static str, words: &'static str, controls: &'static str| {
        let selected = *view == which;
        html! {
            <button type="button" role="tab" id={id} class={classes!("tabs__tab", selected.then_some("tabs__tab--selected"))}
                aria-selected={if selected { "true" } else { "false" }} aria-controls={controls}
                tabindex={if selected { "0" } else { "-1" }} onclick={select_view(which)} onkeydown={on_tab_key.clone()}>
                { words }
            </button>
        }
    };
    html! {
        <>
            <PageHeading text="Trainers' workshop" />
            <p class="lead">{ "Write a scenario with the forms (or in its text, if you prefer), check it as you go, see its map and play-test it from any scene. Nothing you open, paste or type here is sent anywhere." }</p>

            <section class="section" aria-labelledby="open-title">
                <h2 class="heading-m" id="open-title">{ "Open a scenario" }</h2>
                <div class="form-group">
                    <label class="label-block" for="open-file">{ "Open a scenario file from this computer" }</label>
                    <p class="hint" id="open-file-hint">{ "A .toml file. It is read here in the browser, not uploaded, and replaces what is being edited." }</p>
                    <input class="file-input" id="open-file" type="file" accept=".toml,text/plain" aria-describedby="open-file-hint" onchange={on_file} />
                </div>
                <p class="body">{ "Or start a new scenario in the forms below, paste one into the text view, or start from a small scenario that passes every check, with comments saying what to change." }</p>
                <div class="button-group">
                    <button type="button" class="button button--secondary" id="start-template" onclick={on_template}>{ "Start from the template" }</button>
                    if replaced.is_some() {
                        <button type="button" class="link-button" onclick={on_bring_back}>{ "Bring back the text that was replaced" }</button>
                    }
                </div>
                if let Some(note) = &*opened_note {
                    <p class="body workshop__note" id="opened-note">{ note }</p>
                }
            </section>

            <section class="section" aria-labelledby="edit-title">
                <h2 class="heading-m" id="edit-title">{ "Scenario" }</h2>
                <div class="edit-bar">
                    <div class="tabs" role="tablist" aria-label="How to edit the scenario">
                        { tab(View::Forms, FORMS_TAB, "Forms", "forms-panel") }
                        { tab(View::Text, TEXT_TAB, "Text (TOML)", "text-panel") }
                    </div>
                    <div class="button-group button-group--small edit-bar__history">
                        <button type="button" class="button button--secondary button--small" id="undo" onclick={on_undo} disabled={undo_label.is_none()}>
                            { undo_label.clone().unwrap_or_else(|| "Undo".into()) }
                        </button>
                        <button type="button" class="button button--secondary button--small" id="redo" onclick={on_redo} disabled={redo_label.is_none()}>
                            { redo_label.clone().unwrap_or_else(|| "Redo".into()) }
                        </button>
                    </div>
                </div>
                <div role="tabpanel" id="forms-panel" aria-labelledby={FORMS_TAB} hidden={!in_forms}>
                    { forms_panel }
                </div>
                <div role="tabpanel" id="text-panel" aria-labelledby={TEXT_TAB} hidden={in_forms}>
                    <Editor node={editor.clone()} document={(*document).clone()} on_change={on_typed} unsent={unsent.clone()} />
                </div>
                <div class="button-group">
                    <button type="button" class="button" id="download-file" onclick={on_download} aria-describedby="download-hint">{ "Download the file" }</button>
                    <p class="hint" id="download-hint">{ format!("Saves it as {save_as}, with your comments and layout as you wrote them.") }</p>
                </div>
                <p class="hint">
                    { "Until you download it, your draft is kept in this browser only (never sent anywhere), so reloading the page does not lose it. " }
                    <button type="button" class="link-button" onclick={on_clear}>{ "Clear the editor and the kept draft" }</button>
                </p>
                if let Some(error) = &*keep_failed {
                    <div class="notification notification--alert" role="alert">
                        <h3 class="notification__heading">{ "Your draft is not being kept in this browser" }</h3>
                        <p>{ format!("The workshop tried to keep your draft, but {error}. Download the file now and then to keep your work; it tries again with each change.") }</p>
                    </div>
                }
                if let Some(why) = &*download_failed {
                    <p class="error-message" role="alert">{ format!("The download did not start: {why}.") }</p>
                }
            </section>

            <Problems checked={current.clone()} on_jump={on_jump} editor_id={if in_forms { FORMS_TAB } else { EDITOR_ID }} />

            if !in_forms {
                <section class="section" aria-labelledby="map-title">
                    <h2 class="heading-m" id="map-title">{ "Scenario map" }</h2>
                    { map }
                </section>
            }

            <section class="section" aria-labelledby="playtest-title">
                <h2 class="heading-m" id="playtest-title">{ "Play-test" }</h2>
                <Playtest scenario={playable.clone()} framework={props.framework.clone()} announce={props.announce.clone()} />
            </section>

            <section class="section" aria-labelledby="package-title-heading">
                <h2 class="heading-m" id="package-title-heading">{ "Package for your LMS" }</h2>
                <package::PackageForm
                    draft={playable.as_ref().zip(current.as_ref()).map(|(s, c)| (s.id.clone(), c.source.text.clone()))}
                    pass={props.framework.competencies.pass}
                />
            </section>
        </>
    }
}
