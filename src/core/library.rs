//! The scenario library: the manifest that groups scenarios into modules, and
//! the checks that span files (duplicate ids, manifest entries with no file).
//! The app and the command-line tool both load through here, so a broken
//! file is reported the same way in both and never stops the others.

use crate::core::diagnostic::{locate_all, Diagnostic, LocatedDiagnostic, SourceFile, Span};
use crate::core::encoding;
use crate::core::framework::Framework;
use crate::core::lower::closest;
use crate::core::model::{is_scenario_id, scenario_id_hint};
use crate::core::parse::parse_toml;
use crate::core::validate::{load, Loaded};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use toml::Spanned;

/// The files beside the scenarios that are not scenarios.
pub const DATA_FILES: [&str; 6] = [
    "competencies.toml",
    "patterns.toml",
    "practices.toml",
    "guidance.toml",
    "manifest.toml",
    "settings.toml",
];

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(rename = "module")]
    modules: Vec<ModuleFile>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ModuleFile {
    id: String,
    title: String,
    summary: String,
    scenarios: Spanned<Vec<Spanned<String>>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Scenario ids; each is the file `<id>.toml` beside the manifest.
    pub scenarios: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub modules: Vec<Module>,
    /// Every scenario id as listed, with where, for located errors.
    pub listed: Vec<(String, Span)>,
}

/// The ids the modules list, once each, in order.
pub fn scenario_ids(modules: &[Module]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    modules
        .iter()
        .flat_map(|m| m.scenarios.iter())
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect()
}

impl Manifest {
    pub fn parse(source: &SourceFile) -> Result<Manifest, Box<LocatedDiagnostic>> {
        let file: ManifestFile = parse_toml(source).map_err(|d| Box::new(source.locate(&d)))?;
        let listed = file
            .modules
            .iter()
            .flat_map(|m| m.scenarios.get_ref())
            .map(|id| (id.get_ref().clone(), id.span()))
            .collect();
        Ok(Manifest {
            listed,
            modules: file
                .modules
                .into_iter()
                .map(|m| Module {
                    id: m.id,
                    title: m.title,
                    summary: m.summary,
                    scenarios: m
                        .scenarios
                        .into_inner()
                        .into_iter()
                        .map(Spanned::into_inner)
                        .collect(),
                })
                .collect(),
        })
    }

    /// Every scenario id listed, once each, in manifest order.
    pub fn scenario_ids(&self) -> Vec<String> {
        scenario_ids(&self.modules)
    }

    pub fn file_name(id: &str) -> String {
        format!("{id}.toml")
    }

    /// Listed ids that are not proper scenario ids, or that name no file in
    /// `present` (the ids of the scenario files beside the manifest), each
    /// at its place in the manifest with the nearest file as a suggestion.
    pub fn problems(&self, source: &SourceFile, present: &[String]) -> Vec<LocatedDiagnostic> {
        let mut found = Vec::new();
        for (id, span) in &self.listed {
            let quoted = span.start + 1..span.end.saturating_sub(1).max(span.start + 1);
            if !is_scenario_id(id) {
                found.push(
                    Diagnostic::error(
                        "bad-id",
                        quoted.clone(),
                        format!("`{id}` is not a valid scenario id"),
                    )
                    .with_hint(scenario_id_hint(id)),
                );
            } else if !present.contains(id) {
                let hint = match closest(id, present.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`? There is a file {}", Manifest::file_name(near)),
                    None => format!(
                        "each id names the file `<id>.toml` beside the manifest: add {} or remove the id",
                        Manifest::file_name(id)
                    ),
                };
                found.push(
                    Diagnostic::error(
                        "missing-file",
                        quoted,
                        format!(
                            "the manifest lists `{id}` but there is no {}",
                            Manifest::file_name(id)
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
        locate_all(source, &found)
    }
}

/// A `.toml` file in a scenarios folder that is a scenario, not one of the data files.
pub fn is_scenario_file(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
        && !DATA_FILES
            .iter()
            .any(|d| path.file_name().is_some_and(|n| n == *d))
}

/// The module new scenario files are listed in by `add_to_manifest`.
pub const LOCAL_MODULE: &str = "local";

/// Adds scenario ids to the manifest text, keeping everything the trainer
/// wrote (comments, order, layout): into the `local` module's list when
/// there is one, otherwise in a new `local` module at the end.
pub fn add_to_manifest(
    source: &SourceFile,
    ids: &[String],
) -> Result<String, Box<LocatedDiagnostic>> {
    let file: ManifestFile = parse_toml(source).map_err(|d| Box::new(source.locate(&d)))?;
    if ids.is_empty() {
        return Ok(source.text.clone());
    }
    let quoted: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
    if let Some(local) = file.modules.iter().find(|m| m.id == LOCAL_MODULE) {
        let span = local.scenarios.span();
        let list = &source.text[span.clone()];
        let close = span.start + list.rfind(']').unwrap_or(list.len());
        let separator = if local.scenarios.get_ref().is_empty() {
            ""
        } else {
            ", "
        };
        let mut text = source.text.clone();
        text.insert_str(close, &format!("{separator}{}", quoted.join(", ")));
        return Ok(text);
    }
    let mut text = source.text.trim_end().to_string();
    text.push_str(&format!(
        "\n\n[[module]]\nid = \"{LOCAL_MODULE}\"\ntitle = \"Local scenarios\"\nsummary = \"Scenarios written by this force's trainers.\"\nscenarios = [{}]\n",
        quoted.join(", ")
    ));
    Ok(text)
}

/// A file's name and its bytes, as read from disk or fetched.
pub type NamedBytes = (String, Vec<u8>);

/// Loads files given as bytes, as read from disk or fetched: a file that
/// is not UTF-8 gets its one error (see `encoding`) and the rest are
/// checked as `load_all` does.
pub fn load_all_bytes(files: &[NamedBytes], framework: &Framework) -> Vec<LibraryEntry> {
    let mut readable = Vec::new();
    let mut unreadable = Vec::new();
    for (index, (name, bytes)) in files.iter().enumerate() {
        match encoding::source_file(name, bytes) {
            Ok(source) => readable.push(source),
            Err(error) => unreadable.push((index, name.clone(), *error)),
        }
    }
    let mut entries = load_all(&readable, framework);
    for (index, file, error) in unreadable {
        let loaded = Loaded {
            scenario: None,
            analysis: None,
            diagnostics: vec![error],
        };
        entries.insert(index.min(entries.len()), LibraryEntry { file, loaded });
    }
    entries
}

/// One file's load result.
#[derive(Debug)]
pub struct LibraryEntry {
    pub file: String,
    pub loaded: Loaded,
}

/// Loads every file and adds the checks that need more than one file:
/// a scenario id used twice, and a file's id that differs from its name.
pub fn load_all(files: &[SourceFile], framework: &Framework) -> Vec<LibraryEntry> {
    let mut entries: Vec<LibraryEntry> = files
        .iter()
        .map(|source| LibraryEntry {
            file: source.name.clone(),
            loaded: load(source, framework),
        })
        .collect();
    let mut first_file: HashMap<String, String> = HashMap::new();
    for (entry, source) in entries.iter_mut().zip(files) {
        let Some(scenario) = &entry.loaded.scenario else {
            continue;
        };
        let id = scenario.id.clone();
        // Inside the quotes of `id = "..."`.
        let id_span = scenario.id_span.start + 1..scenario.id_span.end.saturating_sub(1);
        let mut extra = Vec::new();
        if let Some(other) = first_file.get(&id) {
            extra.push(
                Diagnostic::error(
                    "duplicate-scenario",
                    id_span.clone(),
                    format!("the scenario id `{id}` is also used by {other}"),
                )
                .with_hint("every scenario in the library needs its own id"),
            );
        } else {
            first_file.insert(id.clone(), source.name.clone());
        }
        let stem = source
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&source.name)
            .trim_end_matches(".toml");
        if stem != id {
            extra.push(
                Diagnostic::error(
                    "file-name",
                    id_span,
                    format!("the file is called `{stem}.toml` but the scenario id is `{id}`"),
                )
                .with_hint(format!(
                    "rename the file to `{id}.toml`, so the manifest can find it"
                )),
            );
        }
        if !extra.is_empty() {
            entry.loaded.diagnostics.extend(locate_all(source, &extra));
            entry.loaded.scenario = None;
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::MINI;

    const MANIFEST: &str = "# Modules\n[[module]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\nscenarios = [\"one\"]\n";

    #[test]
    fn the_file_name_error_points_at_the_id_not_at_a_comment_that_mentions_it() {
        let text = format!("# Copied from \"mini\" last week.\n{MINI}");
        let entries = load_all(&[SourceFile::new("copy.toml", text)], &Framework::bundled());
        let error = &entries[0].loaded.diagnostics[0];
        assert_eq!(error.code, "file-name");
        assert_eq!((error.line, error.column), (4, 7));
        assert_eq!(error.source_line, "id = \"mini\"");
    }

    #[test]
    fn a_mistyped_manifest_id_is_located_with_the_nearest_file() {
        let source = SourceFile::new(
            "manifest.toml",
            MANIFEST.replace("\"one\"", "\"onne\", \"my_two\""),
        );
        let manifest = Manifest::parse(&source).unwrap();
        let problems = manifest.problems(&source, &["one".to_string(), "three".to_string()]);
        let heads: Vec<String> = problems.iter().map(|d| d.headline()).collect();
        assert_eq!(
            heads,
            [
                "manifest.toml:6:15: error[missing-file]: the manifest lists `onne` but there is no onne.toml",
                "manifest.toml:6:23: error[bad-id]: `my_two` is not a valid scenario id",
            ]
        );
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("did you mean `one`? There is a file one.toml")
        );
    }

    #[test]
    fn new_files_go_into_a_new_local_module_then_into_its_list() {
        let first = add_to_manifest(&SourceFile::new("m", MANIFEST), &["two".into()]).unwrap();
        assert!(
            first.starts_with(MANIFEST.trim_end()),
            "the trainer's text is kept"
        );
        let parsed = Manifest::parse(&SourceFile::new("m", first.clone())).unwrap();
        assert_eq!(parsed.scenario_ids(), ["one", "two"]);
        assert_eq!(parsed.modules[1].id, LOCAL_MODULE);
        let second = add_to_manifest(
            &SourceFile::new("m", first),
            &["three".into(), "four".into()],
        )
        .unwrap();
        let parsed = Manifest::parse(&SourceFile::new("m", second)).unwrap();
        assert_eq!(parsed.modules.len(), 2);
        assert_eq!(parsed.modules[1].scenarios, ["two", "three", "four"]);
    }
}
