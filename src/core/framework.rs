//! The data every scenario is checked and scored against: the competency
//! framework (`competencies.toml`), the case patterns (`patterns.toml`) and the
//! force's local settings (`settings.toml`).

use crate::core::diagnostic::{LocatedDiagnostic, SourceFile};
use crate::core::parse::parse_toml;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// The force's local facts, used as `{force.KEY}` placeholders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForceSettings {
    pub force: BTreeMap<String, String>,
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
        }
    }
}

/// Competencies, patterns and force settings together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub competencies: Competencies,
    pub patterns: Patterns,
    pub settings: ForceSettings,
}

impl Framework {
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.competencies.iter().find(|c| c.id == id)
    }

    pub fn pattern(&self, id: &str) -> Option<&Pattern> {
        self.patterns.patterns.iter().find(|p| p.id == id)
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

    /// Reads the three files, placing any error on its file's line and
    /// column. Settings are optional: `None` uses the defaults, and any key a
    /// force leaves out keeps its default value.
    pub fn load(
        competencies: &SourceFile,
        patterns: &SourceFile,
        settings: Option<&SourceFile>,
    ) -> Result<Framework, Vec<LocatedDiagnostic>> {
        let mut errors = Vec::new();
        let competencies_read = parse_toml::<Competencies>(competencies)
            .map_err(|d| errors.push(competencies.locate(&d)))
            .ok();
        let patterns_read = parse_toml::<Patterns>(patterns)
            .map_err(|d| errors.push(patterns.locate(&d)))
            .ok();
        let mut merged = ForceSettings::default();
        if let Some(file) = settings {
            match parse_toml::<ForceSettings>(file) {
                Ok(local) => merged.force.extend(local.force),
                Err(d) => errors.push(file.locate(&d)),
            }
        }
        match (competencies_read, patterns_read) {
            (Some(competencies), Some(patterns)) if errors.is_empty() => Ok(Framework {
                competencies,
                patterns,
                settings: merged,
            }),
            _ => Err(errors),
        }
    }

    /// The framework bundled in `scenarios/`, for tests and tools.
    pub fn bundled() -> Framework {
        let competencies = SourceFile::new(
            "competencies.toml",
            include_str!("../../scenarios/competencies.toml"),
        );
        let patterns = SourceFile::new(
            "patterns.toml",
            include_str!("../../scenarios/patterns.toml"),
        );
        Framework::load(&competencies, &patterns, None).expect("the bundled framework is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_framework_has_five_competencies_and_thirteen_patterns() {
        let framework = Framework::bundled();
        let ids: Vec<_> = framework
            .competencies
            .competencies
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["identify", "evidence", "orders", "advice", "risk"]);
        assert_eq!(framework.patterns.patterns.len(), 13);
    }

    #[test]
    fn bands_pick_the_highest_reached() {
        let framework = Framework::bundled();
        assert_eq!(framework.band(0), "Not yet competent");
        assert_eq!(framework.band(69), "Developing");
        assert_eq!(framework.band(70), "Competent");
        assert_eq!(framework.band(100), "Strong");
    }

    #[test]
    fn local_settings_override_defaults_and_keep_the_rest() {
        let settings = SourceFile::new(
            "settings.toml",
            "[force]\nname = \"Eastmoor Constabulary\"\n",
        );
        let competencies = SourceFile::new("c", include_str!("../../scenarios/competencies.toml"));
        let patterns = SourceFile::new("p", include_str!("../../scenarios/patterns.toml"));
        let framework = Framework::load(&competencies, &patterns, Some(&settings)).unwrap();
        assert_eq!(framework.settings.force["name"], "Eastmoor Constabulary");
        assert_eq!(framework.settings.force["risk_tool"], "DASH");
    }

    #[test]
    fn framework_errors_are_placed_on_their_line() {
        let competencies = SourceFile::new(
            "competencies.toml",
            include_str!("../../scenarios/competencies.toml"),
        );
        let patterns = SourceFile::new(
            "patterns.toml",
            include_str!("../../scenarios/patterns.toml"),
        );
        let settings = SourceFile::new("settings.toml", "[force]\nname = 3\n");
        let errors = Framework::load(&competencies, &patterns, Some(&settings)).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].file.as_str(), errors[0].line),
            ("settings.toml", 2)
        );
        assert!(Framework::load(&competencies, &patterns, None).is_ok());
    }
}
