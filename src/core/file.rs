//! The scenario file exactly as a trainer writes it (see `scenarios/README.md`).
//! Every value a check may point at keeps its byte span, so errors found after
//! parsing still name a line and column. `lower` turns this into the runtime model.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type Str = Spanned<String>;

/// `[[cast.ROLE]]` tables: each role's variants, each a map of string values.
pub type CastFile = BTreeMap<String, Spanned<Vec<Spanned<BTreeMap<String, Str>>>>>;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
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
    #[serde(default)]
    pub cast: CastFile,
    #[serde(default)]
    pub key_action: Vec<Spanned<KeyActionFile>>,
    #[serde(default)]
    pub scene: Vec<Spanned<SceneFile>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct KeyActionFile {
    pub id: Str,
    pub text: Str,
    pub competency: Str,
    pub why: Str,
    pub cite: Str,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SceneFile {
    pub id: Str,
    pub title: Str,
    pub text: Str,
    pub advance: Option<Str>,
    #[serde(default)]
    pub set: Vec<Str>,
    #[serde(default)]
    pub aside: Vec<AsideFile>,
    #[serde(default)]
    pub exhibit: Vec<Spanned<ExhibitFile>>,
    pub decision: Option<Spanned<DecisionFile>>,
    pub ending: Option<Spanned<EndingFile>>,
    pub next: Option<Str>,
    #[serde(default)]
    pub route: Vec<Spanned<RouteFile>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AsideFile {
    pub when: Vec<Str>,
    pub text: Str,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ExhibitFile {
    pub id: Str,
    pub kind: Str,
    pub title: Str,
    pub text: Option<Str>,
    #[serde(default)]
    pub entry: Vec<EntryFile>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct EntryFile {
    pub at: Option<Str>,
    pub from: Option<Str>,
    pub text: Str,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct DecisionFile {
    pub prompt: Str,
    pub kind: Option<Str>,
    pub goto: Option<Str>,
    #[serde(default)]
    pub route: Vec<Spanned<RouteFile>>,
    #[serde(default)]
    pub option: Vec<Spanned<OptionFile>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RouteFile {
    pub when: Vec<Str>,
    pub goto: Str,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct OptionFile {
    pub id: Str,
    pub text: Str,
    #[serde(default)]
    pub when: Vec<Str>,
    pub goto: Option<Str>,
    #[serde(default)]
    pub route: Vec<Spanned<RouteFile>>,
    #[serde(default)]
    pub set: Vec<Str>,
    #[serde(default)]
    pub clear: Vec<Str>,
    pub add: Option<Spanned<BTreeMap<String, Spanned<i64>>>>,
    #[serde(default)]
    pub mark: Vec<Str>,
    pub advance: Option<Str>,
    pub points: Option<Spanned<BTreeMap<String, Spanned<i32>>>>,
    #[serde(default)]
    pub achieves: Vec<Str>,
    pub critical: Option<Spanned<bool>>,
    pub feedback: Option<Str>,
    pub cite: Option<Str>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct EndingFile {
    pub outcome: Str,
    pub debrief: Str,
}
