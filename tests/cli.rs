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
    assert!(out.contains("checked 45 scenario file(s)"), "{out}");
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
        out.contains("CRITICAL ERRORS\n  ! Advice: Delete the messages and block them."),
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

#[test]
fn graph_prints_the_map_as_svg_and_dot() {
    let (code, svg, _) = scenario(&["graph", "tests/fixtures/valid/mini.toml", "--format", "svg"]);
    assert_eq!(code, 0);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("<rect ").count(), 7, "one box per scene");
    assert!(
        svg.contains("<title>Critical: diary, refer, block</title>"),
        "edges with a critical option say so in words"
    );
    let (code, dot, _) = scenario(&["graph", "tests/fixtures/valid/mini.toml", "--format", "dot"]);
    assert_eq!(code, 0);
    assert!(
        dot.contains(
            "\"advice\" -> \"later\" [label=\"diary, refer, block\", color=red, penwidth=2];"
        ),
        "{dot}"
    );
    assert!(
        dot.contains("\"safe\" [label=\"Order made\\nEnding\", peripheries=2];"),
        "{dot}"
    );
}

#[test]
fn coverage_reports_what_each_scenario_assesses() {
    let (code, out, _) = scenario(&["coverage", "tests/fixtures/valid/mini.toml", "--json"]);
    assert_eq!(code, 0);
    let coverage: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        coverage["scenarios"][0]["always"],
        serde_json::json!(["advice", "identify", "orders"])
    );
    assert_eq!(
        coverage["patterns"]["ex-partner-separation"],
        serde_json::json!(["mini"])
    );
    assert_eq!(coverage["patterns"]["neighbour"], serde_json::json!([]));
    assert_eq!(
        coverage["roles"]["response_officer"],
        serde_json::json!(["mini"])
    );
}

#[test]
fn manifest_lists_a_dropped_in_file_and_keeps_the_trainers_text() {
    let folder = std::env::temp_dir().join(format!("coc-manifest-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let original = "# Our modules\n[[module]]\nid = \"core\"\ntitle = \"Core\"\nsummary = \"The basics.\"\nscenarios = []\n";
    std::fs::write(folder.join("manifest.toml"), original).unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/mini.toml"),
        folder.join("mini.toml"),
    )
    .unwrap();
    let (code, out, _) = scenario(&["manifest", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let written = std::fs::read_to_string(folder.join("manifest.toml")).unwrap();
    assert!(written.starts_with(original.trim_end()));
    assert!(written.ends_with("[[module]]\nid = \"local\"\ntitle = \"Local scenarios\"\nsummary = \"Scenarios written by this force's trainers.\"\nscenarios = [\"mini\"]\n"), "{written}");
    let (_, again, _) = scenario(&["manifest", folder.to_str().unwrap()]);
    assert!(again.contains("already lists every scenario file"));
    std::fs::remove_dir_all(folder).unwrap();
}
