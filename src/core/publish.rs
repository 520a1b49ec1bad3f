//! Publishing: checked scenario files become the compiled index
//! (`catalogue::Catalogue`) and one compiled form per scenario (the runtime
//! `Scenario` itself, with the checker's version), so the officer's app
//! reads them with no TOML reader and no checker. The release build does
//! this for the bundled library (`scenario compile`); the app's checker
//! module does the same in the browser, only when a force has changed the
//! manifest or the settings on the server since then.

use crate::core::analysis::Stats;
use crate::core::catalogue::{Availability, Catalogue, Entry, Listing, SourceHashes};
use crate::core::diagnostic::{count_in_words, Severity, SourceFile};
use crate::core::framework::{Framework, FrameworkFiles, Practice};
use crate::core::library::{load_all_bytes, scenario_ids, Manifest, Module, NamedBytes};
use crate::core::model::Scenario;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The crate's version and a hash of the core's source (see build.rs). The
/// app reads only compiled forms made by this exact checker.
pub const CHECKER_VERSION: &str = env!("CHECKER_VERSION");

/// Where compiled files go, beside `scenarios/` in the app's folder.
pub const COMPILED_DIR: &str = "compiled";
pub const INDEX_FILE: &str = "index.bin";

/// A scenario as the app plays it, the catalogue practices its options
/// show (its report explains them), and the checker that passed it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CompiledScenario {
    pub checker: String,
    pub scenario: Scenario,
    pub practices: Vec<Practice>,
}

impl CompiledScenario {
    /// A checked scenario's compiled form.
    pub fn of(scenario: Scenario, framework: &Framework) -> CompiledScenario {
        let mut practices: Vec<Practice> = Vec::new();
        for (_, _, choice) in scenario.choices() {
            for named in &choice.practices {
                if !practices.iter().any(|p| p.id == named.name) {
                    practices.extend(framework.practice(&named.name).cloned());
                }
            }
        }
        CompiledScenario {
            checker: CHECKER_VERSION.to_string(),
            scenario,
            practices,
        }
    }
}

impl CompiledScenario {
    /// The file a scenario's compiled form is written to, in `COMPILED_DIR`.
    pub fn file_name(id: &str) -> String {
        format!("{id}.bin")
    }
}

/// Why the app cannot start: what happened, and the details a trainer needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadFailure {
    pub summary: String,
    pub details: Vec<String>,
}

/// The index and every playable scenario's compiled form.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Published {
    pub catalogue: Catalogue,
    pub scenarios: Vec<CompiledScenario>,
}

/// The manifest and settings as a force left them on the server.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sources {
    pub modules: Vec<Module>,
    pub framework: Framework,
    pub hashes: SourceHashes,
}

/// The framework files a library is checked against.
pub struct Shipped {
    pub competencies: SourceFile,
    pub patterns: SourceFile,
    pub practices: SourceFile,
    pub guidance: SourceFile,
}

/// Reads the manifest and the force settings against the framework shipped
/// with this release; any error is located for the trainer.
pub fn read_sources(
    shipped: &Shipped,
    manifest: &SourceFile,
    settings: Option<&SourceFile>,
) -> Result<Sources, LoadFailure> {
    let manifest_read = Manifest::parse(manifest).map_err(|d| LoadFailure {
        summary: format!("The list of scenarios ({}) has an error.", manifest.name),
        details: vec![d.render()],
    })?;
    let framework = Framework::load(FrameworkFiles {
        competencies: &shipped.competencies,
        patterns: &shipped.patterns,
        practices: &shipped.practices,
        settings,
        guidance: Some(&shipped.guidance),
    })
    .map_err(|errors| LoadFailure {
        summary: "The competency framework or the force settings have errors.".into(),
        details: errors.iter().map(|d| d.render()).collect(),
    })?;
    Ok(Sources {
        modules: manifest_read.modules,
        framework,
        hashes: SourceHashes::of(Some(&manifest.text), settings.map(|s| s.text.as_str())),
    })
}

/// A listed scenario's file as read or fetched: its name and bytes (so a
/// file saved in the wrong encoding is named as such), or why not.
pub type Fetched = Result<NamedBytes, String>;

/// Checks each file (its id and the file as fetched, or why it could not
/// be) and compiles the ones without errors. Warnings do not stop a
/// scenario, so only errors are kept for the trainer, root causes first
/// with what each causes folded under it.
pub fn compile(
    framework: &Framework,
    files: Vec<(String, Fetched)>,
) -> Vec<(Entry, Option<CompiledScenario>)> {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let mut sources = Vec::new();
    for (id, file) in files {
        match file {
            Ok(source) => {
                ids.push(id);
                sources.push(source);
            }
            Err(why) => out.push((
                Entry {
                    file: Manifest::file_name(&id),
                    id,
                    availability: Availability::Missing(why),
                },
                None,
            )),
        }
    }
    for (id, entry) in ids.into_iter().zip(load_all_bytes(&sources, framework)) {
        let (availability, compiled) = match (entry.loaded.scenario, entry.loaded.analysis) {
            (Some(scenario), Some(analysis)) => (
                Availability::Ready(Box::new(Listing::of(
                    &scenario,
                    &Stats::of(&scenario, &analysis),
                ))),
                Some(CompiledScenario::of(scenario, framework)),
            ),
            _ => {
                let errors: Vec<_> = entry
                    .loaded
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.all().any(|d| d.severity == Severity::Error))
                    .collect();
                (
                    Availability::Broken {
                        count: count_in_words(&errors),
                        errors: errors.iter().map(|d| d.render()).collect(),
                    },
                    None,
                )
            }
        };
        out.push((
            Entry {
                id,
                file: entry.file,
                availability,
            },
            compiled,
        ));
    }
    out
}

impl Sources {
    /// The ids the manifest lists, once each, in manifest order.
    pub fn scenario_ids(&self) -> Vec<String> {
        scenario_ids(&self.modules)
    }

    /// The index for these sources: each listed scenario's entry from
    /// `entries` (compiled at release or just now in the browser), a
    /// scenario with no entry as not available.
    pub fn catalogue(self, entries: Vec<Entry>) -> Catalogue {
        // Inserted one by one, as `collect` would sort first (more code in the app).
        let mut found = BTreeMap::new();
        found.extend(entries.into_iter().map(|e| (e.id.clone(), e)));
        let entries = self
            .scenario_ids()
            .into_iter()
            .map(|id| {
                found.remove(&id).unwrap_or_else(|| Entry {
                    file: Manifest::file_name(&id),
                    availability: Availability::Missing(format!(
                        "scenarios/{} was not checked",
                        Manifest::file_name(&id)
                    )),
                    id,
                })
            })
            .collect();
        Catalogue {
            checker: CHECKER_VERSION.to_string(),
            sources: self.hashes,
            // Practices travel with each compiled scenario; guidance is only for checking.
            framework: Rc::new(Framework {
                practices: Vec::new(),
                guidance: None,
                ..self.framework
            }),
            modules: self.modules,
            entries,
        }
    }
}

/// Compiles a whole library: the index and each playable scenario.
pub fn publish(sources: Sources, files: Vec<(String, Fetched)>) -> Published {
    let (entries, scenarios): (Vec<Entry>, Vec<Option<CompiledScenario>>) =
        compile(&sources.framework, files).into_iter().unzip();
    Published {
        catalogue: sources.catalogue(entries),
        scenarios: scenarios.into_iter().flatten().collect(),
    }
}

/// Compiled data as written to disk and read by the app: postcard, a compact
/// binary form of the serde model, which reads with far less code than JSON
/// (no field names to match). Only the same checker's data is ever read.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Not `expect`: its message would bring postcard's error names into the
    // officers' download, for a failure plain data cannot have.
    match postcard::to_allocvec(value) {
        Ok(bytes) => bytes,
        Err(_) => unreachable!("compiled data is plain data"),
    }
}

/// Why data could not be read is said in plain words: postcard's own
/// messages name its internals, and they add a kilobyte of text to the
/// officers' download.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|error| {
        match error {
            // Data written by another release can be shorter than this one expects.
            postcard::Error::DeserializeUnexpectedEnd => {
                "it stops short: it was cut off, or written by another release of the app"
            }
            _ => "it is damaged, or was written by another release of the app",
        }
        .to_string()
    })
}

/// The framework shipped with this release, which the checker module
/// checks against in the browser (the files `scenario compile` read).
pub fn shipped_framework() -> Shipped {
    let file = |name: &str, text: &str| SourceFile::new(format!("scenarios/{name}"), text);
    Shipped {
        competencies: file(
            "competencies.toml",
            include_str!("../../scenarios/competencies.toml"),
        ),
        patterns: file(
            "patterns.toml",
            include_str!("../../scenarios/patterns.toml"),
        ),
        practices: file(
            "practices.toml",
            include_str!("../../scenarios/practices.toml"),
        ),
        guidance: file(
            "guidance.toml",
            include_str!("../../scenarios/guidance.toml"),
        ),
    }
}

/// What the app asks of the checker module in the browser: the manifest
/// and settings as found on the server, and scenario files to compile
/// (each id with its bytes as fetched, or why it could not be fetched).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CheckRequest {
    pub manifest: String,
    pub settings: Option<String>,
    pub files: Vec<(String, Result<Vec<u8>, String>)>,
}

/// The checker module's answer: the sources as read, and each file's entry
/// with its compiled form when it passed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Checked {
    pub sources: Sources,
    pub compiled: Vec<(Entry, Option<CompiledScenario>)>,
}

/// The checker module's one call, compiled data in and out, so the app and
/// the module share nothing but these types.
pub fn check_request(request: &[u8]) -> Vec<u8> {
    let answer: Result<Checked, LoadFailure> = decode::<CheckRequest>(request)
        .map_err(|why| LoadFailure {
            summary: format!("The app sent the checker a request it could not read ({why})."),
            details: Vec::new(),
        })
        .and_then(|request| {
            let shipped = shipped_framework();
            let manifest = SourceFile::new("scenarios/manifest.toml", request.manifest);
            let settings = request
                .settings
                .map(|text| SourceFile::new("scenarios/settings.toml", text));
            let sources = read_sources(&shipped, &manifest, settings.as_ref())?;
            let files = request
                .files
                .into_iter()
                .map(|(id, file)| {
                    let name = format!("scenarios/{}", Manifest::file_name(&id));
                    (id, file.map(|bytes| (name, bytes)))
                })
                .collect();
            let compiled = compile(&sources.framework, files);
            Ok(Checked { sources, compiled })
        });
    encode(&answer)
}
