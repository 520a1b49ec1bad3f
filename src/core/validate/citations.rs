//! Every citation names real sections: each part of a `cite` (parts are
//! separated by `;`) is `SC §…` or `Ref §…`, and when the guidance is at
//! hand (`guidance.toml`), a section it has, so every citation an officer
//! reads links to a page that exists.

use crate::core::diagnostic::{Diagnostic, Span};
use crate::core::framework::{cited_sections, Cited, Guidance};
use crate::core::lower::closest;
use crate::core::model::Scenario;

pub fn check(scenario: &Scenario, guidance: Option<&Guidance>, diagnostics: &mut Vec<Diagnostic>) {
    for (_, _, choice) in scenario.choices() {
        match &choice.cite {
            None if choice.is_scored() => diagnostics.push(
                Diagnostic::error("no-cite", choice.span.clone(), format!("option `{}` is scored but cites no source", choice.id))
                    .with_hint("add `cite = \"SC §4.2.1\"` or `cite = \"Ref §5\"` naming the section it rests on"),
            ),
            Some(cite) => check_cite(&cite.value, &cite.span, guidance, diagnostics),
            None => {}
        }
    }
    for action in &scenario.key_actions {
        check_cite(&action.cite, &action.span, guidance, diagnostics);
    }
}

/// The problems with one citation string, as messages with hints.
pub fn problems(cite: &str, guidance: Option<&Guidance>) -> Vec<(String, String)> {
    let cited = cited_sections(cite);
    if cited.is_empty() {
        return vec![(
            "the citation is empty".to_string(),
            "cite the super-complaint as `SC §4.2.1` or the guidance as `Ref §5`".to_string(),
        )];
    }
    let mut out = Vec::new();
    for part in cited {
        let section = match part {
            Cited::Unknown(text) => {
                out.push((
                    format!("`{text}` does not name a section of the sources"),
                    "cite the super-complaint as `SC §4.2.1` or the guidance as `Ref §5`; separate several with `;`".to_string(),
                ));
                continue;
            }
            Cited::Section(section) => section,
        };
        let Some(guidance) = guidance else { continue };
        if guidance.section(&section).is_none() {
            let near = closest(&section, guidance.sections.iter().map(|s| s.cite.as_str()));
            let hint = match near {
                Some(near) => format!(
                    "did you mean `{near}`? Every section is listed in the app's Guidance pages"
                ),
                None => {
                    "cite a section listed in the app's Guidance pages (scenarios/guidance.toml)"
                        .to_string()
                }
            };
            out.push((
                format!("there is no section `{section}` in the guidance"),
                hint,
            ));
        }
    }
    out
}

fn check_cite(
    cite: &str,
    span: &Span,
    guidance: Option<&Guidance>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (message, hint) in problems(cite, guidance) {
        diagnostics.push(Diagnostic::error("bad-cite", span.clone(), message).with_hint(hint));
    }
}
