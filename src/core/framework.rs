//! The data every scenario is checked and scored against: the competency
//! framework (`competencies.toml`), the case patterns (`patterns.toml`), the
//! catalogue of practice (`practices.toml`), the guidance every citation
//! points to (`guidance.toml`) and the force's local settings
//! (`settings.toml`, which may add local practices and withdraw ones that do
//! not apply in the force).

use crate::core::diagnostic::{Diagnostic, LocatedDiagnostic, SourceFile};
use crate::core::parse::parse_toml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competencies {
    /// The percentage an assessed competency must reach for a "competent" result.
    pub pass: u32,
    #[serde(rename = "band")]
    pub bands: Vec<Band>,
    #[serde(rename = "competency")]
    pub competencies: Vec<Competency>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub name: String,
    pub min: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    pub id: String,
    pub name: String,
    pub description: String,
    pub guidance: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    #[serde(rename = "pattern")]
    pub patterns: Vec<Pattern>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub id: String,
    pub name: String,
    pub sources: String,
}

/// How the catalogue treats a practice when an option shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Treatment {
    /// Rewarded: options showing it earn points in its competency.
    Credit,
    /// Points are taken off in its competency.
    Penalty,
    /// A safety-critical error: the run is "not yet competent" whatever the score.
    Critical,
    /// Contested or unverified in the sources: never rewarded or penalised.
    NotScored,
}

impl Treatment {
    pub fn label(self) -> &'static str {
        match self {
            Treatment::Credit => "credit",
            Treatment::Penalty => "penalty",
            Treatment::Critical => "critical",
            Treatment::NotScored => "not scored",
        }
    }
}

/// One named behaviour in its context, as the force's stalking lead signs it off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub id: String,
    pub competency: String,
    pub treatment: Treatment,
    pub text: String,
    pub why: String,
    pub cite: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PracticesFile {
    #[serde(rename = "practice")]
    practices: Vec<Practice>,
}

/// A force's changes to the shared catalogue, in its `settings.toml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalPractices {
    /// Practices that do not apply in this force: options showing them are
    /// not offered to its officers.
    #[serde(default)]
    pub not_applicable: Vec<String>,
    /// The force's own practices, checked like the shared ones.
    #[serde(default)]
    pub local: Vec<Practice>,
}

/// The force's local facts, used as `{force.KEY}` placeholders, and its
/// changes to the catalogue of practice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForceSettings {
    pub force: BTreeMap<String, String>,
    #[serde(default)]
    pub practices: LocalPractices,
    /// The force's learning record store, when it keeps one (`[lrs]`).
    #[serde(default)]
    pub lrs: Option<LrsSettings>,
}

/// Where the app sends xAPI statements when it runs outside an LMS. The
/// credentials are readable by anyone who can load the site (README,
/// "Training records"): give them the right to send statements and nothing else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LrsSettings {
    /// The xAPI endpoint, ending in `/` (statements go to `<endpoint>statements`).
    pub endpoint: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    /// The force's home page: officers are accounts on it.
    pub homepage: String,
    /// `account` (the default): the officer's name or collar number as an
    /// account on `homepage`. `email`: `<name>@<email_domain>`, only when
    /// the force chooses it.
    #[serde(default = "LrsSettings::account")]
    pub identifier: String,
    #[serde(default)]
    pub email_domain: String,
}

impl LrsSettings {
    fn account() -> String {
        "account".into()
    }

    /// What is wrong with the settings, in words.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let web = |url: &str| url.starts_with("https://") || url.starts_with("http://");
        if !web(&self.endpoint) || !self.endpoint.ends_with('/') {
            out.push(format!(
                "the LRS endpoint `{}` must be an http:// or https:// address ending in `/`",
                self.endpoint
            ));
        }
        if !web(&self.homepage) {
            out.push(format!(
                "the home page `{}` must be an http:// or https:// address",
                self.homepage
            ));
        }
        match self.identifier.as_str() {
            "account" => {}
            "email" if !self.email_domain.is_empty() => {}
            "email" => out.push("`identifier = \"email\"` needs an `email_domain`".into()),
            other => out.push(format!(
                "the identifier `{other}` is not one of `account` or `email`"
            )),
        }
        out
    }
}

impl ForceSettings {
    /// Whether the force has withdrawn a practice, so options showing it are not offered.
    pub fn withdraws(&self, practice: &str) -> bool {
        self.practices.not_applicable.iter().any(|p| p == practice)
    }
}

/// One family of citations: `Ref` (this project's guidance) or `SC` (the super-complaint).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceSource {
    pub prefix: String,
    pub title: String,
    pub about: String,
}

/// The page a citation such as `Ref §4` or `SC §4.2.1` links to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceSection {
    pub cite: String,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub read_more: Vec<String>,
}

/// Every section a scenario may cite (`guidance.toml`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    #[serde(rename = "source")]
    pub sources: Vec<GuidanceSource>,
    #[serde(rename = "section")]
    pub sections: Vec<GuidanceSection>,
}

impl Guidance {
    pub fn section(&self, cite: &str) -> Option<&GuidanceSection> {
        self.sections.iter().find(|s| s.cite == cite)
    }
}

/// One section named in a citation string, or a part that names none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cited {
    /// A section id such as `Ref §4` or `SC §4.2.1`, without any note.
    Section(String),
    /// A part that names no section of either source.
    Unknown(String),
}

/// The sections a citation string names. Parts are separated by `;`; a
/// part may list several sections of one source (`Ref §1, §5`), carry a note
/// in brackets (`Ref §4 (S-DASH)`) or a trailing note (`SC §4.2.2, case
/// study 12`).
pub fn cited_sections(cite: &str) -> Vec<Cited> {
    cited_spans(cite)
        .into_iter()
        .map(|(_, cited)| cited)
        .collect()
}

/// The same reading as `cited_sections`, with where each section or
/// unknown part is written in `cite` (byte range), so the app can turn
/// exactly those words into links and leave notes as they are.
pub fn cited_spans(cite: &str) -> Vec<(Range<usize>, Cited)> {
    let at = |part: &str| {
        let start = part.as_ptr() as usize - cite.as_ptr() as usize;
        start..start + part.len()
    };
    let mut out = Vec::new();
    for part in cite.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let mut prefix: Option<&str> = None;
        for item in split_outside_brackets(part) {
            let item = item.trim();
            let bare = match item.split_once(" (") {
                Some((section, note)) if note.ends_with(')') => section.trim_end(),
                _ => item,
            };
            let known = ["SC §", "Ref §"].into_iter().find(|p| bare.starts_with(p));
            match (known, prefix) {
                (Some(p), _) => {
                    prefix = Some(p.trim_end_matches('§').trim_end());
                    out.push((at(bare), Cited::Section(bare.to_string())));
                }
                (None, Some(p)) if bare.starts_with('§') => {
                    out.push((at(bare), Cited::Section(format!("{p} {bare}"))));
                }
                // A note after a section, such as "case study 12".
                (None, Some(_)) => {}
                (None, None) => out.push((at(item), Cited::Unknown(item.to_string()))),
            }
        }
    }
    out
}

fn split_outside_brackets(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0i32, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// Keys every force setting file provides, so scenarios may use them anywhere.
pub const FORCE_KEYS: [&str; 5] = [
    "name",
    "area",
    "stalking_service",
    "stalking_service_contact",
    "risk_tool",
];

impl Default for ForceSettings {
    fn default() -> Self {
        let values = [
            ("name", "Northvale Police"),
            ("area", "Northvale"),
            (
                "stalking_service",
                "the Northvale Stalking Advocacy Service",
            ),
            (
                "stalking_service_contact",
                "a referral form on the force intranet, answered within one working day",
            ),
            ("risk_tool", "DASH"),
        ];
        ForceSettings {
            force: values
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            practices: LocalPractices::default(),
            lrs: None,
        }
    }
}

/// The files a framework is read from: the scenarios folder's data files.
/// Settings are optional (the defaults apply), and so is the guidance, which
/// only checking needs (to know which sections exist).
pub struct FrameworkFiles<'a> {
    pub competencies: &'a SourceFile,
    pub patterns: &'a SourceFile,
    pub practices: &'a SourceFile,
    pub settings: Option<&'a SourceFile>,
    pub guidance: Option<&'a SourceFile>,
}

/// Competencies, patterns, practices, guidance and force settings together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub competencies: Competencies,
    pub patterns: Patterns,
    /// The shared catalogue followed by the force's local practices.
    pub practices: Vec<Practice>,
    pub settings: ForceSettings,
    pub guidance: Option<Guidance>,
}

impl Framework {
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.competencies.iter().find(|c| c.id == id)
    }

    pub fn pattern(&self, id: &str) -> Option<&Pattern> {
        self.patterns.patterns.iter().find(|p| p.id == id)
    }

    pub fn practice(&self, id: &str) -> Option<&Practice> {
        self.practices.iter().find(|p| p.id == id)
    }

    /// The band a percentage falls in: the highest band whose minimum it reaches.
    pub fn band(&self, percent: u32) -> &str {
        self.competencies
            .bands
            .iter()
            .filter(|b| percent >= b.min)
            .max_by_key(|b| b.min)
            .map_or("", |b| b.name.as_str())
    }

    /// Reads the data files, placing any error on its file's line and
    /// column. Any force setting left out keeps its default value.
    pub fn load(files: FrameworkFiles<'_>) -> Result<Framework, Vec<LocatedDiagnostic>> {
        let mut errors = Vec::new();
        fn read<T: serde::de::DeserializeOwned>(
            file: &SourceFile,
            errors: &mut Vec<LocatedDiagnostic>,
        ) -> Option<T> {
            parse_toml(file)
                .map_err(|d| errors.push(file.locate(&d)))
                .ok()
        }
        let competencies: Option<Competencies> = read(files.competencies, &mut errors);
        let patterns: Option<Patterns> = read(files.patterns, &mut errors);
        let practices: Option<PracticesFile> = read(files.practices, &mut errors);
        let local: Option<ForceSettings> = match files.settings {
            Some(file) => read(file, &mut errors),
            None => Some(ForceSettings {
                force: BTreeMap::new(),
                practices: LocalPractices::default(),
                lrs: None,
            }),
        };
        let guidance: Option<Option<Guidance>> = match files.guidance {
            Some(file) => read(file, &mut errors).map(Some),
            None => Some(None),
        };
        match (competencies, patterns, practices, local, guidance) {
            (Some(competencies), Some(patterns), Some(practices), Some(local), Some(guidance))
                if errors.is_empty() =>
            {
                let mut settings = ForceSettings::default();
                settings.force.extend(local.force);
                settings.practices = local.practices;
                settings.lrs = local.lrs;
                let practices = practices
                    .practices
                    .into_iter()
                    .chain(settings.practices.local.iter().cloned())
                    .collect();
                let framework = Framework {
                    competencies,
                    patterns,
                    practices,
                    settings,
                    guidance,
                };
                let problems = framework.catalogue_problems(&files);
                if problems.is_empty() {
                    Ok(framework)
                } else {
                    Err(problems)
                }
            }
            _ => Err(errors),
        }
    }

    /// What is wrong with the catalogue of practice (shared and local), each
    /// placed on the line of the practice in its file: ids that repeat,
    /// competencies that do not exist, citations of sections that do not
    /// exist, and withdrawn practices that are not in the catalogue.
    fn catalogue_problems(&self, files: &FrameworkFiles<'_>) -> Vec<LocatedDiagnostic> {
        let shared_count = self.practices.len() - self.settings.practices.local.len();
        let mut problems = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (index, practice) in self.practices.iter().enumerate() {
            let file = match files.settings {
                Some(settings) if index >= shared_count => settings,
                _ => files.practices,
            };
            let at = |message: String, hint: String| {
                let needle = format!("\"{}\"", practice.id);
                let start = file.text.find(&needle).unwrap_or(0);
                file.locate(
                    &Diagnostic::error("practice", start..start + needle.len(), message)
                        .with_hint(hint),
                )
            };
            if !seen.insert(practice.id.as_str()) {
                problems.push(at(
                    format!("the practice `{}` is defined twice", practice.id),
                    "each practice needs its own id; a force's local practice cannot reuse a shared id".into(),
                ));
            }
            if !crate::core::lower::is_id(&practice.id) {
                problems.push(at(
                    format!("`{}` is not a valid practice id", practice.id),
                    "ids use lowercase letters, digits and `-`".into(),
                ));
            }
            if self.competency(&practice.competency).is_none() {
                problems.push(at(
                    format!(
                        "the practice `{}` names the competency `{}`, which does not exist",
                        practice.id, practice.competency
                    ),
                    "use a competency id from competencies.toml".into(),
                ));
            }
            for (message, hint) in
                crate::core::validate::citations::problems(&practice.cite, self.guidance.as_ref())
            {
                problems.push(at(format!("practice `{}`: {message}", practice.id), hint));
            }
        }
        if let (Some(settings), Some(lrs)) = (files.settings, &self.settings.lrs) {
            let start = settings.text.find("[lrs]").unwrap_or(0);
            for message in lrs.problems() {
                problems.push(
                    settings.locate(
                        &Diagnostic::error("lrs", start..start + 5, message)
                            .with_hint("see README, \"Training records\", for the [lrs] settings"),
                    ),
                );
            }
        }
        if let Some(settings) = files.settings {
            for id in &self.settings.practices.not_applicable {
                if self.practice(id).is_none() {
                    let needle = format!("\"{id}\"");
                    let start = settings.text.find(&needle).unwrap_or(0);
                    problems.push(settings.locate(
                        &Diagnostic::error(
                            "practice",
                            start..start + needle.len(),
                            format!("`{id}` is marked not applicable, but there is no such practice"),
                        )
                        .with_hint("check the id against practices.toml"),
                    ));
                }
            }
        }
        problems
    }

    /// The framework bundled in `scenarios/`, for tests and tools.
    pub fn bundled() -> Framework {
        Framework::bundled_with(None).expect("the bundled framework is valid")
    }

    /// The bundled framework under these force settings (`None`: the defaults).
    pub fn bundled_with(
        settings: Option<&SourceFile>,
    ) -> Result<Framework, Vec<LocatedDiagnostic>> {
        let file = SourceFile::new;
        Framework::load(FrameworkFiles {
            competencies: &file(
                "competencies.toml",
                include_str!("../../scenarios/competencies.toml"),
            ),
            patterns: &file(
                "patterns.toml",
                include_str!("../../scenarios/patterns.toml"),
            ),
            practices: &file(
                "practices.toml",
                include_str!("../../scenarios/practices.toml"),
            ),
            settings,
            guidance: Some(&file(
                "guidance.toml",
                include_str!("../../scenarios/guidance.toml"),
            )),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_framework_has_five_competencies_and_fifteen_patterns() {
        let framework = Framework::bundled();
        let ids: Vec<_> = framework
            .competencies
            .competencies
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["identify", "evidence", "orders", "advice", "risk"]);
        assert_eq!(framework.patterns.patterns.len(), 15);
    }

    #[test]
    fn citations_name_their_sections_with_lists_and_notes() {
        let section = |s: &str| Cited::Section(s.to_string());
        assert_eq!(
            cited_sections("SC §4.2.1, §5.2; Ref §4 (S-DASH, DASH); Ref §8 P1"),
            [
                section("SC §4.2.1"),
                section("SC §5.2"),
                section("Ref §4"),
                section("Ref §8 P1")
            ]
        );
        assert_eq!(
            cited_sections("SC §4.2.2, case study 12; College guidance"),
            [
                section("SC §4.2.2"),
                Cited::Unknown("College guidance".to_string())
            ]
        );
        assert!(cited_sections(" ; ").is_empty());
    }

    #[test]
    fn bands_pick_the_highest_reached() {
        let framework = Framework::bundled();
        assert_eq!(framework.band(0), "Not yet competent");
        assert_eq!(framework.band(69), "Developing");
        assert_eq!(framework.band(70), "Competent");
        assert_eq!(framework.band(100), "Strong");
    }

    /// The bundled framework with this `settings.toml` (none: the defaults).
    fn load_with_settings(settings: Option<&str>) -> Result<Framework, Vec<LocatedDiagnostic>> {
        let settings = settings.map(|text| SourceFile::new("settings.toml", text));
        Framework::bundled_with(settings.as_ref())
    }

    #[test]
    fn an_lrs_is_read_from_the_settings_and_checked() {
        let bundled = Framework::bundled();
        let read = |text: &str| load_with_settings(Some(text));
        let good = read("[force]\n[lrs]\nendpoint = \"https://lrs.force.example/xapi/\"\nusername = \"app\"\npassword = \"s\"\nhomepage = \"https://intranet.force.example\"\n").unwrap();
        let lrs = good.settings.lrs.unwrap();
        assert_eq!(lrs.identifier, "account");
        assert_eq!(good.settings.force, bundled.settings.force);
        let errors = read("[force]\n[lrs]\nendpoint = \"ftp://x\"\nhomepage = \"https://h\"\nidentifier = \"email\"\n").unwrap_err();
        let rendered: Vec<String> = errors.iter().map(|e| e.render()).collect();
        assert_eq!(rendered.len(), 2, "{rendered:?}");
        assert!(rendered[0].contains("settings.toml:2:1"), "{}", rendered[0]);
        assert!(rendered[0].contains("must be an http:// or https:// address"));
        assert!(rendered[1].contains("needs an `email_domain`"));
    }

    #[test]
    fn local_settings_override_defaults_and_keep_the_rest() {
        let framework =
            load_with_settings(Some("[force]\nname = \"Eastmoor Constabulary\"\n")).unwrap();
        assert_eq!(framework.settings.force["name"], "Eastmoor Constabulary");
        assert_eq!(framework.settings.force["risk_tool"], "DASH");
    }

    #[test]
    fn framework_errors_are_placed_on_their_line() {
        let errors = load_with_settings(Some("[force]\nname = 3\n")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].file.as_str(), errors[0].line),
            ("settings.toml", 2)
        );
        assert!(load_with_settings(None).is_ok());
    }
}
