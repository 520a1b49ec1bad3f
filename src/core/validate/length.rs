//! Text long enough to swamp a trainee (a pasted 2 MB statement) is
//! accepted but warned about, with how long it is and what a trainee would
//! face. The limits are far above anything in the library (its longest scene
//! text is under 1,000 characters, its longest debrief about 1,100) and
//! follow what each piece of text is for: a heading stays a heading, a
//! scene is one screenful or two of reading, an exhibit can be a statement.

use crate::core::diagnostic::Diagnostic;
use crate::core::file::Str;

/// Which text a value is, for its limit and what trainees see of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Summary,
    ContentNote,
    KeyActionText,
    KeyActionWhy,
    SceneTitle,
    SceneText,
    Aside,
    ExhibitTitle,
    ExhibitText,
    EntryAt,
    EntryFrom,
    EntryText,
    Prompt,
    OptionText,
    Feedback,
    Outcome,
    Debrief,
}

/// Roughly: six characters a word, two hundred words a minute.
const CHARACTERS_PER_WORD: usize = 6;
const WORDS_PER_MINUTE: usize = 200;

impl Field {
    /// What the text is called, and the most characters before a warning.
    fn name_and_limit(self) -> (&'static str, usize) {
        match self {
            Field::Title => ("the scenario's title", 100),
            Field::Summary => ("the summary", 800),
            Field::ContentNote => ("the content note", 800),
            Field::KeyActionText => ("the key action's text", 200),
            Field::KeyActionWhy => ("the key action's `why`", 500),
            Field::SceneTitle => ("the scene's title", 100),
            Field::SceneText => ("the scene's text", 3_000),
            Field::Aside => ("the aside", 1_500),
            Field::ExhibitTitle => ("the exhibit's title", 150),
            Field::ExhibitText => ("the exhibit's text", 8_000),
            Field::EntryAt => ("the entry's `at`", 60),
            Field::EntryFrom => ("the entry's `from`", 150),
            Field::EntryText => ("the entry's text", 2_000),
            Field::Prompt => ("the decision's prompt", 300),
            Field::OptionText => ("the option's text", 400),
            Field::Feedback => ("the feedback", 1_000),
            Field::Outcome => ("the ending's outcome", 1_000),
            Field::Debrief => ("the debrief", 3_000),
        }
    }

    /// What a trainee faces, and how to bring it down.
    fn seen_and_fix(self) -> (&'static str, &'static str) {
        match self {
            Field::Title | Field::SceneTitle | Field::ExhibitTitle => (
                "it is shown as a heading",
                "a heading names the thing in a few words; put the rest in the text",
            ),
            Field::Summary | Field::ContentNote => (
                "it is shown on the home page and before the scenario starts",
                "say what the scenario is about in a short paragraph",
            ),
            Field::SceneText | Field::Aside => (
                "trainees read all of it on one page before they can go on",
                "move long material into an exhibit, or split the scene in two with `next`",
            ),
            Field::ExhibitText | Field::EntryText | Field::EntryAt | Field::EntryFrom => (
                "trainees read it in the exhibit, all on one page",
                "quote the parts that matter, or split it into several exhibits or entries",
            ),
            Field::Prompt | Field::OptionText => (
                "trainees read the prompt and every option before choosing",
                "say what the officer does in a sentence or two",
            ),
            Field::Feedback
            | Field::KeyActionText
            | Field::KeyActionWhy
            | Field::Outcome
            | Field::Debrief => (
                "trainees read it in the feedback or the report",
                "make one point clearly; the citation says where to read more",
            ),
        }
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn check(text: &Str, field: Field) -> Option<Diagnostic> {
    let (name, limit) = field.name_and_limit();
    let length = text.get_ref().chars().count();
    if length <= limit {
        return None;
    }
    let (seen, fix) = field.seen_and_fix();
    let words = length / CHARACTERS_PER_WORD;
    let minutes = (words / WORDS_PER_MINUTE).max(1);
    let span = text.span();
    // The start of the value is enough to point at; a 2 MB underline is not.
    let span = span.start..span.end.min(span.start + 1);
    Some(
        Diagnostic::warning(
            "too-long",
            span,
            format!(
                "{name} is {} characters long (about {} words, {} minute{} of reading): {seen}",
                thousands(length),
                thousands(words),
                thousands(minutes),
                if minutes == 1 { "" } else { "s" }
            ),
        )
        .with_hint(format!(
            "keep {name} under {} characters (about {} words): {fix}",
            thousands(limit),
            thousands(limit / CHARACTERS_PER_WORD)
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::Spanned;

    #[test]
    fn long_text_is_measured_in_characters_words_and_minutes() {
        let statement = Spanned::new(10..2_000_010, "x".repeat(2_000_000));
        let warning = check(&statement, Field::ExhibitText).unwrap();
        assert_eq!(
            warning.message,
            "the exhibit's text is 2,000,000 characters long (about 333,333 words, 1,666 minutes of reading): trainees read it in the exhibit, all on one page"
        );
        assert_eq!(warning.span, 10..11);
        assert!(check(&Spanned::new(0..5, "short".into()), Field::Title).is_none());
    }
}
