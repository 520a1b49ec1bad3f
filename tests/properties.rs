//! Property tests: no input makes the loader panic; no sequence of choices
//! makes the engine panic or fail to end; the static analysis's score ranges
//! bound what the engine actually scores; and no text a run shows claims
//! something the run did not do.

mod support;

use course_of_conduct::core::analysis::{analyse, Analysis};
use course_of_conduct::core::condition::Condition;
use course_of_conduct::core::diagnostic::SourceFile;
use course_of_conduct::core::engine::{BodyView, Mode, Session};
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::model::{Claim, Located, Scenario, SceneBody};
use course_of_conduct::core::report::GapReport;
use course_of_conduct::core::synthetic::scenario_text;
use course_of_conduct::core::validate::{competency_ids, load};
use proptest::prelude::*;
use std::rc::Rc;
use std::sync::OnceLock;

fn mini_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(support::root().join("tests/fixtures/valid/mini.toml")).unwrap()
    })
}

/// An edit to a valid file: cut a range, insert TOML-ish text, or repeat a range.
#[derive(Debug, Clone)]
enum Edit {
    Cut(usize, usize),
    Insert(usize, String),
    Repeat(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let piece = prop::sample::select(vec![
        "{",
        "}",
        "{{",
        "[[scene]]\n",
        "[scene.decision]\n",
        "\"",
        "\"\"\"",
        "=",
        "\n",
        "goto = \"x\"\n",
        "when = [\"a >= \"]\n",
        "id = \"report\"\n",
        "points = { risk = 99999999999 }\n",
        "§",
        "é",
        "\t",
        "#",
        "[[scene.decision.option]]\nid = \"z\"\ntext = \"t\"\n",
        "critical = true\n",
        "{victim.",
        "advance = \"9999999w\"\n",
    ]);
    prop_oneof![
        (any::<usize>(), 0usize..400).prop_map(|(a, n)| Edit::Cut(a, n)),
        (any::<usize>(), prop::collection::vec(piece, 1..4))
            .prop_map(|(a, p)| Edit::Insert(a, p.concat())),
        (any::<usize>(), 0usize..300).prop_map(|(a, n)| Edit::Repeat(a, n)),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match edit {
        Edit::Cut(at, n) => {
            let (a, b) = (boundary(*at), boundary(at % (text.len() + 1) + n));
            let (a, b) = (a.min(b), a.max(b));
            format!("{}{}", &text[..a], &text[b..])
        }
        Edit::Insert(at, piece) => {
            let a = boundary(*at);
            format!("{}{piece}{}", &text[..a], &text[a..])
        }
        Edit::Repeat(at, n) => {
            let (a, b) = (boundary(*at), boundary(at % (text.len() + 1) + n));
            let (a, b) = (a.min(b), a.max(b));
            format!("{}{}{}", &text[..b], &text[a..b], &text[b..])
        }
    }
}

/// Every claim made by the text the current scene shows holds on this run.
fn assert_shown_claims_hold(session: &Session) {
    let scene = &session.scenario().scenes[session.state().scene];
    let state = session.state();
    let shown = |when: &[Located<Condition>]| when.iter().all(|c| c.value.holds(state));
    let mut claims: Vec<&Located<Claim>> = Vec::new();
    for aside in scene.asides.iter().filter(|a| shown(&a.when)) {
        claims.extend(&aside.claims);
    }
    if let SceneBody::Ending(ending) = &scene.body {
        claims.extend(&ending.claims);
        for note in ending.notes.iter().filter(|n| shown(&n.when)) {
            claims.extend(&note.claims);
        }
    }
    for claim in claims {
        assert_eq!(
            state.done.contains(&claim.value.id),
            claim.value.done,
            "{}: scene `{}` claims {}`{}` on a run that chose {:?}",
            session.scenario().id,
            scene.id,
            if claim.value.done { "" } else { "not " },
            claim.value.id,
            session.saved().choices
        );
    }
}

/// What the engine scored lies within the analysis's static ranges.
fn assert_scores_within_static_ranges(session: &Session, analysis: &Analysis) {
    let scenario = session.scenario();
    let tally = session.tally();
    for (competency, range) in &analysis.competencies {
        let points = tally.get(competency).copied().unwrap_or_default();
        let earned = i64::from(points.earned);
        assert!(
            range.min <= earned && earned <= range.max,
            "{}: {competency} earned {earned}, outside {}..={}",
            scenario.id,
            range.min,
            range.max
        );
        assert!(
            i64::from(points.best) <= range.best_max,
            "{}: {competency} best {} above {}",
            scenario.id,
            points.best,
            range.best_max
        );
    }
}

/// Plays random offered choices until the end; panics if it has not ended
/// after more steps than there are scenes (scenarios have no endless loops).
fn random_walk(scenario: Rc<Scenario>, framework: &Framework, seed: u64, picks: &[u16]) {
    let analysis = analyse(&scenario, &competency_ids(framework));
    walk(scenario, framework, &analysis, seed, picks);
}

fn walk(
    scenario: Rc<Scenario>,
    framework: &Framework,
    analysis: &Analysis,
    seed: u64,
    picks: &[u16],
) {
    let limit = scenario.scenes.len() * 2 + 1;
    let mut session = Session::new(
        Rc::clone(&scenario),
        &framework.settings,
        seed,
        Mode::Assessment,
    );
    for step in 0..=limit {
        assert_shown_claims_hold(&session);
        if session.is_finished() {
            let report = GapReport::build(&session, framework);
            assert!(report.finished);
            assert_scores_within_static_ranges(&session, analysis);
            return;
        }
        assert!(
            step < limit,
            "{}: no ending after {limit} steps",
            scenario.id
        );
        let pick = usize::from(picks[step % picks.len()]);
        let chosen: Vec<String> = match session.view().body {
            BodyView::Continue => Vec::new(),
            BodyView::Decision { options, kind, .. } => {
                assert!(
                    !options.is_empty(),
                    "{}: a decision offered nothing at {}",
                    scenario.id,
                    session.view().scene_id
                );
                let mut chosen = vec![options[pick % options.len()].id.clone()];
                if kind == course_of_conduct::core::model::DecisionKind::Multiple {
                    chosen.extend(
                        options
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| (pick >> (i + 1)) & 1 == 1)
                            .map(|(_, o)| o.id.clone()),
                    );
                    chosen.dedup();
                    chosen.sort();
                    chosen.dedup();
                }
                chosen
            }
            BodyView::Ending { .. } => unreachable!(),
        };
        session
            .choose(&chosen)
            .unwrap_or_else(|e| panic!("{}: {e}", scenario.id));
    }
}

/// The library's scenarios with their analyses, worked out once.
fn library_scenarios() -> &'static [(Scenario, Analysis)] {
    static LIBRARY: OnceLock<Vec<(Scenario, Analysis)>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let competencies = competency_ids(&Framework::bundled());
        support::library()
            .into_iter()
            .filter_map(|e| e.loaded.scenario)
            .map(|scenario| {
                let analysis = analyse(&scenario, &competencies);
                (scenario, analysis)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let loaded = load(&SourceFile::new("bytes.toml", text), &Framework::bundled());
        prop_assert!(loaded.scenario.is_none() || !loaded.has_errors());
    }

    #[test]
    fn edited_scenario_files_never_panic_the_loader(edits in prop::collection::vec(edit(), 1..6)) {
        let text = edits.iter().fold(mini_text().to_string(), |text, e| apply(&text, e));
        let source = SourceFile::new("edited.toml", text);
        let loaded = load(&source, &Framework::bundled());
        for d in &loaded.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1);
            let _ = d.render();
        }
        // Anything that still loads must also play to an end.
        if let Some(scenario) = loaded.scenario {
            random_walk(Rc::new(scenario), &Framework::bundled(), 1, &[0, 1, 2, 3]);
        }
    }

    #[test]
    fn random_walks_through_the_library_always_end(seed in any::<u64>(), picks in prop::collection::vec(any::<u16>(), 1..40)) {
        let framework = Framework::bundled();
        for (scenario, analysis) in library_scenarios() {
            walk(Rc::new(scenario.clone()), &framework, analysis, seed, &picks);
        }
    }

    #[test]
    fn random_walks_through_generated_scenarios_always_end(scenes in 3usize..60, seed in any::<u64>(), picks in prop::collection::vec(any::<u16>(), 1..20)) {
        let loaded = load(&SourceFile::new("synthetic.toml", scenario_text(scenes)), &Framework::bundled());
        random_walk(Rc::new(loaded.scenario.unwrap()), &Framework::bundled(), seed, &picks);
    }
}
