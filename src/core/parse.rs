//! TOML to typed data, with every syntax or shape error turned into a located diagnostic.

use crate::core::diagnostic::{Diagnostic, SourceFile};
use serde::de::DeserializeOwned;

/// Parses a whole file. TOML stops at its first syntax error, so this gives one
/// diagnostic; semantic checks afterwards report every problem they find.
pub fn parse_toml<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostic> {
    toml::from_str(&source.text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim().to_string();
        let hint = hint_for(&message);
        let diagnostic = Diagnostic::error("toml", span, plain(&message));
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    })
}

/// TOML's messages are precise but terse; name the usual fix.
fn hint_for(message: &str) -> Option<&'static str> {
    if message.starts_with("unknown field") {
        Some("check the spelling against scenarios/README.md; field names are lowercase with `_`")
    } else if message.starts_with("missing field") {
        Some("every scenario, scene and option needs the fields listed in scenarios/README.md")
    } else if message.contains("invalid type: integer") || message.contains("invalid type: boolean")
    {
        Some("put text values in quotes, e.g. `age = \"34\"`")
    } else if message.contains("duplicate key") {
        Some("each key may appear once in a table; for a list of tables use [[double brackets]]")
    } else if message.contains("invalid basic string") || message.contains("unterminated") {
        Some("close the string with the same quotes that opened it; use \"\"\" for text over several lines")
    } else {
        None
    }
}

fn plain(message: &str) -> String {
    let message = message.replace("invalid type: ", "wrong kind of value: ");
    let mut chars = message.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
