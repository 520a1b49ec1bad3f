//! The scenario file exactly as a trainer writes it (see `scenarios/README.md`).
//! Every value a check may point at keeps its byte span, so errors found after
//! parsing still name a line and column. `read` fills these structs from the
//! TOML tree; `lower` turns them into the runtime model. Optional lists are
//! empty when absent.

use std::collections::BTreeMap;
use toml::Spanned;

pub type Str = Spanned<String>;

/// `[[cast.ROLE]]` tables: each role's variants, each a map of string values.
pub type CastFile = BTreeMap<String, Spanned<Vec<Spanned<BTreeMap<String, Str>>>>>;

#[derive(Debug)]
pub struct ScenarioFile {
    pub id: Str,
    pub title: Str,
    pub summary: Str,
    pub pattern: Str,
    pub role: Str,
    pub minutes: Spanned<u32>,
    pub version: Str,
    pub content_note: Str,
    pub start: Str,
    pub clock_start: Option<Str>,
    pub cast: CastFile,
    pub key_action: Vec<Spanned<KeyActionFile>>,
    pub scene: Vec<Spanned<SceneFile>>,
}

#[derive(Debug)]
pub struct KeyActionFile {
    pub id: Str,
    pub text: Str,
    pub competency: Str,
    pub why: Str,
    pub cite: Str,
}

#[derive(Debug)]
pub struct SceneFile {
    pub id: Str,
    pub title: Str,
    pub text: Str,
    pub advance: Option<Str>,
    pub set: Vec<Str>,
    pub aside: Vec<AsideFile>,
    pub exhibit: Vec<Spanned<ExhibitFile>>,
    pub decision: Option<Spanned<DecisionFile>>,
    pub ending: Option<Spanned<EndingFile>>,
    pub next: Option<Str>,
    pub route: Vec<Spanned<RouteFile>>,
}

#[derive(Debug)]
pub struct AsideFile {
    pub when: Vec<Str>,
    pub text: Str,
    pub claims: Vec<Str>,
}

#[derive(Debug)]
pub struct ExhibitFile {
    pub id: Str,
    pub kind: Str,
    pub title: Str,
    pub text: Option<Str>,
    pub entry: Vec<EntryFile>,
}

#[derive(Debug)]
pub struct EntryFile {
    pub at: Option<Str>,
    pub from: Option<Str>,
    pub text: Str,
}

#[derive(Debug)]
pub struct DecisionFile {
    pub prompt: Str,
    pub kind: Str,
    pub goto: Option<Str>,
    pub route: Vec<Spanned<RouteFile>>,
    pub option: Vec<Spanned<OptionFile>>,
}

#[derive(Debug)]
pub struct RouteFile {
    pub when: Vec<Str>,
    pub goto: Str,
}

#[derive(Debug)]
pub struct OptionFile {
    pub id: Str,
    pub text: Str,
    pub when: Vec<Str>,
    pub goto: Option<Str>,
    pub route: Vec<Spanned<RouteFile>>,
    pub set: Vec<Str>,
    pub clear: Vec<Str>,
    pub add: Option<Spanned<BTreeMap<String, Spanned<i64>>>>,
    pub mark: Vec<Str>,
    pub advance: Option<Str>,
    pub points: Option<Spanned<BTreeMap<String, Spanned<i32>>>>,
    pub achieves: Vec<Str>,
    pub practices: Vec<Str>,
    pub critical: Option<Spanned<bool>>,
    pub feedback: Option<Str>,
    pub cite: Option<Str>,
}

#[derive(Debug)]
pub struct EndingFile {
    pub outcome: Str,
    pub debrief: Str,
    pub claims: Vec<Str>,
    pub note: Vec<Spanned<NoteFile>>,
}

/// `[[scene.ending.note]]`: a debrief paragraph shown only when its
/// conditions hold.
#[derive(Debug)]
pub struct NoteFile {
    pub when: Vec<Str>,
    pub text: Str,
    pub claims: Vec<Str>,
}
