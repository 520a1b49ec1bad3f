//! Fetching the scenario files beside the app, at the edge. Every URL is
//! relative, so the app only ever asks its own origin, under whatever path
//! it is served from.

use crate::core::catalogue::Catalogue;
use crate::core::diagnostic::SourceFile;
use crate::core::framework::{Framework, FrameworkFiles};
use crate::core::library::Manifest;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCache, RequestInit, Response};

/// Why the app could not start: what happened, and the details a trainer needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadFailure {
    pub summary: String,
    pub details: Vec<String>,
}

/// A request already sent, so several can be in flight at once.
struct Pending {
    url: String,
    promise: Result<js_sys::Promise, String>,
}

fn describe(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the request failed".into())
}

fn send(url: &str) -> Pending {
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

/// The file's bytes, `None` when the server has no such file.
async fn receive_bytes(pending: Pending) -> Result<Option<Vec<u8>>, String> {
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
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(Some(js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// The file's text, `None` when the server has no such file.
async fn receive(pending: Pending) -> Result<Option<SourceFile>, String> {
    let url = pending.url.clone();
    let bytes = receive_bytes(pending).await?;
    Ok(bytes.map(|bytes| SourceFile::new(url, String::from_utf8_lossy(&bytes).into_owned())))
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

/// Fetches the manifest, the framework, the optional force settings and every
/// scenario the manifest lists, and checks them all.
pub async fn catalogue() -> Result<Catalogue, LoadFailure> {
    let manifest = send("scenarios/manifest.toml");
    let competencies = send("scenarios/competencies.toml");
    let patterns = send("scenarios/patterns.toml");
    let practices = send("scenarios/practices.toml");
    let settings = send("scenarios/settings.toml");

    let manifest = Manifest::parse(&required(manifest).await?).map_err(|d| LoadFailure {
        summary: "The list of scenarios (scenarios/manifest.toml) has an error.".into(),
        details: vec![d.render()],
    })?;
    let pending: Vec<(String, Pending)> = manifest
        .scenario_ids()
        .into_iter()
        .map(|id| {
            let request = send(&format!("scenarios/{}", Manifest::file_name(&id)));
            (id, request)
        })
        .collect();

    let competencies = required(competencies).await?;
    let patterns = required(patterns).await?;
    let practices = required(practices).await?;
    let settings = receive(settings).await.map_err(|why| LoadFailure {
        summary: format!(
            "The force settings (scenarios/settings.toml) could not be loaded: {why}."
        ),
        details: Vec::new(),
    })?;
    let framework = Framework::load(FrameworkFiles {
        competencies: &competencies,
        patterns: &patterns,
        practices: &practices,
        settings: settings.as_ref(),
        guidance: None,
    })
    .map_err(|errors| LoadFailure {
        summary: "The competency framework or the force settings have errors.".into(),
        details: errors.iter().map(|d| d.render()).collect(),
    })?;

    let mut files = Vec::with_capacity(pending.len());
    for (id, request) in pending {
        let url = request.url.clone();
        // Bytes, so the core can say when a file was saved in the wrong encoding.
        let file = match receive_bytes(request).await {
            Ok(Some(bytes)) => Ok((url, bytes)),
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
    Ok(Catalogue::build(framework, &manifest, files))
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
