//! Values a form writes, and how they are written as TOML: the way the
//! library's own files write them, so a trainer who opens the text later
//! finds what they would have typed.

use toml_parser::decoder::Encoding;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Value>),
    /// An inline table, `{ identify = 2, risk = -1 }`.
    Table(Vec<(String, Value)>),
}

impl Value {
    pub fn str(text: impl Into<String>) -> Value {
        Value::Str(text.into())
    }

    pub fn strs<S: AsRef<str>>(items: &[S]) -> Value {
        Value::List(items.iter().map(|s| Value::str(s.as_ref())).collect())
    }

    pub fn ints(items: &[(String, i64)]) -> Value {
        Value::Table(
            items
                .iter()
                .map(|(k, n)| (k.clone(), Value::Int(*n)))
                .collect(),
        )
    }

    /// The value as TOML. `like` is how the value it replaces was quoted,
    /// kept where the new text allows.
    pub fn encode(&self, like: Option<Encoding>) -> String {
        match self {
            Value::Str(text) => string(text, like),
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|v| v.encode(None))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Table(entries) if entries.is_empty() => "{}".to_string(),
            Value::Table(entries) => format!(
                "{{ {} }}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{} = {}", key(k), v.encode(None)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// A key as TOML: bare when it can be, quoted otherwise.
pub fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare {
        name.to_string()
    } else {
        basic(name)
    }
}

/// How long a line of text may run before a `"""` text is wrapped, when the
/// text it replaces was wrapped with `\` at the ends of its lines.
const WRAP: usize = 76;

fn string(text: &str, like: Option<Encoding>) -> String {
    let multiline = text.contains('\n');
    let literal_ok = !text.contains('\'') && !text.chars().any(|c| c.is_control());
    match like {
        Some(Encoding::LiteralString) if literal_ok => format!("'{text}'"),
        Some(Encoding::MlLiteralString) if !text.contains("'''") && !text.ends_with('\'') => {
            let plain = !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t');
            if plain {
                format!("'''\n{text}'''")
            } else {
                multiline_basic(text)
            }
        }
        Some(Encoding::MlBasicString) => multiline_basic(text),
        _ if multiline => multiline_basic(text),
        _ => basic(text),
    }
}

/// `"…"`, escaping what must be escaped.
fn basic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        escape(c, &mut out, true);
    }
    out.push('"');
    out
}

fn escape(c: char, out: &mut String, quote: bool) {
    match c {
        '"' if quote => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' if quote => out.push_str("\\n"),
        '\t' => out.push('\t'),
        '\r' => out.push_str("\\r"),
        c if c.is_control() && c != '\n' => out.push_str(&format!("\\u{:04X}", c as u32)),
        c => out.push(c),
    }
}

/// `"""` text: the opening quotes on a line of their own, as the library
/// writes long text. A quote is escaped only where it would close the text.
fn multiline_basic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str("\"\"\"\n");
    let chars: Vec<char> = text.chars().collect();
    for (n, &c) in chars.iter().enumerate() {
        let closes = c == '"' && chars.get(n + 1).is_none_or(|&next| next == '"');
        if closes {
            out.push_str("\\\"");
        } else {
            escape(c, &mut out, false);
        }
    }
    out.push_str("\"\"\"");
    out
}

/// Wraps a `"""` text's long lines with `\` at their ends (TOML joins such a
/// line to the next, dropping the break and the spaces after it), as the
/// guide's worked example writes paragraphs.
pub fn wrapped(text: &str) -> String {
    let plain = multiline_basic(text);
    let body = &plain[4..plain.len() - 3];
    let mut out = String::from("\"\"\"\n");
    let lines: Vec<&str> = body.split('\n').collect();
    for (n, line) in lines.iter().enumerate() {
        let mut rest = *line;
        while rest.chars().count() > WRAP {
            // Break after a space that is followed by a non-space, so the
            // text reads back the same.
            let limit = rest
                .char_indices()
                .nth(WRAP)
                .map_or(rest.len(), |(at, _)| at);
            let cut = rest[..limit]
                .char_indices()
                .filter(|&(at, c)| {
                    c == ' '
                        && at > 0
                        && rest[at + 1..].starts_with(|next: char| next != ' ')
                        && !ends_in_escape(&rest[..at])
                })
                .map(|(at, _)| at + 1)
                .next_back();
            let Some(cut) = cut else { break };
            out.push_str(&rest[..cut]);
            out.push_str("\\\n");
            rest = &rest[cut..];
        }
        out.push_str(rest);
        if n + 1 < lines.len() {
            out.push('\n');
        }
    }
    if !text.ends_with('\n') {
        // End with `\` and the quotes on their own line, as the guide does.
        out.push_str("\\\n");
    }
    out.push_str("\"\"\"");
    out
}

/// Whether the text ends inside a backslash escape (an odd run of `\`).
fn ends_in_escape(text: &str) -> bool {
    text.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

/// Whether a `"""` text as written wraps its lines with `\`.
pub fn is_wrapped(raw: &str) -> bool {
    raw.starts_with("\"\"\"")
        && raw
            .lines()
            .any(|l| l.ends_with('\\') && !ends_in_escape(&l[..l.len() - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(toml_value: &str) -> String {
        let table: toml::Table = toml::from_str(&format!("v = {toml_value}")).unwrap();
        table["v"].as_str().unwrap().to_string()
    }

    #[test]
    fn strings_read_back_as_written() {
        for text in [
            "plain",
            "with \"quotes\" and \\ backslash",
            "two\nlines",
            "ends with a quote\"",
            "three \"\"\" quotes \"\"",
            "§ 😀 ünïcode",
            "tab\tand control \u{7}",
            "\nstarts with a newline",
            "ends with a newline\n",
            "",
        ] {
            for like in [
                None,
                Some(Encoding::BasicString),
                Some(Encoding::LiteralString),
                Some(Encoding::MlBasicString),
                Some(Encoding::MlLiteralString),
            ] {
                let written = Value::str(text).encode(like);
                assert_eq!(read(&written), text, "{written} ({like:?})");
            }
            assert_eq!(read(&wrapped(text)), text, "{}", wrapped(text));
        }
    }

    #[test]
    fn long_text_wraps_at_spaces_and_reads_back_the_same() {
        let text = "A keyed car and two flat tyres on a quiet street. The owner thinks they know who did it. You are the response officer, and what you ask in the next hour decides whether anyone sees the pattern.";
        let written = wrapped(text);
        assert!(
            written.lines().all(|l| l.chars().count() <= WRAP + 2),
            "{written}"
        );
        assert!(written.ends_with("\\\n\"\"\""));
        assert!(is_wrapped(&written));
        assert_eq!(read(&written), text);
        let paragraphs = "First paragraph, long enough to need wrapping because it goes on and on past the limit.\n\nSecond.\n";
        assert_eq!(read(&wrapped(paragraphs)), paragraphs);
        // Double spaces and backslashes survive a wrap.
        let odd = format!(
            "{}  two spaces \\ and a backslash {}",
            "word ".repeat(14),
            "x ".repeat(40)
        );
        assert_eq!(read(&wrapped(&odd)), odd);
    }

    #[test]
    fn lists_tables_numbers_and_keys() {
        assert_eq!(Value::strs(&["a", "b"]).encode(None), "[\"a\", \"b\"]");
        assert_eq!(Value::List(vec![]).encode(None), "[]");
        assert_eq!(
            Value::ints(&[("identify".into(), 2), ("risk".into(), -1)]).encode(None),
            "{ identify = 2, risk = -1 }"
        );
        assert_eq!(Value::Table(vec![]).encode(None), "{}");
        assert_eq!(Value::Bool(true).encode(None), "true");
        assert_eq!(key("first"), "first");
        assert_eq!(key("two words"), "\"two words\"");
    }
}
