//! "Package these scenarios for your LMS": a trainer with no toolchain
//! chooses scenarios from the library (and their draft), a title, a pass mark
//! and a standard; the workshop fetches the built app beside it
//! (`../app-files.txt` lists its files), makes the package with the core
//! (`core::package`, exactly what `scenario package` makes) and downloads
//! the zip. Nothing is sent anywhere.

use crate::app::browser;
use crate::core::diagnostic::SourceFile;
use crate::core::library::{scenario_ids, Manifest, Module, DATA_FILES};
use crate::core::package::{self, Dist, Spec, Standard, APP_FILES, DEFAULT_IRI_BASE};
use std::collections::{BTreeMap, BTreeSet};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlSelectElement, Response};
use yew::prelude::*;

/// The app's folder, relative to the workshop page.
const APP: &str = "../";

async fn get(path: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(&format!("{APP}{path}")))
        .await
        .map_err(|_| format!("{path} could not be fetched"))?
        .dyn_into()
        .map_err(|_| format!("{path} could not be fetched"))?;
    if !response.ok() {
        return Err(format!(
            "{path}: the server answered HTTP {}",
            response.status()
        ));
    }
    let buffer = JsFuture::from(
        response
            .array_buffer()
            .map_err(|_| format!("{path} could not be read"))?,
    )
    .await
    .map_err(|_| format!("{path} could not be read"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The built app and the scenarios folder, as the server has them.
async fn dist(ids: &[String], draft: Option<&(String, String)>) -> Result<Dist, String> {
    let mut files = BTreeMap::new();
    let list = get(APP_FILES).await?;
    files.insert(APP_FILES.to_string(), list.clone());
    for path in String::from_utf8_lossy(&list)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        files.insert(path.to_string(), get(path).await?);
    }
    for name in DATA_FILES {
        if let Ok(bytes) = get(&format!("scenarios/{name}")).await {
            files.insert(format!("scenarios/{name}"), bytes);
        }
    }
    for id in ids {
        let path = format!("scenarios/{}", Manifest::file_name(id));
        if draft.is_some_and(|(draft_id, _)| draft_id == id) {
            continue;
        }
        files.insert(path.clone(), get(&path).await?);
    }
    if let Some((id, text)) = draft {
        files.insert(
            format!("scenarios/{}", Manifest::file_name(id)),
            text.clone().into_bytes(),
        );
    }
    Ok(Dist { files })
}

#[derive(Properties, PartialEq)]
pub struct PackageProps {
    /// The draft's id and text, when it has no errors.
    pub draft: Option<(String, String)>,
    /// The framework's pass mark, the default.
    pub pass: u32,
}

#[component]
pub fn PackageForm(props: &PackageProps) -> Html {
    let library = use_state(|| None::<Result<Vec<Module>, String>>);
    let chosen = use_state(BTreeSet::<String>::new);
    let with_draft = use_state(|| true);
    let title = use_state(String::new);
    let pass = use_state(|| props.pass.to_string());
    let standard = use_state(|| Standard::Scorm12);
    let status = use_state(|| None::<Result<String, String>>);
    let busy = use_state(|| false);
    {
        let library = library.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let read = get("scenarios/manifest.toml").await.and_then(|bytes| {
                    Manifest::parse(&SourceFile::new(
                        "scenarios/manifest.toml",
                        String::from_utf8_lossy(&bytes),
                    ))
                    .map(|m| m.modules)
                    .map_err(|d| d.render())
                });
                library.set(Some(read));
            });
        });
    }
    let toggle = |id: String| {
        let chosen = chosen.clone();
        Callback::from(move |_: Event| {
            let mut next = (*chosen).clone();
            if !next.remove(&id) {
                next.insert(id.clone());
            }
            chosen.set(next);
        })
    };
    let on_title = {
        let title = title.clone();
        Callback::from(move |e: InputEvent| {
            title.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_pass = {
        let pass = pass.clone();
        Callback::from(move |e: InputEvent| {
            pass.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_standard = {
        let standard = standard.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            standard.set(Standard::from_id(&value).unwrap_or(Standard::Scorm12));
        })
    };
    let on_draft = {
        let with_draft = with_draft.clone();
        Callback::from(move |_: Event| with_draft.set(!*with_draft))
    };
    let on_submit = {
        let (chosen, with_draft, title, pass, standard, status, busy) = (
            chosen.clone(),
            with_draft.clone(),
            title.clone(),
            pass.clone(),
            standard.clone(),
            status.clone(),
            busy.clone(),
        );
        let draft = props.draft.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let draft = draft.clone().filter(|_| *with_draft);
            let mut ids: Vec<String> = chosen.iter().cloned().collect();
            if let Some((id, _)) = &draft {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            let title = title.trim().to_string();
            let problem = if ids.is_empty() {
                Some("Choose at least one scenario to package.")
            } else if title.is_empty() {
                Some("Give the package a title, as officers will see it in the LMS.")
            } else {
                None
            };
            let Ok(mastery) = pass.trim().parse::<u32>().map_err(|_| ()).and_then(|p| {
                if p <= 100 {
                    Ok(p)
                } else {
                    Err(())
                }
            }) else {
                status.set(Some(Err(
                    "The pass mark must be a whole number from 0 to 100.".into(),
                )));
                return;
            };
            if let Some(problem) = problem {
                status.set(Some(Err(problem.into())));
                return;
            }
            let id: String = title
                .to_ascii_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
                .split('-')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            let spec = Spec {
                id: if id.is_empty() {
                    "package".into()
                } else {
                    id.clone()
                },
                title: title.clone(),
                description: title.clone(),
                modules: vec![Module {
                    id: if id.is_empty() { "package".into() } else { id },
                    title: title.clone(),
                    summary: title,
                    scenarios: ids.clone(),
                }],
                mastery,
                standard: *standard,
                iri_base: DEFAULT_IRI_BASE.into(),
            };
            let status = status.clone();
            let busy = busy.clone();
            busy.set(true);
            status.set(Some(Ok("Making the package…".into())));
            wasm_bindgen_futures::spawn_local(async move {
                let made = match dist(&ids, draft.as_ref()).await {
                    Ok(dist) => package::build(&dist, &spec),
                    Err(why) => Err(why),
                };
                status.set(Some(match made {
                    Ok((name, bytes)) => browser::download_bytes(&name, "application/zip", &bytes)
                        .map(|()| format!("{name} is downloading ({} KB). Upload it to your LMS as a {} package.", bytes.len() / 1024, spec.standard.label()))
                        .map_err(|why| format!("The download did not start: {why}.")),
                    Err(why) => Err(format!("The package was not made: {why}")),
                }));
                busy.set(false);
            });
        })
    };
    let scenarios: Vec<String> = match &*library {
        Some(Ok(modules)) => scenario_ids(modules),
        _ => Vec::new(),
    };
    html! {
        <form novalidate=true onsubmit={on_submit} aria-describedby="package-hint">
            <p class="hint" id="package-hint">{ "Makes a zip your learning management system can take, with the app and the scenarios you choose, built here in your browser from the files beside the app. Officers who open it in the LMS have their results recorded there." }</p>
            if let Some((id, _)) = &props.draft {
                <div class="checkboxes__item">
                    <input class="checkboxes__input" type="checkbox" id="package-draft" checked={*with_draft} onchange={on_draft} />
                    <label class="checkboxes__label" for="package-draft">{ format!("Your draft ({id})") }</label>
                </div>
            }
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{ "Scenarios from the library" }</legend>
                { match &*library {
                    None => html! { <p class="body" role="status">{ "Loading the list of scenarios…" }</p> },
                    Some(Err(why)) => html! { <p class="error-message">{ format!("The list of scenarios could not be read: {why}") }</p> },
                    Some(Ok(_)) => html! {
                        <div class="checkboxes">
                            { for scenarios.iter().map(|id| html! {
                                <div class="checkboxes__item">
                                    <input class="checkboxes__input" type="checkbox" id={format!("package-{id}")} checked={chosen.contains(id)} onchange={toggle(id.clone())} />
                                    <label class="checkboxes__label" for={format!("package-{id}")}>{ id }</label>
                                </div>
                            }) }
                        </div>
                    },
                } }
            </fieldset>
            <div class="form-group">
                <label class="label-block" for="package-title">{ "Title in the LMS" }</label>
                <input class="input" id="package-title" type="text" value={(*title).clone()} oninput={on_title} />
            </div>
            <div class="form-group">
                <label class="label-block" for="package-pass">{ "Pass mark (0 to 100)" }</label>
                <input class="input input--short" id="package-pass" type="text" inputmode="numeric" value={(*pass).clone()} oninput={on_pass} />
            </div>
            <div class="form-group">
                <label class="label-block" for="package-standard">{ "Standard" }</label>
                <select class="select" id="package-standard" onchange={on_standard}>
                    { for Standard::ALL.iter().map(|s| html! { <option value={s.id()} selected={*standard == *s}>{ s.label() }</option> }) }
                </select>
            </div>
            <button type="submit" class="button" id="make-package" disabled={*busy}>{ "Package these scenarios for your LMS" }</button>
            <div role="status">
                if let Some(result) = &*status {
                    { match result {
                        Ok(text) => html! { <p class="body">{ text }</p> },
                        Err(text) => html! { <pre class="error-message">{ text }</pre> },
                    } }
                }
            </div>
        </form>
    }
}
