//! The trainers' workshop: a separate page and bundle (`dist/workshop/`)
//! where a trainer opens, pastes or starts a scenario file, edits it with
//! the checker's messages updating as they type, sees the scenario map and
//! each competency's range, play-tests from any scene, and downloads the
//! file exactly as typed. Everything runs in the browser: the only requests
//! are for the framework files beside the app (`../scenarios/`).
//!
//! Like the officer's app, this is a thin shell: the core checks, lays out
//! the map, runs the play-test and builds the report (`check` gathers what
//! the views draw); the views only draw it and send the trainer's actions
//! back. Scenario text is only ever rendered as text nodes.

mod check;
mod draft;
mod editor;
mod map;
mod package;
mod playtest;
mod problems;
pub mod text;

use crate::app::fetch::{self, LoadFailure};
use crate::app::layout::PageHeading;
use crate::app::storage::StoreError;
use crate::app::{browser, Shared};
use crate::core::framework::Framework;
use crate::core::starter::STARTER;
use check::{check, Checked};
use editor::{Editor, EDITOR_ID};
use map::MapView;
use playtest::Playtest;
use problems::Problems;
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

/// What the editor holds after an open: a new `seq` makes the editor take
/// the text, replacing whatever was typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub seq: u32,
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

#[component]
fn WorkshopPage(props: &PageProps) -> Html {
    let editor = use_node_ref();
    // A draft kept in this browser comes back after a reload.
    let restored = use_memo((), |_| draft::restore());
    let document = use_state(|| {
        Rc::new(match &*restored {
            Some(kept) => Document {
                seq: 0,
                name: kept.name.clone(),
                text: kept.text.clone(),
                original: kept.original(),
            },
            None => Document {
                seq: 0,
                name: "scenario.toml".into(),
                text: String::new(),
                original: Original::default(),
            },
        })
    });
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

    // Puts new text in the editor, keeping what it replaces for an undo.
    let replace = {
        let document = document.clone();
        let replaced = replaced.clone();
        let editor = editor.clone();
        let run_check = run_check.clone();
        let opened_note = opened_note.clone();
        Callback::from(
            move |(name, text, original, note): (String, String, Original, String)| {
                let current = editor
                    .cast::<HtmlTextAreaElement>()
                    .map(|area| area.value())
                    .unwrap_or_default();
                replaced.set((!current.trim().is_empty()).then(|| {
                    Rc::new(Document {
                        text: current,
                        ..(**document).clone()
                    })
                }));
                document.set(Rc::new(Document {
                    seq: document.seq + 1,
                    name: name.clone(),
                    text: text.clone(),
                    original,
                }));
                opened_note.set(Some(note.clone()));
                run_check.emit((name, text, original, Some(note)));
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
                        if opened.replaced {
                            note.push_str(" Some of its bytes were not UTF-8 and show as �: save it as UTF-8.");
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
    let on_undo = {
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
    let on_change = {
        let document = document.clone();
        let run_check = run_check.clone();
        Callback::from(move |text: String| {
            run_check.emit((document.name.clone(), text, document.original, None));
        })
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
        use_effect_with((), move |_| {
            if let Some(kept) = &*restored {
                let note = format!(
                    "Brought back your draft of {} from this browser.",
                    kept.name
                );
                opened_note.set(Some(note.clone()));
                run_check.emit((
                    kept.name.clone(),
                    kept.text.clone(),
                    kept.original(),
                    Some(note),
                ));
            }
        });
    }

    // Takes the trainer to a problem: its line and column, selected.
    let on_jump = {
        let editor = editor.clone();
        Callback::from(move |(line, column, width): (usize, usize, usize)| {
            if let Some(area) = editor.cast::<HtmlTextAreaElement>() {
                let (start, end) = utf16_range(&area.value(), line, column, width);
                editor::select(&area, start, end, line);
            }
        })
    };
    // Opens a scene from the map: the line where its table starts.
    let on_open_scene = {
        let editor = editor.clone();
        let checked = checked.clone();
        Callback::from(move |node: usize| {
            let (Some(area), Some(checked)) = (editor.cast::<HtmlTextAreaElement>(), &*checked)
            else {
                return;
            };
            let Some(start) = checked.map.as_ref().and_then(|m| m.nodes.get(node)) else {
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
        Callback::from(move |_: MouseEvent| {
            let Some(area) = editor.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let name = file_name(checked.as_ref().and_then(|c| c.id()));
            let file = to_file(&area.value(), document.original);
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
    html! {
        <>
            <PageHeading text="Trainers' workshop" />
            <p class="lead">{ "Write a scenario, check it as you type, see its map and play-test it from any scene. Nothing you open, paste or type here is sent anywhere." }</p>

            <section class="section" aria-labelledby="open-title">
                <h2 class="heading-m" id="open-title">{ "Open a scenario" }</h2>
                <div class="form-group">
                    <label class="label-block" for="open-file">{ "Open a scenario file from this computer" }</label>
                    <p class="hint" id="open-file-hint">{ "A .toml file. It is read here in the browser, not uploaded, and replaces the text in the editor." }</p>
                    <input class="file-input" id="open-file" type="file" accept=".toml,text/plain" aria-describedby="open-file-hint" onchange={on_file} />
                </div>
                <p class="body">{ "Or paste a scenario into the editor below, or start from a small scenario that passes every check, with comments saying what to change." }</p>
                <div class="button-group">
                    <button type="button" class="button button--secondary" id="start-template" onclick={on_template}>{ "Start from the template" }</button>
                    if replaced.is_some() {
                        <button type="button" class="link-button" onclick={on_undo}>{ "Bring back the text that was replaced" }</button>
                    }
                </div>
                if let Some(note) = &*opened_note {
                    <p class="body workshop__note" id="opened-note">{ note }</p>
                }
            </section>

            <section class="section" aria-labelledby="edit-title">
                <h2 class="heading-m" id="edit-title">{ "Scenario file" }</h2>
                <Editor node={editor.clone()} document={(*document).clone()} on_change={on_change} />
                <div class="button-group">
                    <button type="button" class="button" id="download-file" onclick={on_download} aria-describedby="download-hint">{ "Download the file" }</button>
                    <p class="hint" id="download-hint">{ format!("Saves it as {save_as}, exactly as typed, with your comments and layout.") }</p>
                </div>
                <p class="hint">
                    { "Until you download it, your draft is kept in this browser only (never sent anywhere), so reloading the page does not lose it. " }
                    <button type="button" class="link-button" onclick={on_clear}>{ "Clear the editor and the kept draft" }</button>
                </p>
                if let Some(error) = &*keep_failed {
                    <div class="notification notification--alert" role="alert">
                        <h3 class="notification__heading">{ "Your draft is not being kept in this browser" }</h3>
                        <p>{ format!("The workshop tried to keep your draft, but {error}. Download the file now and then to keep your work; it tries again each time you pause typing.") }</p>
                    </div>
                }
                if let Some(why) = &*download_failed {
                    <p class="error-message" role="alert">{ format!("The download did not start: {why}.") }</p>
                }
            </section>

            <Problems checked={current.clone()} on_jump={on_jump} editor_id={EDITOR_ID} />

            <section class="section" aria-labelledby="map-title">
                <h2 class="heading-m" id="map-title">{ "Scenario map" }</h2>
                <MapView checked={current.clone()} framework={props.framework.clone()} on_open={on_open_scene} seq={document.seq} />
            </section>

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
