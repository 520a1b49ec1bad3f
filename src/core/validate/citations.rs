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
                let hint = match with_section_sign(&text) {
                    Some(meant) => format!("did you mean `{meant}`? {TYPING_SECTION_SIGN}"),
                    None => "cite the super-complaint as `SC §4.2.1` or the guidance as `Ref §5`; separate several with `;`".to_string(),
                };
                out.push((
                    format!("`{text}` does not name a section of the sources"),
                    hint,
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

const TYPING_SECTION_SIGN: &str = "To type §: Alt+0167 on the numeric keypad in Windows, Option+6 on a Mac, or copy it from AUTHORING.md; the workshop's forms choose citations from a list";

/// `Ref s4`, `SC 4.2.1`, `ref section 5`: a citation typed without the
/// section sign, as it was probably meant (`Ref §4`, `SC §4.2.1`, `Ref §5`).
fn with_section_sign(text: &str) -> Option<String> {
    let (source, rest) = text.trim().split_once(char::is_whitespace)?;
    let source = ["Ref", "SC"]
        .into_iter()
        .find(|s| s.eq_ignore_ascii_case(source))?;
    let rest = rest.trim_start();
    let number = ["section", "sect", "sec", "s", "para", "paragraph"]
        .iter()
        .find_map(|word| {
            let head = rest.get(..word.len())?;
            head.eq_ignore_ascii_case(word)
                .then(|| rest[word.len()..].trim_start_matches(['.', ' ']))
        })
        .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        .or_else(|| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                .then_some(rest)
        })?;
    Some(format!("{source} §{number}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_typed_without_the_section_sign_is_read_as_meant() {
        assert_eq!(with_section_sign("Ref s4").as_deref(), Some("Ref §4"));
        assert_eq!(with_section_sign("SC 4.2.1").as_deref(), Some("SC §4.2.1"));
        assert_eq!(
            with_section_sign("ref section 11.2").as_deref(),
            Some("Ref §11.2")
        );
        assert_eq!(with_section_sign("SC S.5.2").as_deref(), Some("SC §5.2"));
        assert_eq!(with_section_sign("College guidance"), None);
        assert_eq!(with_section_sign("Ref see above"), None);
        let problems = problems("Ref s4", None);
        assert!(
            problems[0]
                .1
                .starts_with("did you mean `Ref §4`? To type §"),
            "{problems:?}"
        );
    }
}
