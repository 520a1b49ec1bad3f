//! Placeholders in scenario text: `{victim.name}`, `{victim.They}`,
//! `{force.stalking_service}`, `{helpline}`, and `{{`/`}}` for literal braces.
//! Text is data: rendering only substitutes strings, never markup.

use std::collections::BTreeMap;

pub const HELPLINE: &str = "the National Stalking Helpline (0808 802 0300)";

/// The pronoun-derived keys every cast role with `pronouns` has.
pub const PRONOUN_KEYS: [&str; 8] = [
    "they", "them", "their", "theirs", "themself", "is", "has", "was",
];

pub fn pronoun_form(pronouns: &str, key: &str) -> Option<&'static str> {
    let index = PRONOUN_KEYS.iter().position(|k| *k == key)?;
    let forms: [&str; 8] = match pronouns {
        "she" => ["she", "her", "her", "hers", "herself", "is", "has", "was"],
        "he" => ["he", "him", "his", "his", "himself", "is", "has", "was"],
        "they" => [
            "they", "them", "their", "theirs", "themself", "are", "have", "were",
        ],
        _ => return None,
    };
    Some(forms[index])
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Literal(&'a str),
    /// A placeholder, with its byte offset in the text (at the `{`).
    Placeholder {
        key: &'a str,
        offset: usize,
    },
}

/// Why a text could not be split into pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BraceError {
    pub offset: usize,
    pub message: &'static str,
}

pub fn pieces(text: &str) -> Result<Vec<Piece<'_>>, BraceError> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut i, mut literal_start) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                out.push(Piece::Literal(&text[literal_start..i + 1]));
                i += 2;
                literal_start = i;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                out.push(Piece::Literal(&text[literal_start..i + 1]));
                i += 2;
                literal_start = i;
            }
            b'{' => {
                out.push(Piece::Literal(&text[literal_start..i]));
                let close = text[i + 1..].find(['}', '{', '\n']).map(|c| c + i + 1);
                let Some(close) = close.filter(|&c| bytes[c] == b'}') else {
                    return Err(BraceError {
                        offset: i,
                        message: "a `{` that is never closed",
                    });
                };
                out.push(Piece::Placeholder {
                    key: text[i + 1..close].trim(),
                    offset: i,
                });
                i = close + 1;
                literal_start = i;
            }
            b'}' => {
                return Err(BraceError {
                    offset: i,
                    message: "a `}` with no `{` before it",
                })
            }
            _ => i += 1,
        }
    }
    out.push(Piece::Literal(&text[literal_start..]));
    out.retain(|p| !matches!(p, Piece::Literal("")));
    Ok(out)
}

/// The values placeholders resolve to in one run: the chosen variant of each
/// cast role and the force's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placeholders {
    values: BTreeMap<String, String>,
}

impl Placeholders {
    pub fn new(
        cast: &[(String, &BTreeMap<String, String>)],
        force: &BTreeMap<String, String>,
    ) -> Self {
        let mut values = BTreeMap::new();
        for (role, variant) in cast {
            for (key, value) in variant.iter() {
                values.insert(format!("{role}.{key}"), value.clone());
            }
            if let Some(pronouns) = variant.get("pronouns") {
                for key in PRONOUN_KEYS {
                    if let Some(form) = pronoun_form(pronouns, key) {
                        values.insert(format!("{role}.{key}"), form.to_string());
                    }
                }
            }
        }
        for (key, value) in force {
            values.insert(format!("force.{key}"), value.clone());
        }
        values.insert("helpline".into(), HELPLINE.into());
        Placeholders { values }
    }

    /// The value of a key, capitalised when the key's last part starts with a capital.
    pub fn get(&self, key: &str) -> Option<String> {
        if let Some(value) = self.values.get(key) {
            return Some(value.clone());
        }
        let (head, last) = key.rsplit_once('.').unwrap_or(("", key));
        let mut chars = last.chars();
        let first = chars.next().filter(|c| c.is_ascii_uppercase())?;
        let lowered = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
        let full = if head.is_empty() {
            lowered
        } else {
            format!("{head}.{lowered}")
        };
        self.values.get(&full).map(|v| capitalise(v))
    }

    /// Renders text; an unknown placeholder is left visible as written, which
    /// the validator has already reported for any file that loaded.
    pub fn render(&self, text: &str) -> String {
        let Ok(pieces) = pieces(text) else {
            return text.to_string();
        };
        pieces
            .into_iter()
            .map(|piece| match piece {
                Piece::Literal(s) => s.to_string(),
                Piece::Placeholder { key, .. } => {
                    self.get(key).unwrap_or_else(|| format!("{{{key}}}"))
                }
            })
            .collect()
    }
}

/// The text with an ASCII first letter capitalised, the one rule for
/// capitals everywhere (placeholders, messages, the workshop's keys). Any
/// other first character is left as written: Unicode's case tables would
/// add 13 kB to the officer's download, and the values capitalised are
/// pronouns, keys and messages (ASCII) and names, which trainers write
/// capitalised already.
pub fn capitalise(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders() -> Placeholders {
        let victim: BTreeMap<String, String> = [("name", "Sam Okafor"), ("pronouns", "they")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into();
        let force = [("name".to_string(), "Northvale Police".to_string())].into();
        Placeholders::new(&[("victim".to_string(), &victim)], &force)
    }

    #[test]
    fn renders_cast_pronouns_capitals_force_and_braces() {
        let p = placeholders();
        assert_eq!(
            p.render("{victim.They} {victim.is} sure {victim.their} car {victim.was} followed. {{ok}} {force.name}"),
            "They are sure their car were followed. {ok} Northvale Police"
        );
        assert_eq!(p.render("Call {helpline}."), format!("Call {HELPLINE}."));
    }

    #[test]
    fn a_capitalised_key_capitalises_an_ascii_first_letter_only() {
        assert_eq!(capitalise("they"), "They");
        assert_eq!(capitalise("Sam"), "Sam");
        assert_eq!(capitalise("élodie"), "élodie");
        assert_eq!(capitalise(""), "");
    }

    #[test]
    fn unbalanced_braces_are_located() {
        assert_eq!(
            pieces("ab {victim.name").unwrap_err(),
            BraceError {
                offset: 3,
                message: "a `{` that is never closed"
            }
        );
        assert_eq!(pieces("a } b").unwrap_err().offset, 2);
    }

    #[test]
    fn placeholders_report_their_offsets() {
        let found: Vec<_> = pieces("Hi {a.b}, {{x}} {c}")
            .unwrap()
            .into_iter()
            .filter_map(|p| match p {
                Piece::Placeholder { key, offset } => Some((key, offset)),
                Piece::Literal(_) => None,
            })
            .collect();
        assert_eq!(found, vec![("a.b", 3), ("c", 16)]);
    }
}
