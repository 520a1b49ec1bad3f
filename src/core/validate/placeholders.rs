//! Every `{placeholder}` in a text must name a cast key, a force setting or
//! `helpline`, and braces must balance. Every variant of a cast role must
//! have every key the text uses, or trainees given that variant would see
//! the placeholder as written. Problems point at the placeholder itself,
//! however the string is written (escapes, `"""` blocks, `\` line joins).

use crate::core::diagnostic::{Diagnostic, Span};
use crate::core::file::{CastFile, Str};
use crate::core::framework::FORCE_KEYS;
use crate::core::lower::{closest, edit_distance};
use crate::core::text::{pieces, Piece, PRONOUN_KEYS};
use std::collections::{BTreeMap, BTreeSet};

pub struct PlaceholderCheck<'a> {
    known: BTreeSet<String>,
    /// Each cast role's keys, with the pronoun keys when any variant has `pronouns`.
    roles: BTreeMap<String, BTreeSet<String>>,
    /// Each cast key a text uses (`victim.age`), with where it is first used.
    used: BTreeMap<String, Span>,
    source: &'a str,
}

/// What a trainer probably meant by a pronoun written as a key.
fn pronoun_keys_for(word: &str) -> &'static [&'static str] {
    match word {
        "she" | "he" => &["they"],
        "her" => &["them", "their"],
        "him" => &["them"],
        "his" => &["their", "theirs"],
        "hers" => &["theirs"],
        "herself" | "himself" | "themselves" => &["themself"],
        "are" => &["is"],
        "have" => &["has"],
        "were" => &["was"],
        _ => &[],
    }
}

/// `victim.They` → `victim.they`: a capital only capitalises the value.
fn lowered(key: &str) -> String {
    let (head, last) = key.rsplit_once('.').unwrap_or(("", key));
    let mut chars = last.chars();
    let last = chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default();
    if head.is_empty() {
        last
    } else {
        format!("{head}.{last}")
    }
}

fn capitalised_like(key: &str, like: &str) -> String {
    let starts_upper = like.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    let mut chars = key.chars();
    match chars.next() {
        Some(first) if starts_upper => first.to_ascii_uppercase().to_string() + chars.as_str(),
        _ => key.to_string(),
    }
}

impl<'a> PlaceholderCheck<'a> {
    pub fn new(cast: &CastFile, source: &'a str) -> Self {
        let mut known: BTreeSet<String> = FORCE_KEYS.iter().map(|k| format!("force.{k}")).collect();
        known.insert("helpline".into());
        let mut roles: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (role, variants) in cast {
            let keys = roles.entry(role.clone()).or_default();
            for variant in variants.get_ref() {
                for key in variant.get_ref().keys() {
                    keys.insert(key.clone());
                    if key == "pronouns" {
                        keys.extend(PRONOUN_KEYS.iter().map(|k| k.to_string()));
                    }
                }
            }
            known.extend(keys.iter().map(|k| format!("{role}.{k}")));
        }
        PlaceholderCheck {
            known,
            roles,
            used: BTreeMap::new(),
            source,
        }
    }

    pub fn source(&self) -> &'a str {
        self.source
    }

    fn is_known(&self, key: &str) -> bool {
        self.known.contains(key) || self.known.contains(&lowered(key))
    }

    /// Checks a text shown before a run starts (title, summary, content
    /// note): no cast has been chosen then, so only force settings and
    /// `{helpline}` can be filled in.
    pub fn check_listing(&mut self, text: &Str, diagnostics: &mut Vec<Diagnostic>) {
        self.check(text, diagnostics);
        let Ok(pieces) = pieces(text.get_ref()) else {
            return;
        };
        let place = Place::of(text, self.source);
        for piece in pieces {
            let Piece::Placeholder { key, offset } = piece else {
                continue;
            };
            if self.is_known(key) && key != "helpline" && !key.starts_with("force.") {
                diagnostics.push(
                    Diagnostic::error(
                        "listing-placeholder",
                        place.span(offset, key.len() + 1),
                        format!("`{{{key}}}` cannot be used here: this text is shown before a cast is chosen"),
                    )
                    .with_hint("in titles, summaries and content notes use only `{helpline}` and `{force.…}` placeholders"),
                );
            }
        }
    }

    /// Checks one text value, locating each problem inside the file.
    pub fn check(&mut self, text: &Str, diagnostics: &mut Vec<Diagnostic>) {
        // Following the string through the file costs: only when needed.
        let source = self.source;
        let mut found: Option<Place> = None;
        let mut place = move || found.get_or_insert_with(|| Place::of(text, source)).clone();
        match pieces(text.get_ref()) {
            Err(error) => {
                diagnostics.push(
                    Diagnostic::error("braces", place().span(error.offset, 1), error.message)
                        .with_hint("write `{{` and `}}` for literal braces"),
                );
            }
            Ok(pieces) => {
                for piece in pieces {
                    let Piece::Placeholder { key, offset } = piece else {
                        continue;
                    };
                    if self.is_known(key) {
                        let key = lowered(key);
                        if key.contains('.') && !key.starts_with("force.") {
                            self.used
                                .entry(key)
                                .or_insert_with(|| place().span(offset, 1));
                        }
                        continue;
                    }
                    diagnostics.push(
                        Diagnostic::error(
                            "unknown-placeholder",
                            place().span(offset, key.len() + 1),
                            format!("there is no placeholder `{{{key}}}`"),
                        )
                        .with_hint(self.hint(key)),
                    );
                }
            }
        }
    }

    /// A near key of the same cast role, the pronoun keys for a pronoun,
    /// or the placeholders there are.
    fn hint(&self, key: &str) -> String {
        let Some((role, field)) = key.split_once('.') else {
            return match closest(key, self.known.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{{{near}}}`?"),
                None => {
                    "placeholders name a cast role and key, e.g. `{victim.name}`, or `{force.name}`"
                        .into()
                }
            };
        };
        if role == "force" {
            let keys: Vec<String> = FORCE_KEYS
                .iter()
                .map(|k| format!("`{{force.{k}}}`"))
                .collect();
            return match closest(field, FORCE_KEYS.iter().copied()) {
                Some(near) => format!("did you mean `{{force.{near}}}`?"),
                None => format!("the force placeholders are {}", keys.join(", ")),
            };
        }
        let Some(keys) = self.roles.get(role) else {
            let roles: Vec<&str> = self.roles.keys().map(String::as_str).collect();
            return match closest(role, roles.iter().copied()) {
                Some(near) => format!("there is no cast role `{role}`: did you mean `{{{near}.{field}}}`?"),
                None if roles.is_empty() => "this scenario has no cast: add [[cast.ROLE]] tables, e.g. [[cast.victim]] with `name = \"...\"`".into(),
                None => format!("there is no cast role `{role}`; the cast is {}", roles.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")),
            };
        };
        let word = field.to_ascii_lowercase();
        let pronouns = pronoun_keys_for(&word);
        if !pronouns.is_empty() {
            if !keys.contains("pronouns") {
                return format!("`{role}` has no `pronouns`: add `pronouns = \"she\"`, `\"he\"` or `\"they\"` to every [[cast.{role}]] variant, then write `{{{role}.{}}}`", pronouns[0]);
            }
            let written: Vec<String> = pronouns
                .iter()
                .map(|p| format!("`{{{role}.{}}}`", capitalised_like(p, field)))
                .collect();
            return format!(
                "pronouns follow each variant's `pronouns`: write {} (see the table in scenarios/README.md)",
                written.join(" or ")
            );
        }
        let own: Vec<&str> = keys
            .iter()
            .filter(|k| !PRONOUN_KEYS.contains(&k.as_str()))
            .map(String::as_str)
            .collect();
        // Short keys are near many others (`car`, `has`): only a slip of one letter counts.
        let near = closest(&word, keys.iter().map(String::as_str))
            .filter(|near| word.len() >= 5 || edit_distance(&word, near) <= 1);
        match near {
            Some(near) => format!("did you mean `{{{role}.{}}}`?", capitalised_like(near, field)),
            None => format!(
                "`{role}` has the keys {}; add `{field} = \"...\"` to every [[cast.{role}]] variant to use `{{{role}.{field}}}`",
                own.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    /// After every text is checked: each variant must have every key the
    /// text uses (an error: trainees would see the raw placeholder), and
    /// should have the same keys as the others (a warning).
    pub fn check_variants(&self, cast: &CastFile, diagnostics: &mut Vec<Diagnostic>) {
        for (role, variants) in cast {
            let all: BTreeSet<&String> = variants
                .get_ref()
                .iter()
                .flat_map(|v| v.get_ref().keys())
                .collect();
            for variant in variants.get_ref() {
                let has = |key: &str| {
                    variant.get_ref().contains_key(key)
                        || (PRONOUN_KEYS.contains(&key)
                            && variant.get_ref().contains_key("pronouns"))
                };
                let mut reported = BTreeSet::new();
                for (used, at) in &self.used {
                    let Some(key) = used.strip_prefix(&format!("{role}.")) else {
                        continue;
                    };
                    if has(key) {
                        continue;
                    }
                    reported.insert(key.to_string());
                    let line = line_of(self.source, at.start);
                    let add = if PRONOUN_KEYS.contains(&key) {
                        "pronouns = \"...\"".to_string()
                    } else {
                        format!("{key} = \"...\"")
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            "cast-missing-key",
                            variant.span(),
                            format!("this variant of `{role}` has no `{}`, but the text uses `{{{used}}}` (first on line {line}): a trainee given this variant would see `{{{used}}}` as written", if PRONOUN_KEYS.contains(&key) { "pronouns" } else { key }),
                        )
                        .with_hint(format!("add `{add}` to this [[cast.{role}]] variant")),
                    );
                }
                let missing: Vec<&str> = all
                    .iter()
                    .filter(|k| !variant.get_ref().contains_key(k.as_str()))
                    .filter(|k| !reported.contains(k.as_str()))
                    .map(|k| k.as_str())
                    .collect();
                if !missing.is_empty() && reported.is_empty() {
                    diagnostics.push(
                        Diagnostic::warning(
                            "cast-keys",
                            variant.span(),
                            format!(
                                "this variant of `{role}` has no {}, which other variants have",
                                missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                            ),
                        )
                        .with_hint("give every variant of a role the same keys, so any text you add later works for all of them"),
                    );
                }
            }
        }
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    let before = source.get(..offset).unwrap_or(source);
    before.matches('\n').count() + 1
}

/// Where a string value's characters are in the file.
#[derive(Clone)]
struct Place {
    span: Span,
    /// For each byte of the value (and one past its end), its offset in the
    /// file, when the string could be followed exactly.
    offsets: Option<Vec<usize>>,
}

impl Place {
    fn of(text: &Str, source: &str) -> Place {
        let span = text.span();
        let offsets = source
            .get(span.clone())
            .and_then(|raw| value_offsets(raw, text.get_ref()))
            .map(|o| o.into_iter().map(|at| at + span.start).collect());
        Place { span, offsets }
    }

    /// The file span of `length` bytes of the value from `offset`.
    fn span(&self, offset: usize, length: usize) -> Span {
        match &self.offsets {
            Some(offsets) if offset < offsets.len() => {
                let start = offsets[offset];
                let end = offsets
                    .get(offset + length)
                    .copied()
                    .unwrap_or(start + length)
                    .max(start + 1);
                start..end
            }
            _ => self.span.clone(),
        }
    }
}

/// For each byte of a TOML string's value, its offset in the string as
/// written (`raw`, quotes included), with one more for the end; `None` if
/// following the escapes and line joins does not give back `value`.
fn value_offsets(raw: &str, value: &str) -> Option<Vec<usize>> {
    let (quote, multiline) = if raw.starts_with("\"\"\"") {
        ('"', true)
    } else if raw.starts_with("'''") {
        ('\'', true)
    } else if raw.starts_with('"') {
        ('"', false)
    } else if raw.starts_with('\'') {
        ('\'', false)
    } else {
        return None;
    };
    let open = if multiline { 3 } else { 1 };
    let body = raw.get(open..raw.len().checked_sub(open)?)?;
    let mut at = open;
    let mut rest = body;
    // A newline straight after the opening quotes is not part of the value.
    if multiline {
        if let Some(after) = rest.strip_prefix("\r\n") {
            at += 2;
            rest = after;
        } else if let Some(after) = rest.strip_prefix('\n') {
            at += 1;
            rest = after;
        }
    }
    let mut decoded = String::with_capacity(value.len());
    let mut offsets = Vec::with_capacity(value.len() + 1);
    let mut chars = rest.char_indices().peekable();
    let base = at;
    while let Some((i, c)) = chars.next() {
        let here = base + i;
        if c == '\\' && quote == '"' {
            let &(_, next) = chars.peek()?;
            let produced: Option<char> = match next {
                'b' => Some('\u{8}'),
                't' => Some('\t'),
                'n' => Some('\n'),
                'f' => Some('\u{c}'),
                'r' => Some('\r'),
                'e' => Some('\u{1b}'),
                '"' => Some('"'),
                '\\' => Some('\\'),
                'u' | 'U' => {
                    let digits = if next == 'u' { 4 } else { 8 };
                    chars.next();
                    let hex: String = (0..digits)
                        .filter_map(|_| chars.next().map(|(_, h)| h))
                        .collect();
                    let code = u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)?;
                    push(&mut decoded, &mut offsets, code, here);
                    continue;
                }
                ' ' | '\t' | '\r' | '\n' if multiline => None,
                _ => return None,
            };
            chars.next();
            match produced {
                Some(ch) => push(&mut decoded, &mut offsets, ch, here),
                // A line-ending backslash joins lines: the whitespace up to
                // the next visible character is dropped.
                None => {
                    while chars.peek().is_some_and(|&(_, w)| w.is_whitespace()) {
                        chars.next();
                    }
                }
            }
            continue;
        }
        push(&mut decoded, &mut offsets, c, here);
    }
    offsets.push(base + rest.len());
    (decoded == value).then_some(offsets)
}

fn push(decoded: &mut String, offsets: &mut Vec<usize>, c: char, at: usize) {
    decoded.push(c);
    offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_offsets_follow_escapes_and_line_joins() {
        let raw = "\"\"\"\nA \\\"quote\\\" and a \\\n   join {x\"\"\"";
        let value = "A \"quote\" and a join {x";
        let offsets = value_offsets(raw, value).expect("followed");
        let brace = value.find('{').unwrap();
        assert_eq!(&raw[offsets[brace]..offsets[brace] + 2], "{x");
        assert_eq!(offsets.len(), value.len() + 1);
        assert!(value_offsets("'lit {a'", "lit {a").is_some());
        assert!(value_offsets("\"x\"", "y").is_none());
    }

    #[test]
    fn hints_suggest_the_roles_own_keys_and_pronoun_keys() {
        let mut cast: CastFile = BTreeMap::new();
        let variant = |pairs: &[(&str, &str)]| {
            toml::Spanned::new(
                0..0,
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), toml::Spanned::new(0..0, v.to_string())))
                    .collect(),
            )
        };
        cast.insert(
            "victim".into(),
            toml::Spanned::new(
                0..0,
                vec![variant(&[("name", "A"), ("age", "3"), ("pronouns", "she")])],
            ),
        );
        cast.insert(
            "suspect".into(),
            toml::Spanned::new(0..0, vec![variant(&[("name", "B")])]),
        );
        let check = PlaceholderCheck::new(&cast, "");
        assert_eq!(
            check.hint("victim.her"),
            "pronouns follow each variant's `pronouns`: write `{victim.them}` or `{victim.their}` (see the table in scenarios/README.md)"
        );
        assert!(check
            .hint("suspect.He")
            .starts_with("`suspect` has no `pronouns`"));
        assert_eq!(check.hint("victim.agee"), "did you mean `{victim.age}`?");
        assert_eq!(
            check.hint("victm.name"),
            "there is no cast role `victm`: did you mean `{victim.name}`?"
        );
        assert!(check
            .hint("victim.car")
            .starts_with("`victim` has the keys `age`, `name`, `pronouns`"));
    }
}
