//! The `scenario` command-line tool, run as a trainer would run it.

use std::process::Command;

fn scenario(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_scenario"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn check_passes_a_valid_file_and_exits_zero() {
    let (code, out, _) = scenario(&["check", "tests/fixtures/valid/mini.toml"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.trim(),
        "checked 1 scenario file(s): 0 error(s), 0 warning(s)"
    );
}

#[test]
fn check_shows_each_error_at_its_line_with_a_hint_and_exits_one() {
    let (code, out, _) = scenario(&["check", "tests/fixtures/broken/unknown-target.toml"]);
    assert_eq!(code, 1);
    assert!(out.contains(
        "tests/fixtures/broken/unknown-target.toml:68:8: error[unknown-scene]: there is no scene called `advise`\n   |\n68 | goto = \"advise\"\n   |        ^^^^^^^^\n   = hint: did you mean `advice`?"
    ), "{out}");
    let (code, out, _) = scenario(&["check", "tests/fixtures/broken/"]);
    assert_eq!(code, 1);
    assert!(out.contains("checked 38 scenario file(s)"), "{out}");
}

#[test]
fn stats_prints_one_json_object_with_the_documented_keys() {
    let (code, out, _) = scenario(&["stats", "--json", "tests/fixtures/valid/mini.toml"]);
    assert_eq!(code, 0);
    let stats: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    for key in [
        "id",
        "title",
        "pattern",
        "role",
        "scenes",
        "decisions",
        "endings",
        "exhibits",
        "scored_options",
        "cited_options",
        "critical_options",
        "key_actions",
        "competencies",
    ] {
        assert!(stats.get(key).is_some(), "missing `{key}` in {stats}");
    }
    assert_eq!(stats["scenes"], 7);
    assert_eq!(stats["decisions"], 3);
    assert_eq!(stats["endings"], 2);
    assert_eq!(stats["critical_options"], 1);
    assert_eq!(stats["competencies"]["identify"]["min"], -1);
    assert_eq!(stats["competencies"]["identify"]["max"], 2);
    assert_eq!(stats["competencies"]["advice"]["min"], -2);
    assert_eq!(stats["competencies"]["advice"]["max"], 3);
}

#[test]
fn play_takes_option_numbers_and_prints_the_gap_report() {
    let (code, out, err) = scenario(&[
        "play",
        "tests/fixtures/valid/mini.toml",
        "--seed",
        "1",
        "--choices",
        "2,1+3,continue,2",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Result: Not yet competent"), "{out}");
    assert!(
        out.contains("CRITICAL ERRORS\n  ! Advice: Change your number and block them."),
        "{out}"
    );
    assert!(out.contains("Audit: scenario mini content "), "{out}");
    assert!(
        out.ends_with("seed 1 choices malcomms,diary+block,continue,wait\n"),
        "{out}"
    );
}

#[test]
fn play_json_round_trips_and_matches_a_replay() {
    let args = [
        "play",
        "tests/fixtures/valid/mini.toml",
        "--seed",
        "8",
        "--assessment",
        "--choices",
        "stalking,diary+refer,continue,apply",
        "--json",
    ];
    let (code, out, _) = scenario(&args);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["verdict"], "competent");
    assert_eq!(report["ending"]["scene_id"], "late");
    let (_, again, _) = scenario(&args);
    assert_eq!(
        out, again,
        "the same seed and choices must give the same report"
    );
}

#[test]
fn play_refuses_a_choice_that_is_not_offered() {
    let (code, _, err) = scenario(&["play", "tests/fixtures/valid/mini.toml", "--choices", "9"]);
    assert_eq!(code, 2);
    assert_eq!(err.trim(), "step 1: there is no option 9 here (2 offered)");
}
