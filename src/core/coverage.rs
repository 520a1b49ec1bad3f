//! What each scenario and the library as a whole assess: competencies,
//! patterns and roles, and any scenario with a path that assesses nothing.

use crate::core::analysis::Stats;
use crate::core::framework::Framework;
use crate::core::model::Role;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Clone, Debug, Serialize)]
pub struct ScenarioCoverage {
    pub id: String,
    pub pattern: String,
    pub role: String,
    /// Assessed on every complete path.
    pub always: Vec<String>,
    /// Assessed on some paths only.
    pub sometimes: Vec<String>,
    /// True when some complete path faces no scored decision at all.
    pub path_assessing_nothing: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    pub scenarios: Vec<ScenarioCoverage>,
    /// Scenarios per pattern id, including patterns no scenario follows.
    pub patterns: BTreeMap<String, Vec<String>>,
    pub roles: BTreeMap<String, Vec<String>>,
    /// Scenarios assessing each competency on every path.
    pub competencies: BTreeMap<String, Vec<String>>,
}

impl Coverage {
    pub fn of(stats: &[Stats], framework: &Framework) -> Coverage {
        let scenarios: Vec<ScenarioCoverage> = stats
            .iter()
            .map(|s| ScenarioCoverage {
                id: s.id.clone(),
                pattern: s.pattern.clone(),
                role: s.role.clone(),
                always: s
                    .competencies
                    .iter()
                    .filter(|(_, r)| r.best_min > 0)
                    .map(|(c, _)| c.clone())
                    .collect(),
                sometimes: s
                    .competencies
                    .iter()
                    .filter(|(_, r)| r.best_min == 0 && r.best_max > 0)
                    .map(|(c, _)| c.clone())
                    .collect(),
                path_assessing_nothing: s.fewest_scored_decisions == 0,
            })
            .collect();
        let group = |keys: Vec<String>, key_of: &dyn Fn(&ScenarioCoverage) -> Vec<String>| {
            let mut map: BTreeMap<String, Vec<String>> =
                keys.into_iter().map(|k| (k, Vec::new())).collect();
            for s in &scenarios {
                for key in key_of(s) {
                    map.entry(key).or_default().push(s.id.clone());
                }
            }
            map
        };
        Coverage {
            patterns: group(
                framework
                    .patterns
                    .patterns
                    .iter()
                    .map(|p| p.id.clone())
                    .collect(),
                &|s| vec![s.pattern.clone()],
            ),
            roles: group(
                Role::ALL.iter().map(|r| r.id().to_string()).collect(),
                &|s| vec![s.role.clone()],
            ),
            competencies: group(
                framework
                    .competencies
                    .competencies
                    .iter()
                    .map(|c| c.id.clone())
                    .collect(),
                &|s| s.always.clone(),
            ),
            scenarios,
        }
    }

    /// A Markdown table: scenario × pattern × role × competencies assessed.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("| scenario | pattern | role | assessed on every path | on some paths |\n|---|---|---|---|---|\n");
        for s in &self.scenarios {
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} | {} |",
                s.id,
                s.pattern,
                s.role,
                s.always.join(", "),
                if s.sometimes.is_empty() {
                    "-".into()
                } else {
                    s.sometimes.join(", ")
                }
            );
        }
        out
    }

    pub fn to_text(&self) -> String {
        let mut out = self.to_markdown();
        let mut section = |title: &str, map: &BTreeMap<String, Vec<String>>| {
            let _ = writeln!(out, "\n{title}");
            for (key, ids) in map {
                let _ = writeln!(
                    out,
                    "  {key:<26} {:>2}  {}",
                    ids.len(),
                    if ids.is_empty() {
                        "NONE".to_string()
                    } else {
                        ids.join(", ")
                    }
                );
            }
        };
        section("Patterns", &self.patterns);
        section("Roles", &self.roles);
        section("Competencies (assessed on every path)", &self.competencies);
        let empty: Vec<&str> = self
            .scenarios
            .iter()
            .filter(|s| s.path_assessing_nothing)
            .map(|s| s.id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "\nPaths that assess nothing: {}",
            if empty.is_empty() {
                "none".to_string()
            } else {
                empty.join(", ")
            }
        );
        out
    }
}
