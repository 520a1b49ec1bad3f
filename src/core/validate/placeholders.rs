//! Every `{placeholder}` in a text must name a cast key, a force setting or
//! `helpline`; braces must balance.

use crate::core::diagnostic::Diagnostic;
use crate::core::file::{CastFile, Str};
use crate::core::framework::FORCE_KEYS;
use crate::core::lower::closest;
use crate::core::text::{pieces, Piece, PRONOUN_KEYS};
use std::collections::BTreeSet;

pub struct PlaceholderCheck<'a> {
    known: BTreeSet<String>,
    source: &'a str,
}

impl<'a> PlaceholderCheck<'a> {
    pub fn new(cast: &CastFile, source: &'a str) -> Self {
        let mut known: BTreeSet<String> = FORCE_KEYS.iter().map(|k| format!("force.{k}")).collect();
        known.insert("helpline".into());
        for (role, variants) in cast {
            for variant in variants.get_ref() {
                for key in variant.get_ref().keys() {
                    known.insert(format!("{role}.{key}"));
                    if key == "pronouns" {
                        known.extend(PRONOUN_KEYS.iter().map(|k| format!("{role}.{k}")));
                    }
                }
            }
        }
        PlaceholderCheck { known, source }
    }

    pub fn source(&self) -> &'a str {
        self.source
    }

    fn is_known(&self, key: &str) -> bool {
        if self.known.contains(key) {
            return true;
        }
        // `{victim.They}` capitalises `{victim.they}`.
        let (head, last) = key.rsplit_once('.').unwrap_or(("", key));
        let mut chars = last.chars();
        let lowered = chars
            .next()
            .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
            .unwrap_or_default();
        let full = if head.is_empty() {
            lowered
        } else {
            format!("{head}.{lowered}")
        };
        full != key && self.known.contains(&full)
    }

    /// Checks a text shown before a run starts (title, summary, content
    /// note): no cast has been chosen then, so only force settings and
    /// `{helpline}` can be filled in.
    pub fn check_listing(&self, text: &Str, diagnostics: &mut Vec<Diagnostic>) {
        self.check(text, diagnostics);
        let Ok(pieces) = pieces(text.get_ref()) else {
            return;
        };
        for piece in pieces {
            let Piece::Placeholder { key, .. } = piece else {
                continue;
            };
            if self.is_known(key) && key != "helpline" && !key.starts_with("force.") {
                let raw = self.source.get(text.span()).unwrap_or("");
                let fragment = format!("{{{key}");
                let span = raw.find(&fragment).map_or(text.span(), |at| {
                    text.span().start + at..text.span().start + at + fragment.len()
                });
                diagnostics.push(
                    Diagnostic::error(
                        "listing-placeholder",
                        span,
                        format!("`{{{key}}}` cannot be used here: this text is shown before a cast is chosen"),
                    )
                    .with_hint("in titles, summaries and content notes use only `{helpline}` and `{force.…}` placeholders"),
                );
            }
        }
    }

    /// Checks one text value, locating each problem inside the file.
    pub fn check(&self, text: &Str, diagnostics: &mut Vec<Diagnostic>) {
        let span = text.span();
        let raw = self.source.get(span.clone()).unwrap_or("");
        // Find a fragment in the raw TOML so the column points at it; escapes
        // in the string would shift a computed offset.
        let locate = |fragment: &str| {
            raw.find(fragment).map_or(span.clone(), |at| {
                span.start + at..span.start + at + fragment.len()
            })
        };
        match pieces(text.get_ref()) {
            Err(error) => {
                let fragment: String = text.get_ref()[error.offset..].chars().take(12).collect();
                diagnostics.push(
                    Diagnostic::error("braces", locate(&fragment), error.message.to_string())
                        .with_hint("write `{{` and `}}` for literal braces"),
                );
            }
            Ok(pieces) => {
                for piece in pieces {
                    let Piece::Placeholder { key, .. } = piece else {
                        continue;
                    };
                    if self.is_known(key) {
                        continue;
                    }
                    let hint = match closest(key, self.known.iter().map(String::as_str)) {
                        Some(near) => format!("did you mean `{{{near}}}`?"),
                        None => "placeholders name a cast role and key, e.g. `{victim.name}`, or `{force.name}`".into(),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            "unknown-placeholder",
                            locate(&format!("{{{key}")),
                            format!("there is no placeholder `{{{key}}}`"),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
    }
}
