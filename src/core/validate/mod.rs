//! Loading and checking a scenario. `load` parses, lowers and runs every
//! check, each concern in its own module, and reports every problem found.

pub mod placeholders;
mod scoring;
mod state;
mod structure;
mod symbols;

pub use scoring::is_citation;

use crate::core::analysis::{analyse, Analysis};
use crate::core::diagnostic::{locate_all, Diagnostic, LocatedDiagnostic, Severity, SourceFile};
use crate::core::file::ScenarioFile;
use crate::core::framework::Framework;
use crate::core::lower::lower;
use crate::core::model::Scenario;
use crate::core::parse::parse_toml;

/// The result of loading one file: the scenario when it has no errors, its
/// analysis, and every diagnostic (errors and warnings) in file order.
#[derive(Debug)]
pub struct Loaded {
    pub scenario: Option<Scenario>,
    pub analysis: Option<Analysis>,
    pub diagnostics: Vec<LocatedDiagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

pub fn load(source: &SourceFile, framework: &Framework) -> Loaded {
    let mut diagnostics = Vec::new();
    let scenario = match parse_toml::<ScenarioFile>(source) {
        Ok(file) => lower(file, &source.text, &mut diagnostics),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    };
    let analysis = scenario
        .as_ref()
        .map(|scenario| check(scenario, framework, &source.text, &mut diagnostics));
    let diagnostics = locate_all(source, &diagnostics);
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Loaded {
        scenario: scenario.filter(|_| !failed),
        analysis,
        diagnostics,
    }
}

pub fn competency_ids(framework: &Framework) -> Vec<String> {
    framework
        .competencies
        .competencies
        .iter()
        .map(|c| c.id.clone())
        .collect()
}

/// The whole-scenario checks on a lowered scenario, and its analysis, which
/// the structure and scoring checks read.
pub fn check(
    scenario: &Scenario,
    framework: &Framework,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Analysis {
    let analysis = analyse(scenario, &competency_ids(framework));
    structure::check(scenario, &analysis, diagnostics);
    symbols::check(scenario, framework, source, diagnostics);
    state::check(scenario, diagnostics);
    scoring::check(scenario, &analysis, diagnostics);
    analysis
}
