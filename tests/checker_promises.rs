//! Property tests of what the checker promises about conditions, on small
//! generated scenarios full of `when` conditions, flags, counters, marks and
//! time (many of which the checker rejects). For every one it passes, every
//! run is followed through the engine, and:
//! - no decision ever offers nothing, and no choice finds nowhere to go
//!   (the checker never misses a stranded trainee);
//! - every state a run reaches at a scene is among those `possible_states`
//!   says it can hold there (the analysis only ever over-approximates);
//! - the endings table worked out from that analysis never shows fewer
//!   endings for a choice than following every run does.

use course_of_conduct::core::diagnostic::SourceFile;
use course_of_conduct::core::endings::endings_table;
use course_of_conduct::core::engine::{ChoiceError, Mode, RunState, Session};
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::model::{DecisionKind, Scenario, SceneBody};
use course_of_conduct::core::states::{possible_states, Maybe, RunStates};
use course_of_conduct::core::validate::load;
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::rc::Rc;

const CONDITIONS: [&str; 16] = [
    "done record-stalking-where-four-fits",
    "not done record-stalking-where-four-fits",
    "a",
    "not a",
    "b",
    "not b",
    "c >= 1",
    "c < 1",
    "c == 2",
    "c != 2",
    "elapsed >= 1d",
    "elapsed < 1d",
    "since m < 1d",
    "since m >= 1d",
    "c > -1",
    "elapsed <= 12h",
];

fn pick<'a>(rng: &mut StdRng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

fn when(rng: &mut StdRng, least: usize) -> String {
    let count = rng.random_range(least..3);
    let conditions: Vec<String> = (0..count)
        .map(|_| format!("\"{}\"", pick(rng, &CONDITIONS)))
        .collect();
    format!("when = [{}]\n", conditions.join(", "))
}

/// A small scenario from a seed: scenes lead mostly forward (sometimes
/// back), options and routes carry random conditions and effects.
fn generated(seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let scenes = rng.random_range(3..8);
    let endings = 2;
    let mut out = String::from(
        "id = \"generated\"\ntitle = \"G\"\nsummary = \"S\"\npattern = \"ex-partner-separation\"\nrole = \"call_handler\"\nminutes = 1\nversion = \"1\"\ncontent_note = \"C\"\nstart = \"w\"\n",
    );
    let target = |rng: &mut StdRng, from: usize| {
        if rng.random_ratio(1, 8) {
            rng.random_range(0..=from)
        } else {
            rng.random_range(from + 1..scenes)
        }
    };
    // A scene's routes in `table`: `last` (its fixed one), then up to two at random.
    let routes = |out: &mut String, rng: &mut StdRng, table: &str, last: &str, from: usize| {
        out.push_str(&last.replace("{}", table));
        for _ in 0..rng.random_range(0..3) {
            let _ = write!(
                out,
                "\n{table}\n{}goto = \"s{}\"\n",
                when(rng, 1),
                target(rng, from)
            );
        }
    };
    for i in 0..scenes {
        let _ = write!(
            out,
            "\n[[scene]]\nid = \"s{i}\"\ntitle = \"T\"\ntext = \"x\"\n"
        );
        if rng.random_ratio(1, 4) {
            let _ = writeln!(out, "advance = \"{}\"", pick(&mut rng, &["6h", "1d", "2d"]));
        }
        if rng.random_ratio(1, 4) {
            let _ = writeln!(out, "set = [\"{}\"]", pick(&mut rng, &["a", "b"]));
        }
        if i >= scenes - endings {
            out.push_str("\n[scene.ending]\noutcome = \"o\"\ndebrief = \"d\"\n");
            continue;
        }
        // The plain way on is always the next scene, so every scene is
        // reachable; the first scene can also reach the second ending.
        let onward = (i + 1).min(scenes - endings);
        let last = if i == 0 {
            format!(
                "\n{{}}\nwhen = [\"b\", \"c >= 1\"]\ngoto = \"s{}\"\n",
                scenes - 1
            )
        } else {
            String::new()
        };
        if rng.random_ratio(1, 4) {
            let _ = writeln!(out, "next = \"s{onward}\"");
            routes(&mut out, &mut rng, "[[scene.route]]", &last, i);
            continue;
        }
        let multiple = rng.random_ratio(1, 3);
        let _ = write!(
            out,
            "\n[scene.decision]\nprompt = \"p\"\nkind = \"{}\"\ngoto = \"s{onward}\"\n",
            if multiple { "multiple" } else { "single" },
        );
        routes(&mut out, &mut rng, "[[scene.decision.route]]", &last, i);
        for o in 0..rng.random_range(1..5) {
            let _ = write!(
                out,
                "\n[[scene.decision.option]]\nid = \"o{o}\"\ntext = \"t\"\n{}",
                when(&mut rng, 0)
            );
            if !multiple && rng.random_ratio(1, 3) {
                let _ = writeln!(out, "goto = \"s{}\"", target(&mut rng, i));
            }
            match rng.random_range(0..6) {
                0 => out.push_str("set = [\"a\"]\n"),
                1 => out.push_str("clear = [\"a\"]\n"),
                2 => out.push_str("set = [\"b\"]\n"),
                3 => {
                    let _ = writeln!(out, "add = {{ c = {} }}", rng.random_range(-1..3));
                }
                4 => out.push_str("mark = [\"m\"]\n"),
                _ => {
                    let _ = writeln!(out, "advance = \"{}\"", pick(&mut rng, &["12h", "1d"]));
                }
            }
            if rng.random_ratio(1, 2) {
                // Each point explained by a practice of the right kind, as the checker asks.
                let practice = match o - 1 {
                    p if p > 0 => "practices = [\"record-stalking-where-four-fits\"]\n",
                    p if p < 0 => "practices = [\"split-course-into-separate-records\"]\n",
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "points = {{ identify = {} }}\n{practice}feedback = \"f\"\ncite = \"SC §4.1.1\"",
                    o - 1
                );
            }
        }
    }
    // A first choice that writes everything a condition can read, so the
    // checker never rejects a scenario for reading what nothing writes.
    out.push_str("\n[[scene]]\nid = \"w\"\ntitle = \"W\"\ntext = \"w\"\n\n[scene.decision]\nprompt = \"p\"\nkind = \"single\"\ngoto = \"s0\"\n\n[[scene.decision.option]]\nid = \"plain\"\ntext = \"w\"\n\n[[scene.decision.option]]\nid = \"primed\"\ntext = \"w\"\nset = [\"a\", \"b\"]\nadd = { c = 1 }\nmark = [\"m\"]\n");
    out
}

/// Where a state sits, for comparing with what the analysis allows.
fn within(states: &RunStates, state: &RunState) -> bool {
    // What has been done is kept with the flags, as `done:ID`.
    let has = |f: &String| match f.strip_prefix("done:") {
        Some(id) => state.done.contains(id),
        None => state.flags.contains(f),
    };
    let done: Vec<String> = state.done.iter().map(|d| format!("done:{d}")).collect();
    let flags = states.flags.keys().chain(state.flags.iter()).chain(&done);
    let flags_fit = flags.into_iter().all(|f| match states.flag(f) {
        Maybe::Yes => has(f),
        Maybe::No => !has(f),
        Maybe::Either => true,
    });
    let counters_fit = state.counters.iter().all(|(c, &v)| {
        let r = states.counter(c);
        r.lo <= v && v <= r.hi
    }) && states
        .counters
        .iter()
        .all(|(c, r)| state.counters.contains_key(c) || (r.lo <= 0 && 0 <= r.hi));
    let elapsed_fits = states.elapsed.lo <= state.elapsed && state.elapsed <= states.elapsed.hi;
    let marks_fit = state.marks.iter().all(|(m, &at)| {
        let (made, since) = states.mark(m);
        let since_now = state.elapsed - at;
        made != Maybe::No && since.lo <= since_now && since_now <= since.hi
    }) && states
        .marks
        .iter()
        .all(|(m, (made, _))| state.marks.contains_key(m) || *made != Maybe::Yes);
    flags_fit && counters_fit && elapsed_fits && marks_fit
}

fn key(state: &RunState) -> String {
    format!(
        "{}|{:?}|{:?}|{:?}|{}|{:?}",
        state.scene, state.flags, state.counters, state.marks, state.elapsed, state.done
    )
}

/// Follows every run (up to a bound), checking each state it reaches.
fn every_run(scenario: &Rc<Scenario>, framework: &Framework) -> Result<usize, String> {
    let possible = possible_states(scenario);
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue = vec![Session::new(
        Rc::clone(scenario),
        &framework.settings,
        1,
        Mode::Training,
    )];
    while let Some(session) = queue.pop() {
        if seen.len() > 600 {
            break;
        }
        let state = session.state();
        if !seen.insert(key(state)) {
            continue;
        }
        let scene = &scenario.scenes[state.scene];
        match &possible.at[state.scene] {
            Some(states) if within(states, state) => {}
            other => {
                return Err(format!(
                    "at `{}` the state {state:?} is outside {other:?}",
                    scene.id
                ))
            }
        }
        // Round a loop that moves the clock on, runs never repeat a state:
        // follow each only so far.
        if state.log.len() > scenario.scenes.len() * 2 {
            continue;
        }
        let choices: Vec<Vec<String>> = match &scene.body {
            SceneBody::Ending(_) => continue,
            SceneBody::Next(_) => vec![Vec::new()],
            SceneBody::Decision(decision) => {
                let offered: Vec<String> = session.offered().iter().map(|o| o.id.clone()).collect();
                if offered.is_empty() {
                    return Err(format!("the decision in `{}` offered nothing", scene.id));
                }
                match decision.kind {
                    DecisionKind::Single => offered.into_iter().map(|o| vec![o]).collect(),
                    DecisionKind::Multiple => (1_u32..1 << offered.len())
                        .map(|mask| {
                            offered
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| mask & (1 << i) != 0)
                                .map(|(_, o)| o.clone())
                                .collect()
                        })
                        .collect(),
                }
            }
        };
        for chosen in choices {
            let mut next = session.clone();
            match next.choose(&chosen) {
                Ok(_) => queue.push(next),
                Err(ChoiceError::NoRoute) => {
                    return Err(format!("a choice at `{}` led nowhere", scene.id))
                }
                Err(other) => return Err(format!("`{}` refused {chosen:?}: {other}", scene.id)),
            }
        }
    }
    Ok(seen.len())
}

thread_local! {
    /// Read once: the catalogue of practice makes the framework slow to read.
    static FRAMEWORK: Framework = Framework::bundled();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_scenario_that_passes_the_checker_strands_a_trainee(seed in any::<u64>()) {
        let framework = FRAMEWORK.with(Clone::clone);
        let text = generated(seed);
        let loaded = load(&SourceFile::new("generated.toml", text.clone()), &framework);
        if let Some(scenario) = loaded.scenario {
            let scenario = Rc::new(scenario);
            let followed = every_run(&scenario, &framework);
            prop_assert!(followed.is_ok(), "{}\n{text}", followed.unwrap_err());
            let exact = endings_table(&scenario, &framework.settings, 3_000);
            let rough = endings_table(&scenario, &framework.settings, 0);
            for (e, r) in exact.rows.iter().zip(&rough.rows).filter(|_| exact.exact) {
                prop_assert!(
                    e.leads_to.iter().zip(&r.leads_to).all(|(e, r)| !e || *r),
                    "{} / {}: exactly {:?}, roughly {:?}\n{text}", e.scene_id, e.option_id, e.leads_to, r.leads_to
                );
            }
        }
    }
}

/// The generator is not so wild that nothing passes: many scenarios do,
/// and many are stopped for the problems this file is about.
#[test]
fn the_generated_scenarios_test_both_sides() {
    let framework = FRAMEWORK.with(Clone::clone);
    let (mut passed, mut stranded) = (0, 0);
    for seed in 0..300 {
        let loaded = load(&SourceFile::new("g.toml", generated(seed)), &framework);
        passed += usize::from(loaded.scenario.is_some());
        stranded += usize::from(
            loaded
                .diagnostics
                .iter()
                .flat_map(|d| d.all())
                .any(|d| d.code == "no-option-offered"),
        );
    }
    assert!(
        passed >= 30,
        "only {passed} of 300 generated scenarios pass"
    );
    assert!(
        stranded >= 30,
        "only {stranded} of 300 are stopped for a stranded trainee"
    );
}
