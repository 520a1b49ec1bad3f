//! Scenario text must be written in our own words: no run of twelve or more
//! words may be copied from the super-complaint or the domain reference.
//! The sources sit in `../shared/` beside the repository, as on every
//! developer's machine and in CI.

mod support;

use std::collections::HashSet;

const RUN: usize = 12;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn runs(words: &[String]) -> impl Iterator<Item = String> + '_ {
    words.windows(RUN).map(|w| w.join(" "))
}

#[test]
fn no_scenario_copies_a_run_of_words_from_the_sources() {
    let shared = support::root().join("../shared");
    let mut source_runs = HashSet::new();
    for file in [
        "source/super-complaint-2022.md",
        "domain/stalking-reference.md",
    ] {
        let path = shared.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the sources live in ../shared beside the repository)",
                path.display()
            )
        });
        source_runs.extend(runs(&words(&text)));
    }
    assert!(source_runs.len() > 10_000, "the sources look empty");
    let mut copied = Vec::new();
    for source in support::scenario_sources() {
        let text_words = words(&source.text);
        let first_copy = runs(&text_words).find(|r| source_runs.contains(r));
        if let Some(run) = first_copy {
            copied.push(format!("{}: \"{run}\"", source.name));
        }
    }
    assert!(
        copied.is_empty(),
        "copied from the sources:\n{}",
        copied.join("\n")
    );
}

#[test]
fn the_check_finds_a_copied_sentence() {
    let reference =
        std::fs::read_to_string(support::root().join("../shared/domain/stalking-reference.md"))
            .unwrap();
    let sentence = reference
        .lines()
        .find(|l| words(l).len() > RUN + 2)
        .unwrap();
    let copied: HashSet<String> = runs(&words(sentence)).collect();
    let disguised = format!("text = \"\"\"\n{}\n\"\"\"", sentence.to_uppercase());
    assert!(runs(&words(&disguised)).any(|r| copied.contains(&r)));
}
