//! Loading and checking a scenario. `load` parses, lowers and runs every
//! check, each concern in its own module, and reports every problem found.

mod causes;
pub mod citations;
mod claims;
mod conditions;
pub mod length;
pub mod placeholders;
mod practices;
mod scoring;
mod state;
mod structure;
mod symbols;

use crate::core::analysis::{analyse, Analysis};
use crate::core::diagnostic::{locate_all, Diagnostic, LocatedDiagnostic, Severity, SourceFile};

use crate::core::framework::Framework;
use crate::core::lower::lower;
use crate::core::model::Scenario;
use crate::core::read;
use crate::core::states::possible_states;

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
        any_error(&self.diagnostics)
    }
}

fn any_error(diagnostics: &[LocatedDiagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

pub fn load(source: &SourceFile, framework: &Framework) -> Loaded {
    let draft = load_draft(source, framework);
    let failed = draft.has_errors();
    Loaded {
        scenario: draft.scenario.filter(|_| !failed),
        analysis: draft.analysis,
        diagnostics: draft.diagnostics,
    }
}

/// A file as the workshop sees it while the trainer types: the same
/// diagnostics as `load`, and the scenario as far as it could be lowered
/// even when there are errors, so the map can still be drawn. Never play a
/// draft with errors: `playable` (like `load`) is the gate for that.
#[derive(Debug)]
pub struct Draft {
    pub scenario: Option<Scenario>,
    pub analysis: Option<Analysis>,
    pub diagnostics: Vec<LocatedDiagnostic>,
}

impl Draft {
    pub fn has_errors(&self) -> bool {
        any_error(&self.diagnostics)
    }

    /// The scenario when it has no errors, ready to play.
    pub fn playable(&self) -> Option<&Scenario> {
        self.scenario.as_ref().filter(|_| !self.has_errors())
    }
}

pub fn load_draft(source: &SourceFile, framework: &Framework) -> Draft {
    let mut diagnostics = Vec::new();
    let scenario = match read::scenario_file(source) {
        Ok(file) => lower(file, &source.text, &mut diagnostics),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let analysis = scenario
        .as_ref()
        .map(|scenario| check(scenario, framework, &source.text, &mut diagnostics));
    Draft {
        scenario,
        analysis,
        diagnostics: locate_all(source, &diagnostics),
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
/// Problems that follow from a mistake found while lowering (a misspelt
/// `goto`, a scene that leads nowhere) are marked as caused by it.
pub fn check(
    scenario: &Scenario,
    framework: &Framework,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Analysis {
    let (analysis, mut found) = checks(scenario, framework, source);
    causes::attribute(scenario, &mut found, |mended| {
        checks(mended, framework, source).1
    });
    diagnostics.extend(found);
    analysis
}

fn checks(scenario: &Scenario, framework: &Framework, source: &str) -> (Analysis, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let analysis = analyse(scenario, &competency_ids(framework));
    structure::check(scenario, &analysis, &mut found);
    symbols::check(scenario, framework, source, &mut found);
    state::check(scenario, &mut found);
    let possible = possible_states(scenario);
    conditions::check(scenario, &possible, &mut found);
    scoring::check(scenario, &analysis, &possible, source, &mut found);
    citations::check(scenario, framework.guidance.as_ref(), &mut found);
    practices::check(scenario, framework, source, &mut found);
    claims::check(scenario, framework, &mut found);
    (analysis, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::map::layout;

    fn fixture(path: &str) -> SourceFile {
        let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        SourceFile::new(
            path,
            std::fs::read_to_string(full).expect("the fixture exists"),
        )
    }

    #[test]
    fn a_draft_with_errors_keeps_the_lowered_scenario_for_the_map_but_is_not_playable() {
        let framework = Framework::bundled();
        let source = fixture("broken/unknown-target.toml");
        let draft = load_draft(&source, &framework);
        let loaded = load(&source, &framework);
        assert_eq!(draft.diagnostics, loaded.diagnostics);
        assert!(draft.has_errors() && loaded.scenario.is_none());
        assert!(draft.playable().is_none());
        let scenario = draft.scenario.as_ref().expect("lowered despite the error");
        let map = layout(scenario, draft.analysis.as_ref().unwrap());
        assert_eq!(map.nodes.len(), scenario.scenes.len());

        let valid = load_draft(&fixture("valid/mini.toml"), &framework);
        assert!(!valid.has_errors());
        assert_eq!(valid.playable().map(|s| s.id.as_str()), Some("mini"));
    }

    /// The workshop draws the map of whatever the trainer has typed so far.
    #[test]
    fn every_broken_fixture_that_lowers_gives_a_map_without_overlapping_boxes() {
        let framework = Framework::bundled();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/broken");
        let mut drawn = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let draft = load_draft(&fixture(&format!("broken/{name}")), &framework);
            assert!(!draft.diagnostics.is_empty(), "{name}");
            if let (Some(scenario), Some(analysis)) = (&draft.scenario, &draft.analysis) {
                let map = layout(scenario, analysis);
                assert_eq!(map.nodes.len(), scenario.scenes.len(), "{name}");
                assert_eq!(map.overlaps(), Vec::<(&str, &str)>::new(), "{name}");
                drawn += 1;
            }
        }
        assert!(drawn > 30, "most broken files still have a map ({drawn})");
    }
}
