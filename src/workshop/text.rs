//! The editor's arithmetic, kept pure so it is tested natively: positions
//! in the browser's text (UTF-16 code units) from the core's byte offsets
//! and line/column pairs (columns count characters), line numbers, and the
//! file's own line endings and byte-order mark, which a textarea drops but
//! a download must give back.

use crate::core::lower::is_id;

/// How the opened file wrote what a textarea cannot hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Original {
    /// Every line ended with `\r\n` (a textarea holds `\n` only).
    pub crlf: bool,
    /// The file began with a UTF-8 byte-order mark.
    pub bom: bool,
}

/// The text of an opened file as the editor will hold it, how to write it
/// back, and whether any bytes were not UTF-8 (and so were replaced).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub text: String,
    pub original: Original,
    pub replaced: bool,
}

pub fn open_bytes(bytes: &[u8]) -> Opened {
    let decoded = String::from_utf8_lossy(bytes);
    let replaced = matches!(decoded, std::borrow::Cow::Owned(_));
    let (bom, body) = match decoded.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, &*decoded),
    };
    let newlines = body.matches('\n').count();
    let crlf = newlines > 0 && body.matches("\r\n").count() == newlines;
    // What a textarea would make of it anyway: every line break a `\n`.
    let text = body.replace("\r\n", "\n").replace('\r', "\n");
    Opened {
        text,
        original: Original { crlf, bom },
        replaced,
    }
}

/// The editor's text as the file to save: the line endings and byte-order
/// mark it was opened with, everything else exactly as typed.
pub fn to_file(text: &str, original: Original) -> String {
    let body = if original.crlf {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text.to_string()
    };
    if original.bom {
        format!("\u{feff}{body}")
    } else {
        body
    }
}

/// `<id>.toml` when the scenario's id is a proper id, else `scenario.toml`.
pub fn file_name(id: Option<&str>) -> String {
    match id {
        Some(id) if is_id(id) => format!("{id}.toml"),
        _ => "scenario.toml".to_string(),
    }
}

pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

/// The gutter's numbers, one a line.
pub fn gutter(lines: usize) -> String {
    let mut out = String::with_capacity(lines * 4);
    for n in 1..=lines {
        if n > 1 {
            out.push('\n');
        }
        out.push_str(&n.to_string());
    }
    out
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The UTF-16 offset (what `setSelectionRange` counts) of a byte offset.
pub fn utf16_of_byte(text: &str, byte: usize) -> u32 {
    text[..floor_char_boundary(text, byte)]
        .encode_utf16()
        .count() as u32
}

/// The byte offset at the start of a 1-based line, clamped to the text.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(at, _)| at + 1)
}

/// The byte offset of the end of the line that starts at `start`, before its newline.
fn line_end(text: &str, start: usize) -> usize {
    text[start..]
        .find('\n')
        .map_or(text.len(), |at| start + at)
        .min(text.len())
}

/// The byte offset of a 1-based line and column (in characters), clamped to the text.
pub fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let start = line_start(text, line);
    let end = line_end(text, start);
    start
        + text[start..end]
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>()
}

/// The UTF-16 range a diagnostic covers: from its 1-based line and column
/// (in characters) for `width` characters, never past the end of the line.
pub fn utf16_range(text: &str, line: usize, column: usize, width: usize) -> (u32, u32) {
    let start = line_start(text, line);
    let end = line_end(text, start);
    let line_text = &text[start..end];
    let skip: usize = line_text
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    let span: usize = line_text[skip..]
        .chars()
        .take(width)
        .map(char::len_utf8)
        .sum();
    (
        utf16_of_byte(text, start + skip),
        utf16_of_byte(text, start + skip + span),
    )
}

/// The UTF-16 range of the whole line holding a byte offset, from that offset on.
pub fn utf16_rest_of_line(text: &str, byte: usize) -> (u32, u32) {
    let start = floor_char_boundary(text, byte);
    (
        utf16_of_byte(text, start),
        utf16_of_byte(text, line_end(text, start)),
    )
}

/// "1 error", "2 warnings", joined: "1 error and 2 warnings".
pub fn count_problems(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "No problems".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;

    #[test]
    fn utf16_offsets_count_code_units_not_bytes_or_characters() {
        // '§' is 2 bytes and 1 unit; '😀' is 4 bytes and 2 units.
        let text = "a§b\n😀c\nd";
        assert_eq!(utf16_of_byte(text, 0), 0);
        assert_eq!(utf16_of_byte(text, 3), 2); // after "a§"
        assert_eq!(utf16_of_byte(text, 5), 4); // the second line
        assert_eq!(utf16_of_byte(text, 9), 6); // 'c'
        assert_eq!(utf16_of_byte(text, 7), 4, "inside a character: its start");
        assert_eq!(utf16_of_byte(text, 999), 9);
    }

    #[test]
    fn a_diagnostic_lands_where_the_core_located_it() {
        let text = "id = \"x\"\n# §§ 😀\ngoto = \"advise\"\n";
        let source = SourceFile::new("t.toml", text);
        let byte = text.find("\"advise\"").unwrap();
        let (line, column) = source.line_col(byte);
        assert_eq!((line, column), (3, 8));
        let (start, end) = utf16_range(text, line, column, 8);
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16(&units[start as usize..end as usize]).unwrap(),
            "\"advise\""
        );
        // After non-ASCII on the same line, columns still count characters.
        let (start, end) = utf16_range(text, 2, 6, 2);
        assert_eq!(
            String::from_utf16(&units[start as usize..end as usize]).unwrap(),
            "😀"
        );
        // Past the end of a line or the file: clamped, never a panic.
        assert_eq!(utf16_range(text, 1, 40, 3), (8, 8));
        let total = units.len() as u32;
        assert_eq!(utf16_range(text, 99, 1, 1), (total, total));
    }

    #[test]
    fn a_line_and_column_is_found_as_a_byte() {
        let text = "ab\n£cd\n";
        assert_eq!(byte_at(text, 1, 1), 0);
        assert_eq!(byte_at(text, 2, 2), 5);
        assert_eq!(byte_at(text, 2, 99), 7);
        assert_eq!(byte_at(text, 9, 1), text.len());
    }

    #[test]
    fn a_scene_opens_on_its_line() {
        let text = "a = \"é\"\n[[scene]]\nid = \"x\"\n";
        let at = text.find("id =").unwrap();
        let (start, end) = utf16_rest_of_line(text, at);
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16(&units[start as usize..end as usize]).unwrap(),
            "id = \"x\""
        );
    }

    #[test]
    fn files_go_back_with_their_own_line_endings_and_mark() {
        let lf = open_bytes(b"a = 1\n# note\n");
        assert_eq!(lf.original, Original::default());
        assert_eq!(to_file(&lf.text, lf.original), "a = 1\n# note\n");

        let crlf = open_bytes("\u{feff}a = \"§\"\r\n# note\r\n".as_bytes());
        assert_eq!(crlf.text, "a = \"§\"\n# note\n");
        assert_eq!(
            crlf.original,
            Original {
                crlf: true,
                bom: true
            }
        );
        assert!(!crlf.replaced);
        assert_eq!(
            to_file(&format!("{}b = 2\n", crlf.text), crlf.original).as_bytes(),
            "\u{feff}a = \"§\"\r\n# note\r\nb = 2\r\n".as_bytes()
        );

        // Mixed endings cannot survive a textarea: they all become `\n`.
        let mixed = open_bytes(b"a\r\nb\n");
        assert!(!mixed.original.crlf);
        assert_eq!(to_file(&mixed.text, mixed.original), "a\nb\n");

        let bad = open_bytes(b"a = \"\xff\"\n");
        assert!(bad.replaced);
        assert!(bad.text.contains('\u{fffd}'));
    }

    #[test]
    fn names_numbers_and_counts() {
        assert_eq!(file_name(Some("the-tracker")), "the-tracker.toml");
        assert_eq!(file_name(Some("Not An Id")), "scenario.toml");
        assert_eq!(file_name(None), "scenario.toml");
        assert_eq!(line_count(""), 1);
        assert_eq!(line_count("a\nb\n"), 3);
        assert_eq!(gutter(3), "1\n2\n3");
        assert_eq!(count_problems(0, 0), "No problems");
        assert_eq!(count_problems(1, 0), "1 error");
        assert_eq!(count_problems(2, 1), "2 errors and 1 warning");
        assert_eq!(count_problems(0, 3), "3 warnings");
    }
}
