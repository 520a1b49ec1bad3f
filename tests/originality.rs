//! Content must be written in our own words: no run of twelve or more words
//! may be copied from the super-complaint, the domain reference or its
//! supplement. The sources sit in `../shared/` beside the repository on
//! developers' machines, but not in a fresh clone, and their text must not
//! be put in the repository: `tests/source-runs.bin` keeps only the hash of
//! each twelve-word run, written by
//! `cargo run --no-default-features --example source-runs`. When the
//! sources are there (or `COC_SHARED` names their folder), a test checks
//! that file is up to date.

mod support;

use std::path::PathBuf;
use support::runs::{self, RUN, SOURCES};

/// Files in scenarios/ that are not content.
const NOT_CONTENT: [&str; 2] = ["manifest.toml", "settings.toml"];

/// Fields that quote a source's own title on purpose, so are not checked:
/// the guidance names the public sources for further reading
/// (`read_more`), and heads each section with the title of the section it
/// cites (the super-complaint is cited by its titles, not reproduced).
fn quotes_titles(file: &str, key: &str) -> bool {
    key == "read_more" || (file == "guidance.toml" && key == "title")
}

/// Every string value in a TOML file, outside the fields that quote titles.
fn strings(file: &str, value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| strings(file, v, out)),
        toml::Value::Table(table) => table
            .iter()
            .filter(|(key, _)| !quotes_titles(file, key))
            .for_each(|(_, v)| strings(file, v, out)),
        _ => {}
    }
}

fn stored() -> Vec<u64> {
    let path = support::root().join("tests/source-runs.bin");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    runs::decode(&bytes)
        .expect("tests/source-runs.bin is in the format examples/source-runs.rs writes")
}

/// The sources' folder, when it is on this machine.
fn shared() -> Option<PathBuf> {
    let folder = std::env::var_os("COC_SHARED")
        .map_or_else(|| support::root().join("../shared"), PathBuf::from);
    folder.join(SOURCES[0]).exists().then_some(folder)
}

/// Every content file's text: each scenario, and the other text trainees
/// read (competencies, patterns, practices, guidance), whatever is there.
fn content() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(support::root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| {
            !NOT_CONTENT
                .iter()
                .any(|n| p.file_name().is_some_and(|f| f == *n))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let table: toml::Table = text
                .parse()
                .unwrap_or_else(|e| panic!("{name} is not TOML: {e}"));
            let mut values = Vec::new();
            strings(&name, &toml::Value::Table(table), &mut values);
            (name, values.join("\n"))
        })
        .collect()
}

fn first_copy(text: &str, sources: &[u64]) -> Option<String> {
    runs::runs(&runs::words(text))
        .find(|(_, hash)| sources.binary_search(hash).is_ok())
        .map(|(run, _)| run)
}

#[test]
fn no_content_copies_a_run_of_words_from_the_sources() {
    let sources = stored();
    assert!(sources.len() > 30_000, "the stored runs look empty");
    let files = content();
    for expected in ["practices.toml", "guidance.toml"] {
        if !files.iter().any(|(name, _)| name == expected) {
            eprintln!("note: scenarios/{expected} is not here yet; it is checked once it is");
        }
    }
    let copied: Vec<String> = files
        .iter()
        .filter_map(|(name, text)| {
            first_copy(text, &sources).map(|run| format!("{name}: \"{run}\""))
        })
        .collect();
    assert!(
        copied.is_empty(),
        "copied from the sources:\n{}",
        copied.join("\n")
    );
}

#[test]
fn the_stored_runs_are_those_of_the_sources() {
    let Some(shared) = shared() else {
        eprintln!("note: the sources are not beside the repository; checked against tests/source-runs.bin only");
        return;
    };
    let texts: Vec<String> = SOURCES
        .iter()
        .map(|s| std::fs::read_to_string(shared.join(s)).unwrap())
        .collect();
    let fresh = runs::hashes(texts.iter().map(String::as_str));
    assert!(
        fresh == stored(),
        "the sources have changed since tests/source-runs.bin was written: run `cargo run --no-default-features --example source-runs` and commit it"
    );
}

#[test]
fn the_check_finds_a_copied_sentence_however_it_is_written() {
    // A source of our own, checked the same way the real ones are.
    let source = "Officers should always ask the victim what has changed in their daily life since the contact began, and record it.";
    let hashes = runs::hashes([source]);
    let disguised = format!(
        "text = \"\"\"\n{}\n\"\"\"",
        source.to_uppercase().replace('\'', "\u{2019}")
    );
    assert!(first_copy(&disguised, &hashes).is_some());
    assert!(first_copy("Officers should ask what has changed.", &hashes).is_none());
    // And a real sentence, when the sources are here.
    if let Some(shared) = shared() {
        let reference = std::fs::read_to_string(shared.join(SOURCES[1])).unwrap();
        let sentence = reference
            .lines()
            .find(|l| runs::words(l).len() > RUN + 2)
            .unwrap();
        assert!(first_copy(sentence, &stored()).is_some());
    }
}
