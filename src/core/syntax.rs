//! Plain words for the TOML mistakes trainers actually make, in place of
//! the parser's: curly quotes from Word around a value, a non-breaking
//! space, a `"` inside a text that ends it early, and a `"""` text that is
//! never closed (which makes the parser read the rest of the file as text
//! and report dozens of errors far below it). Each is found on the line the
//! parser stopped at, or for `"""` by following the file's strings.

use crate::core::diagnostic::Diagnostic;

/// Characters Word, Outlook and web pages put where TOML needs plain ones.
fn lookalike(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '“' | '”' | '„' | '‟' => (
            "a curly double quote",
            "TOML needs straight quotes `\"` around text: retype the quotes around the value (Word and Outlook turn them curly as you type; curly quotes inside the text are fine)",
        ),
        '‘' | '’' | '‚' | '‛' => (
            "a curly single quote",
            "TOML needs straight quotes `\"` around text: retype the quotes around the value (curly quotes inside the text are fine)",
        ),
        '\u{a0}' | '\u{2007}' | '\u{202f}' => (
            "a non-breaking space",
            "delete it and type an ordinary space: it usually comes from copying out of Word or a web page, and TOML only allows ordinary spaces outside text",
        ),
        '\u{200b}' | '\u{2060}' | '\u{feff}' => (
            "an invisible zero-width space",
            "delete the characters around this point and type them again: it usually comes from copying out of a web page or a chat",
        ),
        '\u{2013}' | '\u{2014}' => (
            "a dash from a word processor",
            "outside quotes TOML only takes plain characters: type a plain `-`, or put the text in quotes",
        ),
        _ => return None,
    })
}

/// Replaces or folds the parser's errors with the plain explanation of
/// their cause, where one is found.
pub fn explain(text: &str, errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(errors.len() + 1);
    let unclosed = unclosed_text(text);
    if let Some(open) = &unclosed {
        out.push(open.clone());
    }
    let mut explained_lines: Vec<(usize, Diagnostic)> = Vec::new();
    for error in errors {
        if let Some(open) = &unclosed {
            if error.span.start >= open.span.start {
                out.push(error.caused_by(open.as_cause()));
                continue;
            }
        }
        let line_start = text[..error.span.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |at| at + 1);
        if let Some((_, first)) = explained_lines.iter().find(|(l, _)| *l == line_start) {
            out.push(error.caused_by(first.as_cause()));
            continue;
        }
        // The plain explanation replaces the parser's first error on its
        // line; any more on that line follow from it.
        match explain_line(text, line_start) {
            Some(plain) => {
                explained_lines.push((line_start, plain.clone()));
                out.push(plain);
            }
            None => out.push(error),
        }
    }
    out
}

/// The plain explanation of what is wrong on the line starting at `start`.
fn explain_line(text: &str, start: usize) -> Option<Diagnostic> {
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    let line = &text[start..end];
    let mut in_string: Option<char> = None;
    let mut opened_at = start;
    let mut escaped = false;
    let mut closed_at: Option<usize> = None;
    for (i, c) in line.char_indices() {
        let at = start + i;
        match in_string {
            Some(quote) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && quote == '"' {
                    escaped = true;
                } else if c == quote {
                    in_string = None;
                    closed_at = Some(at);
                }
            }
            None => {
                if c == '#' {
                    return None;
                }
                if let Some((what, hint)) = lookalike(c) {
                    return Some(
                        Diagnostic::error(
                            "lookalike-character",
                            at..at + c.len_utf8(),
                            if c.is_whitespace()
                                || c == '\u{200b}'
                                || c == '\u{2060}'
                                || c == '\u{feff}'
                            {
                                format!(
                                    "{what} (U+{:04X}) where TOML expects a plain character",
                                    u32::from(c)
                                )
                            } else {
                                format!(
                                    "{what} (`{c}`, U+{:04X}) where TOML expects a plain character",
                                    u32::from(c)
                                )
                            },
                        )
                        .with_hint(hint),
                    );
                }
                if c == '"' || c == '\'' {
                    // A string that ended and is followed by more words: a quote inside the text.
                    if let Some(close) = closed_at.filter(|_| c == '"') {
                        return Some(inner_quote(text, close));
                    }
                    in_string = Some(c);
                    opened_at = at;
                    continue;
                }
                if let Some(close) = closed_at {
                    if !c.is_whitespace() && !matches!(c, ',' | ']' | '}') {
                        return Some(inner_quote(text, close));
                    }
                    if matches!(c, ',' | ']' | '}') {
                        closed_at = None;
                    }
                }
            }
        }
    }
    // A one-line text still open at the end of its line.
    let quote = in_string?;
    Some(
        Diagnostic::error(
            "unclosed-quote",
            opened_at..opened_at + 1,
            format!("the text that starts here is not closed: its closing `{quote}` is missing at the end of the line"),
        )
        .with_hint(format!("end the text with `{quote}` on the same line; for text over several lines, open and close it with `\"\"\"`")),
    )
}

fn inner_quote(text: &str, close: usize) -> Diagnostic {
    let after: String = text[close + 1..]
        .chars()
        .take_while(|&c| c != '\n')
        .take(20)
        .collect();
    Diagnostic::error(
        "quote-in-text",
        close..close + 1,
        format!("this `\"` ends the text early, so `{}` after it is not read as text", after.trim_end()),
    )
    .with_hint("write a quote inside a text as `\\\"`, or use curly quotes “ ”, which need nothing special")
}

/// A `"""` (or `'''`) text that is not closed where it should be: followed
/// through the file, it runs on over a line that looks like a field or a
/// table (`text = `, `[[scene]]`), which prose never starts with.
fn unclosed_text(text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |at| i + at)
            }
            b'"' | b'\'' if text[i..].starts_with("\"\"\"") || text[i..].starts_with("'''") => {
                let fence = &text[i..i + 3];
                let body_start = i + 3;
                let close = find_close(text, body_start, fence);
                let body_end = close.unwrap_or(text.len());
                let body = text.get(body_start..body_end).unwrap_or("");
                if let Some(runs_over) = structure_line(body) {
                    let at = body_start + runs_over;
                    let line = text[..at].matches('\n').count() + 1;
                    let what = text[at..].lines().next().unwrap_or("").trim();
                    return Some(
                        Diagnostic::error(
                            "unclosed-text",
                            i..i + 3,
                            format!("this `{fence}` opens a text that is not closed before line {line}, so `{what}` and what follows are read as part of the text"),
                        )
                        .with_hint(format!("put `{fence}` on a line of its own where the text should end")),
                    );
                }
                i = close.map_or(bytes.len(), |c| c + 3);
            }
            quote @ (b'"' | b'\'') => {
                // A one-line string: skip to its end (or the end of the line).
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'\n' {
                    if quote == b'"' && bytes[j] == b'\\' {
                        j += 2;
                        continue;
                    }
                    if bytes[j] == quote {
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Where the closing fence of a multi-line text starts.
fn find_close(text: &str, from: usize, fence: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let fence = fence.as_bytes();
    let mut j = from;
    while j < bytes.len() {
        if fence[0] == b'"' && bytes[j] == b'\\' {
            j += 2;
            continue;
        }
        if bytes[j..].starts_with(fence) {
            // Up to two quotes may end the text just before the fence.
            let mut end = j;
            while bytes.get(end + 3) == Some(&fence[0]) && end - j < 2 {
                end += 1;
            }
            return Some(end);
        }
        j += 1;
    }
    None
}

/// The offset of the first line inside a text that starts like TOML: a
/// table header or `key = `.
fn structure_line(body: &str) -> Option<usize> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        let is_header = trimmed.starts_with('[')
            && trimmed.ends_with(']')
            && trimmed
                .trim_matches(|c| c == '[' || c == ']')
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        let is_field = trimmed.split_once(" = ").is_some_and(|(key, _)| {
            !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        });
        if offset > 0 && (is_header || is_field) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Diagnostic {
        let (_, errors) = toml::de::DeTable::parse_recoverable(text);
        let errors: Vec<Diagnostic> = errors.iter().map(crate::core::parse::toml_error).collect();
        assert!(!errors.is_empty(), "{text}");
        explain(text, errors).remove(0)
    }

    #[test]
    fn curly_quotes_and_odd_spaces_are_named() {
        let d = first("a = 1\ntitle = “Messages”\n");
        assert_eq!(d.code, "lookalike-character");
        assert_eq!(d.span.start, 14);
        assert!(
            d.message.starts_with("a curly double quote (`“`, U+201C)"),
            "{}",
            d.message
        );
        let d = first("summary\u{a0}= \"x\"\n");
        assert!(
            d.message.starts_with("a non-breaking space"),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_quote_inside_a_text_is_named_at_the_quote_that_ends_it() {
        let text = "text = \"He said \"answer me\" to her.\"\n";
        let d = first(text);
        assert_eq!(d.code, "quote-in-text");
        assert_eq!(&text[d.span.clone()], "\"");
        assert_eq!(d.span.start, 16);
        assert_eq!(
            d.message,
            "this `\"` ends the text early, so `answer me\" to her.\"` after it is not read as text"
        );
    }

    #[test]
    fn an_unclosed_triple_quote_is_reported_where_it_opens_with_the_rest_folded() {
        let text = "a = \"\"\"\nfine\n\"\"\"\nb = \"\"\"\nnot closed\n\n[[scene]]\nid = \"x\"\ntext = \"\"\"\nmore\n\"\"\"\nc = 1 2\n";
        let (_, errors) = toml::de::DeTable::parse_recoverable(text);
        let errors: Vec<Diagnostic> = errors.iter().map(crate::core::parse::toml_error).collect();
        let explained = explain(text, errors);
        assert_eq!(explained[0].code, "unclosed-text");
        assert_eq!(explained[0].span.start, text.find("b = ").unwrap() + 4);
        assert!(
            explained[0].message.contains("not closed before line 7"),
            "{}",
            explained[0].message
        );
        assert!(explained[1..].iter().all(|d| d.cause.is_some()));
    }
}
