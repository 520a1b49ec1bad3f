//! TOML to typed data, with every syntax or shape error turned into a located diagnostic.

use crate::core::diagnostic::{Diagnostic, SourceFile};
use serde::de::DeserializeOwned;

/// Parses a whole file. TOML stops at its first syntax error, so this gives one
/// diagnostic; semantic checks afterwards report every problem they find.
pub fn parse_toml<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostic> {
    toml::from_str(&source.text).map_err(|error| toml_error(&error))
}

/// A TOML syntax or shape error as a diagnostic, in a trainer's words.
pub fn toml_error(error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let message = plain(error.message().trim());
    let diagnostic = Diagnostic::error("toml", span, message.clone());
    match hint_for(&message) {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// TOML's messages are precise but terse; name the usual fix.
fn hint_for(message: &str) -> Option<&'static str> {
    let quotes_missing = ["integer", "floating point", "boolean"].iter().any(|kind| {
        message.contains(&format!("wrong kind of value: {kind}"))
            && message.ends_with("expected a string")
    });
    if message.starts_with("unknown field") {
        Some("check the spelling against scenarios/README.md; field names are lowercase with `_`")
    } else if message.starts_with("missing field") {
        Some("every scenario, scene and option needs the fields listed in scenarios/README.md")
    } else if quotes_missing {
        Some("put text values in quotes, e.g. `age = \"34\"`")
    } else if message.ends_with("expected a whole number") {
        Some("write the number without quotes, e.g. `minutes = 15`")
    } else if message.contains("duplicate key") {
        Some("each key may appear once in a table; for a list of tables use [[double brackets]]")
    } else if message.contains("invalid basic string") || message.contains("unterminated") {
        Some("close the string with the same quotes that opened it; use \"\"\" for text over several lines")
    } else {
        None
    }
}

/// Lower-cases the first letter and names types as a trainer would.
fn plain(message: &str) -> String {
    let message = message
        .replace("invalid type: ", "wrong kind of value: ")
        .replace("expected u32", "expected a whole number")
        .replace("expected i32", "expected a whole number")
        .replace("expected i64", "expected a whole number");
    let mut chars = message.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> Diagnostic {
        parse_toml::<toml::Table>(&SourceFile::new("t", text))
            .and_then(|_| {
                #[derive(serde::Deserialize, Debug)]
                #[allow(dead_code)] // read only for its shape
                struct Shape {
                    minutes: u32,
                    version: String,
                }
                parse_toml::<Shape>(&SourceFile::new("t", text)).map(|_| toml::Table::new())
            })
            .unwrap_err()
    }

    #[test]
    fn type_mistakes_get_plain_words_and_the_fix() {
        let d = error("minutes = \"15\"\nversion = \"1\"\n");
        assert_eq!(
            d.message,
            "wrong kind of value: string \"15\", expected a whole number"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("write the number without quotes, e.g. `minutes = 15`")
        );
        let d = error("minutes = 15\nversion = 1.0\n");
        assert_eq!(
            d.message,
            "wrong kind of value: floating point `1.0`, expected a string"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("put text values in quotes, e.g. `age = \"34\"`")
        );
    }

    #[test]
    fn syntax_errors_are_located_with_a_hint() {
        let d = error("minutes = 15\nversion = \"1\n");
        assert_eq!(d.span.start, 25, "at the end of the unclosed line");
        assert!(d.hint.unwrap().starts_with("close the string"));
    }
}
