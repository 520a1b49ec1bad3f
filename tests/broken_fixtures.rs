//! Every file in tests/fixtures/broken/ is a real scenario with a deliberate
//! mistake. The `# expect:` lines at its end list, exactly, the located
//! diagnostics the checker must produce (`LINE:COL: severity[code]: message`),
//! as a trainer would see them in their editor.

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
        let loaded = load(&SourceFile::new(name.clone(), text), &framework);
        assert!(
            loaded.scenario.is_none(),
            "{name} loaded although it is broken"
        );
        let actual: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                d.headline()
                    .trim_start_matches(&format!("{name}:"))
                    .to_string()
            })
            .collect();
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
