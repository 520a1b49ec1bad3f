//! Fetching the scenario files beside the app, at the edge. Every URL is
//! relative, so the app only ever asks its own origin, under whatever path
//! it is served from.

use crate::app::checker;
use crate::core::catalogue::{Availability, Catalogue, Listing, SourceHashes};
use crate::core::diagnostic::SourceFile;
use crate::core::framework::{Framework, FrameworkFiles, Practice};
use crate::core::library::Manifest;
use crate::core::model::{content_hash, Scenario};
pub use crate::core::publish::LoadFailure;
use crate::core::publish::{
    decode, encode, CheckRequest, Checked, CompiledScenario, CHECKER_VERSION, COMPILED_DIR,
    INDEX_FILE,
};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCache, RequestInit, Response};

const UTF8_BOM: &[u8] = "\u{feff}".as_bytes();

/// A request already sent, so several can be in flight at once.
pub(crate) struct Pending {
    url: String,
    promise: Result<js_sys::Promise, String>,
}

pub(crate) fn describe(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the request failed".into())
}

/// The request boot.js already sent for this URL, if any (each is taken once).
fn sent_at_boot(url: &str) -> Option<js_sys::Promise> {
    let window: JsValue = web_sys::window()?.into();
    let sent = js_sys::Reflect::get(&window, &"appData".into()).ok()?;
    let sent: js_sys::Map = sent.dyn_into().ok()?;
    let key = JsValue::from_str(url);
    let promise = sent.get(&key).dyn_into().ok()?;
    sent.delete(&key);
    Some(promise)
}

pub(crate) fn send(url: &str) -> Pending {
    if let Some(promise) = sent_at_boot(url) {
        return Pending {
            url: url.to_string(),
            promise: Ok(promise),
        };
    }
    let init = RequestInit::new();
    // Revalidate each time, so a scenario a trainer has just added or fixed shows up.
    init.set_cache(RequestCache::NoCache);
    let promise = Request::new_with_str_and_init(url, &init)
        .map_err(describe)
        .and_then(|request| {
            web_sys::window()
                .map(|w| w.fetch_with_request(&request))
                .ok_or_else(|| "no browser window".to_string())
        });
    Pending {
        url: url.to_string(),
        promise,
    }
}

/// The response, `None` when the server has no such file.
async fn respond(pending: Pending) -> Result<Option<Response>, String> {
    let response: Response = JsFuture::from(pending.promise?)
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    if response.status() == 404 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(format!("the server answered HTTP {}", response.status()));
    }
    Ok(Some(response))
}

/// The file's text, `None` when the server has no such file.
async fn receive(pending: Pending) -> Result<Option<SourceFile>, String> {
    let url = pending.url.clone();
    let Some(response) = respond(pending).await? else {
        return Ok(None);
    };
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(Some(SourceFile::new(
        url,
        text.as_string().unwrap_or_default(),
    )))
}

async fn required(pending: Pending) -> Result<SourceFile, LoadFailure> {
    let url = pending.url.clone();
    let failure = |why: String| LoadFailure {
        summary: format!("The file {url} could not be loaded: {why}."),
        details: Vec::new(),
    };
    receive(pending)
        .await
        .map_err(&failure)?
        .ok_or_else(|| failure("it is not on the server".into()))
}

/// The manifest and settings found on the server at start, for any
/// compiling the checker module does later in this visit.
#[derive(Clone)]
struct Found {
    manifest: String,
    settings: Option<String>,
}

type InFlight = Shared<LocalBoxFuture<'static, Result<Rc<Opened>, LoadFailure>>>;

thread_local! {
    static FOUND: RefCell<Found> = const { RefCell::new(Found { manifest: String::new(), settings: None }) };
    /// Compiled scenarios this visit has read. A list, not a map: a library
    /// holds tens of scenarios, and each map type adds kilobytes of code to
    /// the officer's download.
    static SCENARIOS: RefCell<Vec<Rc<Opened>>> = const { RefCell::new(Vec::new()) };
    /// Scenarios being fetched, by id, so a prefetch and an open share one request.
    static PENDING: RefCell<Vec<(String, InFlight)>> = const { RefCell::new(Vec::new()) };
}

pub(crate) async fn text(pending: Pending) -> Result<Option<String>, String> {
    Ok(receive(pending).await?.map(|file| file.text))
}

/// A file's bytes, `None` when the server does not have it.
pub(crate) async fn bytes(pending: Pending) -> Result<Option<Vec<u8>>, String> {
    let Some(response) = respond(pending).await? else {
        return Ok(None);
    };
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(Some(js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// The library for the home page: the compiled index, when the manifest and
/// settings on the server are the ones it was compiled from. Otherwise a
/// force has changed them, and the checker module (loaded only now) reads
/// them and compiles any listed scenario the index does not hold.
pub async fn catalogue() -> Result<Catalogue, LoadFailure> {
    let index = send(&format!("{COMPILED_DIR}/{INDEX_FILE}"));
    let manifest = send("scenarios/manifest.toml");
    let settings = send("scenarios/settings.toml");

    let index: Option<Catalogue> = match bytes(index).await {
        Ok(Some(bytes)) => decode::<Catalogue>(&bytes)
            .ok()
            .filter(|index| index.checker == CHECKER_VERSION),
        _ => None,
    };
    let manifest = required(manifest).await?.text;
    let settings = text(settings).await.map_err(|why| LoadFailure {
        summary: format!(
            "The force settings (scenarios/settings.toml) could not be loaded: {why}."
        ),
        details: Vec::new(),
    })?;
    let hashes = SourceHashes::of(Some(&manifest), settings.as_deref());
    FOUND.with(|found| {
        *found.borrow_mut() = Found {
            manifest: manifest.clone(),
            settings: settings.clone(),
        }
    });
    let index = match index {
        Some(index) if index.sources == hashes => return Ok(index),
        other => other,
    };

    // Read the changed sources, then compile what the index does not hold.
    let sources = check(Vec::new()).await?.sources;
    let compiled_at_release = |id: &str| {
        index
            .as_ref()
            .and_then(|index| index.entry(id))
            .filter(|entry| entry.listing().is_some())
            .cloned()
    };
    let mut entries = Vec::new();
    let mut pending = Vec::new();
    for id in sources.scenario_ids() {
        match compiled_at_release(&id) {
            Some(entry) => entries.push(entry),
            None => {
                let request = send(&format!("scenarios/{}", Manifest::file_name(&id)));
                pending.push((id, request));
            }
        }
    }
    if !pending.is_empty() {
        let mut files = Vec::with_capacity(pending.len());
        for (id, request) in pending {
            // Bytes, so the checker can say when a file was saved in the wrong encoding.
            let file = match bytes(request).await {
                Ok(Some(bytes)) => Ok(bytes),
                Ok(None) => Err(format!(
                    "scenarios/{} is listed in the manifest but is not on the server",
                    Manifest::file_name(&id)
                )),
                Err(why) => Err(format!(
                    "scenarios/{} could not be loaded: {why}",
                    Manifest::file_name(&id)
                )),
            };
            files.push((id, file));
        }
        for (entry, compiled) in check(files).await?.compiled {
            remember(compiled);
            entries.push(entry);
        }
    }
    Ok(sources.catalogue(entries))
}

/// A scenario ready to play: the runtime model and the practices its
/// report explains.
#[derive(Debug)]
pub struct Opened {
    pub scenario: Rc<Scenario>,
    pub practices: Vec<Practice>,
}

fn remember(compiled: Option<CompiledScenario>) -> Option<Rc<Opened>> {
    let compiled = compiled?;
    let opened = Rc::new(Opened {
        scenario: Rc::new(compiled.scenario),
        practices: compiled.practices,
    });
    SCENARIOS.with(|s| {
        let mut read = s.borrow_mut();
        read.retain(|old| old.scenario.id != opened.scenario.id);
        read.push(Rc::clone(&opened));
    });
    Some(opened)
}

/// Asks the checker module, loading it first if this is the first call
/// (unless this browser already holds its answer to the same request).
async fn check(files: Vec<(String, Result<Vec<u8>, String>)>) -> Result<Checked, LoadFailure> {
    let found = FOUND.with(|found| found.borrow().clone());
    let request = CheckRequest {
        manifest: found.manifest,
        settings: found.settings,
        files,
    };
    let answer = checker::check(CHECKER_VERSION, encode(&request)).await.map_err(|error| LoadFailure {
        summary: format!(
            "The scenario files on the server have changed since this release, and the checker that reads them could not be loaded: {}.",
            describe(error)
        ),
        details: Vec::new(),
    })?;
    decode::<Result<Checked, LoadFailure>>(&js_sys::Uint8Array::new(&answer).to_vec()).map_err(
        |why| LoadFailure {
            summary: format!("The checker's answer could not be read ({why})."),
            details: Vec::new(),
        },
    )?
}

/// A scenario already read this visit.
pub fn cached(listing: &Listing) -> Option<Rc<Opened>> {
    SCENARIOS
        .with(|s| {
            s.borrow()
                .iter()
                .find(|opened| opened.scenario.id == listing.id)
                .cloned()
        })
        .filter(|opened| opened.scenario.content_hash == listing.content_hash)
}

/// A listed scenario's compiled form, fetched once and shared by everyone
/// who asks (opening it, or a prefetch while the officer reads).
pub async fn scenario(listing: &Listing) -> Result<Rc<Opened>, LoadFailure> {
    if let Some(scenario) = cached(listing) {
        return Ok(scenario);
    }
    let shared = PENDING.with(|pending| {
        let mut pending = pending.borrow_mut();
        if let Some((_, shared)) = pending.iter().find(|(id, _)| *id == listing.id) {
            return shared.clone();
        }
        let shared = fetch_scenario(listing.clone()).boxed_local().shared();
        pending.push((listing.id.clone(), shared.clone()));
        shared
    });
    let result = shared.await;
    PENDING.with(|pending| pending.borrow_mut().retain(|(id, _)| *id != listing.id));
    result
}

async fn fetch_scenario(listing: Listing) -> Result<Rc<Opened>, LoadFailure> {
    let name = format!("scenarios/{}", Manifest::file_name(&listing.id));
    let failure = |summary: String, details: Vec<String>| LoadFailure { summary, details };
    // The file itself comes too, so a force's edit in place is noticed: its
    // content hash is checked against the compiled form's.
    let compiled = send(&format!(
        "{COMPILED_DIR}/{}",
        CompiledScenario::file_name(&listing.id)
    ));
    let file = bytes(send(&name))
        .await
        .map_err(|why| failure(format!("{name} could not be loaded: {why}."), Vec::new()))?
        .ok_or_else(|| failure(format!("{name} is not on the server."), Vec::new()))?;
    // Hashed as the checker reads it (a UTF-8 byte-order mark is not text);
    // a file that is not UTF-8 matches nothing and goes to the checker.
    let hash = std::str::from_utf8(file.strip_prefix(UTF8_BOM).unwrap_or(&file))
        .ok()
        .map(content_hash);
    let compiled = match bytes(compiled).await {
        Ok(Some(bytes)) => decode::<CompiledScenario>(&bytes)
            .ok()
            .filter(|c| c.checker == CHECKER_VERSION && Some(c.scenario.content_hash) == hash),
        _ => None,
    };
    if let Some(scenario) = remember(compiled) {
        return Ok(scenario);
    }
    // The file differs from what was compiled (or nothing was): check it now.
    let checked = check(vec![(listing.id.clone(), Ok(file))]).await?;
    let (entry, compiled) = checked
        .compiled
        .into_iter()
        .next()
        .ok_or_else(|| failure(format!("{name} was not checked."), Vec::new()))?;
    remember(compiled).ok_or_else(|| match entry.availability {
        Availability::Broken { errors, .. } => failure(
            format!("{name} has been changed on the server and now has errors, so it cannot be played until a trainer fixes them."),
            errors,
        ),
        _ => failure(format!("{name} could not be checked."), Vec::new()),
    })
}

/// Starts fetching a scenario the officer is likely to open next.
pub fn prefetch(listing: &Listing) {
    if cached(listing).is_none() {
        let listing = listing.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = scenario(&listing).await;
        });
    }
}

/// Fetches the framework alone (competencies, patterns, practices, guidance
/// and the optional force settings) from `dir`, a relative folder such as
/// `../scenarios/`: the trainers' workshop needs nothing else from the server.
pub async fn framework(dir: &str) -> Result<Framework, LoadFailure> {
    let competencies = send(&format!("{dir}competencies.toml"));
    let patterns = send(&format!("{dir}patterns.toml"));
    let practices = send(&format!("{dir}practices.toml"));
    let guidance = send(&format!("{dir}guidance.toml"));
    let settings = send(&format!("{dir}settings.toml"));
    let competencies = required(competencies).await?;
    let patterns = required(patterns).await?;
    let practices = required(practices).await?;
    let guidance = required(guidance).await?;
    let settings = receive(settings).await.map_err(|why| LoadFailure {
        summary: format!("The force settings ({dir}settings.toml) could not be loaded: {why}."),
        details: Vec::new(),
    })?;
    Framework::load(FrameworkFiles {
        competencies: &competencies,
        patterns: &patterns,
        practices: &practices,
        settings: settings.as_ref(),
        guidance: Some(&guidance),
    })
    .map_err(|errors| LoadFailure {
        summary: "The competency framework or the force settings have errors.".into(),
        details: errors.iter().map(|d| d.render()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use crate::core::diagnostic::SourceFile;
    use crate::core::framework::{ForceSettings, Framework, FrameworkFiles, FORCE_KEYS};

    /// The scenarios/settings.toml shipped with the app changes nothing until a
    /// force edits it, and shows every key with its default value.
    #[test]
    fn the_shipped_settings_template_keeps_the_defaults_and_lists_every_key() {
        let template = include_str!("../../scenarios/settings.toml");
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/");
        let read = |name: &str| {
            SourceFile::new(
                name,
                std::fs::read_to_string(format!("{root}{name}")).unwrap(),
            )
        };
        let framework = Framework::load(FrameworkFiles {
            competencies: &read("competencies.toml"),
            patterns: &read("patterns.toml"),
            practices: &read("practices.toml"),
            settings: Some(&SourceFile::new("settings.toml", template)),
            guidance: None,
        })
        .expect("the template is valid");
        let defaults = ForceSettings::default();
        assert_eq!(framework.settings, defaults);
        for key in FORCE_KEYS {
            let line = format!("# {key} = \"{}\"", defaults.force[key]);
            assert!(
                template.contains(&line),
                "settings.toml should show `{line}`"
            );
        }
    }
}
