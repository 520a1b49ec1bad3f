//! Every file in tests/fixtures/broken/ is a real scenario with a deliberate
//! mistake. The `# expect:` lines at its end list, exactly, the located
//! diagnostics the checker must produce (`LINE:COL: severity[code]: message`),
//! as a trainer would see them in their editor: root causes first, each
//! followed by the problems it causes (`# expect:   caused: LINE:COL: ...`).
//!
//! After a deliberate change to the messages, `BLESS=1 cargo test --test
//! broken_fixtures` rewrites the `# expect:` lines from what the checker now
//! says; review the diff before committing it.

use course_of_conduct::core::diagnostic::SourceFile;
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::validate::load;
use std::path::Path;

#[test]
fn each_broken_fixture_produces_exactly_its_located_errors() {
    let framework = Framework::bundled();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 30,
        "expected at least 30 broken fixtures, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(str::to_string)
            .collect();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(!expected.is_empty(), "{name} has no `# expect:` line");
        let loaded = load(&SourceFile::new(name.clone(), text.clone()), &framework);
        assert!(
            loaded.scenario.is_none(),
            "{name} loaded although it is broken"
        );
        let short = |d: &course_of_conduct::core::diagnostic::LocatedDiagnostic| {
            d.headline()
                .trim_start_matches(&format!("{name}:"))
                .to_string()
        };
        let actual: Vec<String> = loaded
            .diagnostics
            .iter()
            .flat_map(|root| {
                std::iter::once(short(root)).chain(
                    root.consequences
                        .iter()
                        .map(|c| format!("  caused: {}", short(c))),
                )
            })
            .collect();
        if actual != expected && std::env::var_os("BLESS").is_some() {
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with("# expect: "))
                .collect();
            let blessed: Vec<String> = actual.iter().map(|a| format!("# expect: {a}")).collect();
            let body = kept.join("\n").trim_end().to_string();
            std::fs::write(&path, format!("{body}\n{}\n", blessed.join("\n"))).unwrap();
            continue;
        }
        if actual != expected {
            failures.push(format!(
                "{name}\n  expected: {expected:#?}\n  actual:   {actual:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_valid_base_of_the_broken_fixtures_loads_cleanly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/mini.toml");
    let source = SourceFile::new("mini.toml", std::fs::read_to_string(path).unwrap());
    let loaded = load(&source, &Framework::bundled());
    assert_eq!(loaded.diagnostics, vec![]);
    assert!(loaded.scenario.is_some());
}

#[test]
fn a_pasted_statement_loads_with_a_warning_saying_how_long_it_is_and_what_trainees_face() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/mini.toml");
    let mini = std::fs::read_to_string(path).unwrap();
    let statement = "I came home and the gate was open again. ".repeat(50_000);
    let text = mini.replacen(
        "title = \"Messages\"\n",
        &format!("title = \"Messages\"\ntext = \"\"\"\n{statement}\n\"\"\"\n"),
        1,
    );
    let loaded = load(&SourceFile::new("mini.toml", text), &Framework::bundled());
    assert!(
        loaded.scenario.is_some(),
        "a warning does not stop a scenario"
    );
    let headlines: Vec<String> = loaded.diagnostics.iter().map(|d| d.headline()).collect();
    assert_eq!(
        headlines,
        ["mini.toml:57:8: warning[too-long]: the exhibit's text is 2,050,001 characters long (about 341,666 words, 1,708 minutes of reading): trainees read it in the exhibit, all on one page"]
    );
    assert_eq!(
        loaded.diagnostics[0].hint.as_deref(),
        Some("keep the exhibit's text under 8,000 characters (about 1,333 words): quote the parts that matter, or split it into several exhibits or entries")
    );
}

/// AUTHORING.md quotes the checker on these fixtures: every quoted line must
/// be one the fixture expects, so the guide never shows an old message.
#[test]
fn the_guide_quotes_the_checker_as_it_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("AUTHORING.md")).unwrap();
    let mut quoted = 0;
    let mut stale = Vec::new();
    for line in guide.lines().map(str::trim_start) {
        let Some((file, rest)) = line.split_once(".toml:") else {
            continue;
        };
        let path = root.join(format!("tests/fixtures/broken/{file}.toml"));
        if file.contains(' ') || !path.exists() {
            continue;
        }
        quoted += 1;
        let fixture = std::fs::read_to_string(path).unwrap();
        let expected = fixture
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(|l| l.trim_start_matches("  caused: "));
        if !expected.into_iter().any(|e| e == rest) {
            stale.push(line.to_string());
        }
    }
    assert!(quoted >= 15, "the guide quotes the checker {quoted} times");
    assert!(
        stale.is_empty(),
        "AUTHORING.md quotes messages the checker no longer gives:\n{}",
        stale.join("\n")
    );
}
