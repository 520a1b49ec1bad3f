//! The engine's behaviour on a real scenario file: refusing bad choices
//! without changing anything, effects and routing, the clock, saving and
//! replaying, seeded shuffling, and scoring.

mod support;

use course_of_conduct::core::engine::{BodyView, ChoiceError, Mode, ResumeError, Session};
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::report::{GapKind, GapReport, Verdict};
use course_of_conduct::core::scoring::Points;
use course_of_conduct::core::validate::load;
use std::rc::Rc;

fn mini() -> (Rc<course_of_conduct::core::model::Scenario>, Framework) {
    let framework = Framework::bundled();
    let source = support::read(&support::root().join("tests/fixtures/valid/mini.toml"));
    (
        Rc::new(load(&source, &framework).scenario.unwrap()),
        framework,
    )
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn refused_choices_change_nothing() {
    let (scenario, framework) = mini();
    let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
    let before = session.state().clone();
    assert_eq!(session.choose(&[]), Err(ChoiceError::NothingChosen));
    assert_eq!(
        session.choose(&ids(&["nope"])),
        Err(ChoiceError::NotOffered("nope".into()))
    );
    assert_eq!(
        session.choose(&ids(&["stalking", "malcomms"])),
        Err(ChoiceError::OnlyOneAllowed)
    );
    assert_eq!(session.state(), &before);
    session.choose(&ids(&["stalking"])).unwrap();
    assert_eq!(
        session.choose(&ids(&["diary", "diary"])),
        Err(ChoiceError::ChosenTwice("diary".into()))
    );
    // A stale choice from the previous scene is refused too.
    assert_eq!(
        session.choose(&ids(&["stalking"])),
        Err(ChoiceError::NotOffered("stalking".into()))
    );
    session.choose(&ids(&["diary"])).unwrap();
    assert_eq!(
        session.choose(&ids(&["apply"])),
        Err(ChoiceError::ContinueOnly)
    );
    session.choose(&[]).unwrap();
    session.choose(&ids(&["wait"])).unwrap();
    assert!(session.is_finished());
    assert_eq!(session.choose(&[]), Err(ChoiceError::Finished));
}

#[test]
fn effects_route_and_move_the_clock() {
    let (scenario, framework) = mini();
    let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
    assert_eq!(session.clock(), "Day 1, 20:00");
    session.choose(&ids(&["malcomms"])).unwrap();
    // The aside shows because `recorded` was never set.
    assert!(session
        .view()
        .paragraphs
        .contains(&"The log shows a single offence.".to_string()));
    // `missed >= 1` routes to the escalation, which moves the clock a day.
    let outcome = session.choose(&ids(&["diary"])).unwrap();
    assert!(outcome.clock_moved);
    assert_eq!(session.view().scene_id, "escalation");
    assert_eq!(session.clock(), "Day 2, 20:00");
    assert_eq!(session.view().body, BodyView::Continue);
    session.choose(&[]).unwrap();
    // Applying under 14 days elapsed leads to `safe`, with the same-day aside.
    let outcome = session.choose(&ids(&["apply"])).unwrap();
    assert!(outcome.finished);
    assert_eq!(session.view().scene_id, "safe");
    assert!(session
        .view()
        .paragraphs
        .contains(&"It was made the same day.".to_string()));
}

#[test]
fn delay_changes_where_an_option_leads() {
    let (scenario, framework) = mini();
    let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
    for step in [&["stalking"][..], &["diary"], &[], &["apply"]] {
        session.choose(&ids(step)).unwrap();
    }
    // Fourteen days passed on the way, so the same option now arrives late.
    assert_eq!(session.view().scene_id, "late");
}

#[test]
fn a_saved_run_replays_exactly_and_refuses_changed_content() {
    let (scenario, framework) = mini();
    let mut session = Session::new(
        Rc::clone(&scenario),
        &framework.settings,
        99,
        Mode::Assessment,
    );
    let first = session.offered()[0].id.clone();
    session.choose(&[first]).unwrap();
    let saved = session.saved();
    let json = serde_json::to_string(&saved).unwrap();
    let resumed = Session::resume(
        Rc::clone(&scenario),
        &framework.settings,
        &serde_json::from_str(&json).unwrap(),
    )
    .unwrap();
    assert_eq!(resumed.state(), session.state());
    assert_eq!(resumed.view(), session.view());

    let mut changed = (*scenario).clone();
    changed.content_hash ^= 1;
    assert_eq!(
        Session::resume(Rc::new(changed), &framework.settings, &saved).unwrap_err(),
        ResumeError::ScenarioChanged
    );
    let mut tampered = saved.clone();
    tampered.choices.push(vec!["not-an-option".into()]);
    assert!(matches!(
        Session::resume(scenario, &framework.settings, &tampered),
        Err(ResumeError::Choice { step: 1, .. })
    ));
}

#[test]
fn assessment_order_is_seeded_and_training_order_is_the_file_order() {
    let (scenario, framework) = mini();
    let order = |seed, mode| {
        let mut s = Session::new(Rc::clone(&scenario), &framework.settings, seed, mode);
        s.choose(&ids(&["stalking"])).unwrap();
        s.offered().iter().map(|o| o.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(order(5, Mode::Training), ids(&["diary", "refer", "block"]));
    assert_eq!(order(5, Mode::Assessment), order(5, Mode::Assessment));
    let orders: std::collections::BTreeSet<_> =
        (0..20).map(|seed| order(seed, Mode::Assessment)).collect();
    assert!(orders.len() > 1, "shuffling never changed the order");
}

#[test]
fn the_seed_picks_cast_variants_and_text_stays_grammatical() {
    let (scenario, framework) = mini();
    let names: std::collections::BTreeSet<String> = (0..20)
        .map(|seed| {
            Session::new(
                Rc::clone(&scenario),
                &framework.settings,
                seed,
                Mode::Training,
            )
            .view()
            .paragraphs[0]
                .clone()
        })
        .collect();
    assert!(names
        .iter()
        .any(|p| p.starts_with("Priya Shah says Alex has sent sixty messages since she ended")));
    assert!(names
        .iter()
        .any(|p| p.starts_with("Tom Reyes says Alex has sent sixty messages since he ended")));
    let session = Session::new(scenario, &framework.settings, 3, Mode::Training);
    assert!(session.view().paragraphs[1].starts_with("They were outside"));
}

#[test]
fn best_choices_score_full_marks_and_avoiding_decisions_cannot() {
    let (scenario, framework) = mini();
    let mut best = Session::new(Rc::clone(&scenario), &framework.settings, 1, Mode::Training);
    for step in [&["stalking"][..], &["diary", "refer"], &[], &["apply"]] {
        best.choose(&ids(step)).unwrap();
    }
    let report = GapReport::build(&best, &framework);
    let scores: Vec<_> = report
        .competencies
        .iter()
        .map(|c| (c.id.as_str(), c.percent))
        .collect();
    assert_eq!(
        scores,
        [
            ("identify", Some(100)),
            ("evidence", None),
            ("orders", Some(100)),
            ("advice", Some(100)),
            ("risk", None)
        ]
    );
    assert_eq!(report.verdict, Verdict::Competent);

    // Ticking only the safe diary advice avoids the referral decision's best
    // points: the denominator still counts what was on offer.
    let mut partial = Session::new(Rc::clone(&scenario), &framework.settings, 1, Mode::Training);
    for step in [&["stalking"][..], &["diary"], &[], &["apply"]] {
        partial.choose(&ids(step)).unwrap();
    }
    let report = GapReport::build(&partial, &framework);
    assert_eq!(report.competencies[3].percent, Some(33));
    assert_eq!(report.verdict, Verdict::NotYetCompetent);
    assert_eq!(report.missed_key_actions[0].id, "referred");
}

#[test]
fn a_critical_error_fails_the_run_whatever_the_points() {
    let (scenario, framework) = mini();
    let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
    for step in [
        &["stalking"][..],
        &["diary", "refer", "block"],
        &[],
        &["apply"],
    ] {
        session.choose(&ids(step)).unwrap();
    }
    let report = GapReport::build(&session, &framework);
    assert_eq!(report.competencies[3].percent, Some(33));
    assert_eq!(report.critical_errors.len(), 1);
    assert_eq!(report.critical_errors[0].option_id, "block");
    assert_eq!(report.verdict, Verdict::NotYetCompetent);
    assert!(report
        .to_text()
        .contains("CRITICAL ERRORS\n  ! Advice: Delete the messages and block them."));
}

#[test]
fn an_unfinished_run_is_not_yet_competent() {
    let (scenario, framework) = mini();
    let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
    session.choose(&ids(&["stalking"])).unwrap();
    let report = GapReport::build(&session, &framework);
    assert!(!report.finished);
    assert_eq!(report.competencies[0].percent, Some(100));
    assert_eq!(report.verdict, Verdict::NotYetCompetent);
}

#[test]
fn a_play_test_can_start_at_any_scene_and_replays_from_there() {
    let (scenario, framework) = mini();
    let review = scenario.scene_index("review").unwrap();
    let mut session = Session::starting_at(
        Rc::clone(&scenario),
        &framework.settings,
        2,
        Mode::Training,
        review,
    );
    assert_eq!(session.view().scene_id, "review");
    assert!(session.state().flags.is_empty());
    session.choose(&ids(&["apply"])).unwrap();
    assert_eq!(session.view().scene_id, "safe");
    assert_eq!(
        session.tally(),
        [("orders".to_string(), points(2, 2))].into()
    );
    let saved = session.saved();
    assert_eq!(saved.start.as_deref(), Some("review"));
    let resumed = Session::resume(scenario, &framework.settings, &saved).unwrap();
    assert_eq!(resumed.state(), session.state());
}

#[test]
fn the_tally_counts_negative_points_against_the_competency() {
    let (scenario, framework) = mini();
    let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
    session.choose(&ids(&["malcomms"])).unwrap();
    session.choose(&ids(&["diary", "block"])).unwrap();
    assert_eq!(
        session.tally(),
        [
            ("advice".to_string(), points(-1, 3)),
            ("identify".to_string(), points(-1, 2))
        ]
        .into()
    );
    assert!(
        session.saved().start.is_none(),
        "a normal run saves no start scene"
    );
}

fn points(earned: i32, best: i32) -> Points {
    Points { earned, best }
}

#[test]
fn ending_notes_show_only_when_their_conditions_hold() {
    let (scenario, framework) = mini();
    let debrief = |choices: &[&[&str]]| {
        let mut session =
            Session::new(Rc::clone(&scenario), &framework.settings, 1, Mode::Training);
        for choice in choices {
            session.choose(&ids(choice)).unwrap();
        }
        match session.view().body {
            BodyView::Ending { debrief, .. } => debrief.join("\n"),
            other => panic!("not an ending: {other:?}"),
        }
    };
    // Recording only a message offence brings the suspect to the door the
    // next night, and an interim order made then reaches the `safe` ending.
    let referred = debrief(&[&["malcomms"], &["diary", "refer"], &[], &["apply"]]);
    assert!(referred.contains("You referred"), "{referred}");
    assert!(!referred.contains("Nobody referred"), "{referred}");
    let not_referred = debrief(&[&["malcomms"], &["diary"], &[], &["apply"]]);
    assert!(not_referred.contains("Nobody referred"), "{not_referred}");
    assert!(!not_referred.contains("You referred"), "{not_referred}");
}

#[test]
fn done_holds_key_actions_achieved_and_practices_shown() {
    let (scenario, framework) = mini();
    let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
    session.choose(&ids(&["stalking"])).unwrap();
    session.choose(&ids(&["refer"])).unwrap();
    let done = &session.state().done;
    assert!(done.contains("recorded-stalking") && done.contains("referred"));
    assert!(done.contains("record-stalking-where-four-fits"));
    assert!(done.contains("refer-to-specialist-stalking-advocate"));
    assert!(!done.contains("advise-keeping-all-contact-and-a-dated-diary"));
}

#[test]
fn options_showing_a_practice_the_force_withdrew_are_not_offered() {
    let (scenario, framework) = mini();
    let mut settings = framework.settings.clone();
    settings.practices.not_applicable = vec!["refer-to-specialist-stalking-advocate".into()];
    let mut session = Session::new(scenario, &settings, 1, Mode::Training);
    session.choose(&ids(&["stalking"])).unwrap();
    let offered: Vec<&str> = session.offered().iter().map(|o| o.id.as_str()).collect();
    assert_eq!(offered, ["diary", "block"]);
    assert_eq!(
        session.choose(&ids(&["refer"])),
        Err(ChoiceError::NotOffered("refer".into()))
    );
}

#[test]
fn the_report_names_the_practices_behind_each_gap() {
    let (scenario, framework) = mini();
    let mut session = Session::new(scenario, &framework.settings, 1, Mode::Training);
    for choice in [&["malcomms"][..], &["block"], &[], &["wait"]] {
        session.choose(&ids(choice)).unwrap();
    }
    let report = GapReport::build(&session, &framework);
    let gaps: Vec<(GapKind, &str)> = report
        .practice_gaps
        .iter()
        .map(|g| (g.kind, g.practice_id.as_str()))
        .collect();
    // Errors shown come first, the critical one before the penalties; then
    // what the better choices would have shown.
    assert_eq!(
        gaps,
        [
            (GapKind::Shown, "advise-destroying-or-discarding-evidence"),
            (GapKind::Shown, "record-only-single-incident-offence"),
            (
                GapKind::Shown,
                "advise-blocking-or-number-change-during-live-threats"
            ),
            (
                GapKind::Shown,
                "wait-for-charge-or-conviction-before-protection"
            ),
            (GapKind::Missed, "record-stalking-where-four-fits"),
            (
                GapKind::Missed,
                "advise-keeping-all-contact-and-a-dated-diary"
            ),
            (GapKind::Missed, "refer-to-specialist-stalking-advocate"),
            (GapKind::Missed, "seek-interim-spo-where-risk-immediate"),
        ]
    );
    assert!(report.to_text().contains("PRACTICE BEHIND THE GAPS"));
}
