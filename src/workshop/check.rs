//! What the workshop shows for the text in the editor: the core's
//! diagnostics, the map of the scenario as far as it could be read, its
//! figures, and the scenario itself when it has no errors and can be
//! play-tested. Pure: the views only draw it.

use crate::core::analysis::Stats;
use crate::core::diagnostic::{count, SourceFile};
use crate::core::framework::Framework;
use crate::core::map::{layout, SceneMap};
use crate::core::model::Scenario;
use crate::core::validate::{load_draft, Draft};
use std::rc::Rc;

#[derive(Debug)]
pub struct Checked {
    pub source: SourceFile,
    pub draft: Draft,
    pub map: Option<SceneMap>,
    pub stats: Option<Stats>,
    /// The scenario when it has no errors (warnings allowed).
    pub playable: Option<Rc<Scenario>>,
    pub errors: usize,
    pub warnings: usize,
}

impl Checked {
    /// The scenario's id as typed, even when the file has errors.
    pub fn id(&self) -> Option<&str> {
        self.draft.scenario.as_ref().map(|s| s.id.as_str())
    }

    pub fn title(&self) -> Option<&str> {
        self.draft.scenario.as_ref().map(|s| s.title.as_str())
    }
}

pub fn check(name: &str, text: &str, framework: &Framework) -> Checked {
    let source = SourceFile::new(name, text);
    let draft = load_draft(&source, framework);
    let (map, stats) = match (&draft.scenario, &draft.analysis) {
        (Some(scenario), Some(analysis)) => (
            Some(layout(scenario, analysis)),
            Some(Stats::of(scenario, analysis)),
        ),
        _ => (None, None),
    };
    // Counting those folded under their causes too.
    let (errors, warnings) = count(&draft.diagnostics);
    let playable = draft.playable().cloned().map(Rc::new);
    Checked {
        source,
        draft,
        map,
        stats,
        playable,
        errors,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::starter::STARTER;

    fn read(path: &str) -> String {
        std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn a_broken_file_has_its_errors_and_a_map_but_cannot_be_played() {
        let checked = check(
            "unknown-target.toml",
            &read("tests/fixtures/broken/unknown-target.toml"),
            &Framework::bundled(),
        );
        assert_eq!((checked.errors, checked.warnings), (1, 0));
        assert_eq!(checked.draft.diagnostics[0].line, 69);
        assert!(checked.playable.is_none());
        let map = checked.map.as_ref().expect("the map is drawn anyway");
        assert_eq!(map.nodes.len(), 7);
        assert_eq!(checked.id(), Some("mini"));
    }

    #[test]
    fn the_template_is_clean_and_playable_and_scene_boxes_open_at_their_ids() {
        let checked = check("my-scenario.toml", STARTER, &Framework::bundled());
        assert_eq!((checked.errors, checked.warnings), (0, 0));
        assert!(checked.playable.is_some());
        let map = checked.map.unwrap();
        for node in &map.nodes {
            // A box opens the editor where its scene begins: at the scene's `id` line.
            let rest = &STARTER[node.span_start..];
            let line = rest.lines().next().unwrap();
            assert!(
                line.contains(&format!("\"{}\"", node.id)) || rest.starts_with("[[scene]]"),
                "{}: {line}",
                node.id
            );
        }
    }

    #[test]
    fn text_that_is_not_toml_has_diagnostics_and_no_map() {
        let checked = check("x.toml", "id = \"unclosed\n", &Framework::bundled());
        assert!(checked.errors >= 1);
        assert!(checked.map.is_none() && checked.playable.is_none());
        assert_eq!(checked.id(), None);
    }
}
