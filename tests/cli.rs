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
        "checked 1 scenario file(s): 0 errors and 0 warnings"
    );
}

#[test]
fn check_shows_each_error_at_its_line_with_a_hint_and_exits_one() {
    let (code, out, _) = scenario(&["check", "tests/fixtures/broken/unknown-target.toml"]);
    assert_eq!(code, 1);
    assert!(out.contains(
        "tests/fixtures/broken/unknown-target.toml:69:8: error[unknown-scene]: there is no scene called `advise`\n   |\n69 | goto = \"advise\"\n   |        ^^^^^^^^\n   = hint: did you mean `advice`?"
    ), "{out}");
    let fixtures = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken"),
    )
    .unwrap()
    .count();
    let (code, out, _) = scenario(&["check", "tests/fixtures/broken/"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("checked {fixtures} scenario file(s)")),
        "{out}"
    );
}

#[test]
fn check_shows_the_root_cause_first_with_what_it_causes_under_it() {
    let (code, out, _) = scenario(&["check", "tests/fixtures/broken/goto-typo-cascade.toml"]);
    assert_eq!(code, 1);
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "tests/fixtures/broken/goto-typo-cascade.toml:71:8: error[unknown-scene]: there is no scene called `advise`"
    );
    assert!(
        out.contains("   = 7 more errors are caused by this; fixing it should clear them:\n       tests/fixtures/broken/goto-typo-cascade.toml:37:1: error[unachievable]"),
        "{out}"
    );
    assert!(
        !out.contains("loop"),
        "a missing destination is not a loop: {out}"
    );
    assert!(
        out.ends_with("checked 1 scenario file(s): 9 errors and 0 warnings (7 of them caused by another, and listed under it)\n"),
        "{out}"
    );
}

/// A folder with one file saved by Notepad as "ANSI" and one as "Unicode",
/// beside a good one: each bad file gets its one error, and the good one
/// is still checked.
#[test]
fn check_names_a_file_saved_in_the_wrong_encoding_and_goes_on_to_the_others() {
    let folder = std::env::temp_dir().join(format!("coc-encoding-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let mini = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/mini.toml"),
    )
    .unwrap();
    let ansi: Vec<u8> = mini
        .chars()
        .map(|c| {
            if c == '§' {
                0xa7
            } else {
                u8::try_from(c).unwrap()
            }
        })
        .collect();
    let mut unicode = vec![0xff, 0xfe];
    unicode.extend(mini.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(folder.join("a-ansi.toml"), ansi).unwrap();
    std::fs::write(folder.join("b-unicode.toml"), unicode).unwrap();
    std::fs::write(folder.join("mini.toml"), &mini).unwrap();
    let (code, out, err) = scenario(&["check", folder.to_str().unwrap()]);
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("a-ansi.toml:34:12: error[encoding]: the file is saved as Windows-1252 (what Notepad calls \"ANSI\"), not UTF-8: the first character that is not UTF-8 is `§` here"), "{out}");
    assert!(out.contains("b-unicode.toml:1:1: error[encoding]: the file is saved as UTF-16 (what Notepad calls \"Unicode\"), not UTF-8"), "{out}");
    assert!(
        out.contains("= hint: save it as UTF-8: in Notepad choose File > Save As"),
        "{out}"
    );
    assert!(
        out.ends_with("checked 3 scenario file(s): 2 errors and 0 warnings\n"),
        "{out}"
    );
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
fn play_stops_quietly_when_the_reader_closes_the_pipe() {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_scenario"))
        .args([
            "play",
            "tests/fixtures/valid/mini.toml",
            "--read",
            "--choices",
            "1,1+2,continue,1",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then hang up, as `| head -c 1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0), "{stderr}");
}

#[test]
fn play_read_prints_what_the_trainee_reads_on_the_path() {
    let (code, out, err) = scenario(&[
        "play",
        "tests/fixtures/valid/mini.toml",
        "--read",
        "--seed",
        "3",
        "--choices",
        "2,1+2,continue,1",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "== The report (Day 1, 20:00)\n\nPriya Shah says Alex has sent sixty messages"
        ),
        "{out}"
    );
    assert!(out.contains("> Record malicious communications.\n  Feedback: One message offence hides the pattern.\n  Guidance: SC §4.1.1\n"), "{out}");
    assert!(
        out.contains("\nThe log shows a single offence.\n"),
        "the aside for this path: {out}"
    );
    assert!(
        out.ends_with("What happened next:\n  Priya is protected.\n\nDebrief:\n  Early orders work.\n  You referred Priya to the Northvale Stalking Advocacy Service, who helped with the court hearing.\n"),
        "ending notes that apply are read too: {out}"
    );
    assert!(!out.contains('{'), "every placeholder is filled in: {out}");
}

#[test]
fn endings_shows_which_choices_can_lead_to_which_ending() {
    let (code, out, _) = scenario(&["endings", "tests/fixtures/valid/mini.toml"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("  A  safe (Order made)\n  B  late (Too slow)\n"),
        "{out}"
    );
    assert!(out.contains("review / wait      - B\n"), "{out}");
    let (_, json, _) = scenario(&["endings", "tests/fixtures/valid/mini.toml", "--json"]);
    let table: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(table["exact"], true);
}

#[test]
fn graph_draws_a_file_with_errors_as_far_as_it_can_be_read() {
    let (code, svg, err) = scenario(&["graph", "tests/fixtures/broken/unknown-target.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(svg.starts_with("<svg "));
    assert_eq!(svg.matches("<rect ").count(), 7);
    assert!(err.contains("has 1 error(s)"), "{err}");
}

#[test]
fn graph_prints_the_map_as_svg_and_dot() {
    let (code, svg, _) = scenario(&["graph", "tests/fixtures/valid/mini.toml", "--format", "svg"]);
    assert_eq!(code, 0);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("<rect ").count(), 7, "one box per scene");
    assert!(
        svg.contains("<title>Critical: diary, refer, block otherwise</title>"),
        "edges with a critical option say so in words"
    );
    let (code, dot, _) = scenario(&["graph", "tests/fixtures/valid/mini.toml", "--format", "dot"]);
    assert_eq!(code, 0);
    assert!(
        dot.contains(
            "\"advice\" -> \"later\" [label=\"diary, refer, block otherwise\", color=red, penwidth=2];"
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
    // A file with errors, and one whose name is not a scenario id, are not added.
    let broken = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/broken/unknown-target.toml"),
    )
    .unwrap();
    std::fs::write(
        folder.join("broken.toml"),
        broken.replace("id = \"mini\"", "id = \"broken\""),
    )
    .unwrap();
    std::fs::copy(folder.join("mini.toml"), folder.join("my_mini.toml")).unwrap();
    let (code, out, _) = scenario(&["manifest", folder.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let written = std::fs::read_to_string(folder.join("manifest.toml")).unwrap();
    assert!(written.starts_with(original.trim_end()));
    assert!(written.ends_with("[[module]]\nid = \"local\"\ntitle = \"Local scenarios\"\nsummary = \"Scenarios written by this force's trainers.\"\nscenarios = [\"mini\"]\n"), "{written}");
    assert!(
        out.contains("not added, because trainees could not play them until they are fixed:"),
        "{out}"
    );
    assert!(
        out.contains("broken.toml: 1 error and 0 warnings (the first: "),
        "{out}"
    );
    assert!(
        out.contains("my_mini.toml: the name `my_mini` is not a valid scenario id"),
        "{out}"
    );
    std::fs::remove_file(folder.join("broken.toml")).unwrap();
    std::fs::remove_file(folder.join("my_mini.toml")).unwrap();
    let (_, again, _) = scenario(&["manifest", folder.to_str().unwrap()]);
    assert!(again.contains("already lists every scenario file"));
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn check_locates_a_mistyped_manifest_id_with_the_nearest_file() {
    let folder = std::env::temp_dir().join(format!("coc-manifest-typo-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("manifest.toml"),
        "[[module]]\nid = \"core\"\ntitle = \"Core\"\nsummary = \"The basics.\"\nscenarios = [\"minni\"]\n",
    )
    .unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/mini.toml"),
        folder.join("mini.toml"),
    )
    .unwrap();
    let (code, out, _) = scenario(&["check", folder.to_str().unwrap()]);
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(code, 1);
    assert!(out.contains("manifest.toml:5:15: error[missing-file]: the manifest lists `minni` but there is no minni.toml"), "{out}");
    assert!(
        out.contains("= hint: did you mean `mini`? There is a file mini.toml"),
        "{out}"
    );
}

#[test]
fn progress_reads_a_packed_record_and_a_download_alike_and_names_what_it_leaves_out() {
    let pinned = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/progress/");
    let packed = format!("{pinned}format-2.packed");
    let json = format!("{pinned}format-2.json");
    let (code, from_packed, _) = scenario(&["progress", &packed]);
    assert_eq!(code, 0);
    let (code, from_json, _) = scenario(&["progress", &json]);
    assert_eq!(code, 0);
    assert_eq!(from_packed, from_json);
    assert!(from_packed.contains("\"officer\": \"PC 4127 Shah\""));
    let (code, repacked, _) = scenario(&["progress", &json, "--pack"]);
    assert_eq!(code, 0);
    assert_eq!(repacked, std::fs::read_to_string(&packed).unwrap());

    let dir = std::env::temp_dir().join(format!("progress-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let damaged = dir.join("damaged.txt");
    std::fs::write(&damaged, format!("{repacked}completed AAAA\n")).unwrap();
    let (code, out, err) = scenario(&["progress", damaged.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out, from_json, "everything readable is still printed");
    assert!(err.contains("a completed run could not be read"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
