//! The trainer's draft, kept in this browser's localStorage as they type,
//! so a reload or a closed tab does not lose an afternoon's work. It is the
//! scenario text only (no trainee data), under one key, and is never sent
//! anywhere. Failures are reported, as the officer's app reports them.

use super::text::Original;
use crate::app::storage::{self, StoreError};
use serde::{Deserialize, Serialize};

pub const DRAFT_KEY: &str = "course-of-conduct.workshop-draft";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    pub name: String,
    pub text: String,
    #[serde(default)]
    pub crlf: bool,
    #[serde(default)]
    pub bom: bool,
}

impl Kept {
    pub fn original(&self) -> Original {
        Original {
            crlf: self.crlf,
            bom: self.bom,
        }
    }
}

/// A stored draft that can be read back; anything else is left alone.
pub fn parse(stored: &str) -> Option<Kept> {
    serde_json::from_str::<Kept>(stored)
        .ok()
        .filter(|k| !k.text.trim().is_empty())
}

pub fn restore() -> Option<Kept> {
    storage::read(DRAFT_KEY)
        .ok()
        .flatten()
        .as_deref()
        .and_then(parse)
}

/// Keeps the text, or forgets the draft when the editor is empty.
pub fn keep(name: &str, text: &str, original: Original) -> Result<(), StoreError> {
    if text.trim().is_empty() {
        return storage::remove(DRAFT_KEY);
    }
    let kept = Kept {
        name: name.to_string(),
        text: text.to_string(),
        crlf: original.crlf,
        bom: original.bom,
    };
    storage::write(
        DRAFT_KEY,
        &serde_json::to_string(&kept).expect("a draft is plain data"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_read_back_and_anything_else_is_ignored() {
        let kept = Kept {
            name: "mini.toml".into(),
            text: "id = \"mini\"\r\n# §\n".into(),
            crlf: true,
            bom: false,
        };
        let stored = serde_json::to_string(&kept).unwrap();
        assert_eq!(parse(&stored), Some(kept));
        assert_eq!(parse("{\"name\":\"a\",\"text\":\"  \"}"), None);
        assert_eq!(parse("not json"), None);
        assert_eq!(
            parse("{\"name\":\"a\",\"text\":\"x\"}").map(|k| k.original()),
            Some(Original::default())
        );
    }
}
