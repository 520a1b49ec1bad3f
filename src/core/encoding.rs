//! Scenario files must be UTF-8, so `§`, `£` and curly quotes survive. The
//! shells hand the core a file's bytes; a file saved as UTF-16 (Notepad's
//! "Unicode") or Windows-1252 (Notepad's "ANSI") gets one plain error,
//! located at the first character that is not UTF-8, saying how to re-save
//! it, and the other files are still checked. The workshop uses the same
//! decoding to open such a file as text, converted, for the trainer to save.

use crate::core::diagnostic::{Diagnostic, LocatedDiagnostic, SourceFile};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16LittleEndian,
    Utf16BigEndian,
    Windows1252,
}

impl Encoding {
    /// What the trainer's editor calls it.
    pub fn described(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16LittleEndian | Encoding::Utf16BigEndian => {
                "UTF-16 (what Notepad calls \"Unicode\")"
            }
            Encoding::Windows1252 => "Windows-1252 (what Notepad calls \"ANSI\")",
        }
    }
}

/// A file's bytes as text, however they were saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// The file began with a UTF-8 byte-order mark (not part of `text`).
    pub bom: bool,
    /// For a file that is not UTF-8: where in `text` the first character
    /// that was not UTF-8 is.
    pub first_foreign: Option<usize>,
}

/// The characters Windows-1252 puts at 0x80 to 0x9F (the rest match Latin-1).
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9f => WINDOWS_1252[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// UTF-16 without a byte-order mark shows as a zero byte beside most
/// letters of plain text.
fn looks_like_utf16(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_at = |odd: usize| {
        sample
            .iter()
            .skip(odd)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    if zero_at(1) * 4 > pairs * 3 {
        Some(Encoding::Utf16LittleEndian)
    } else if zero_at(0) * 4 > pairs * 3 {
        Some(Encoding::Utf16BigEndian)
    } else {
        None
    }
}

pub fn decode(bytes: &[u8]) -> Decoded {
    let utf16 = match bytes {
        [0xff, 0xfe, ..] => Some((Encoding::Utf16LittleEndian, &bytes[2..])),
        [0xfe, 0xff, ..] => Some((Encoding::Utf16BigEndian, &bytes[2..])),
        _ => looks_like_utf16(bytes).map(|e| (e, bytes)),
    };
    if let Some((encoding, body)) = utf16 {
        let units = body.chunks(2).map(|pair| {
            let (a, b) = (pair[0], pair.get(1).copied().unwrap_or(0));
            match encoding {
                Encoding::Utf16BigEndian => u16::from_be_bytes([a, b]),
                _ => u16::from_le_bytes([a, b]),
            }
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        return Decoded {
            text,
            encoding,
            bom: false,
            first_foreign: Some(0),
        };
    }
    let (bom, body) = match bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    match std::str::from_utf8(body) {
        Ok(text) => Decoded {
            text: text.to_string(),
            encoding: Encoding::Utf8,
            bom,
            first_foreign: None,
        },
        Err(error) => {
            // UTF-8 up to the first byte that is not, then Windows-1252 (any
            // byte is a character in it) for the rest.
            let valid = error.valid_up_to();
            let mut text = String::from_utf8_lossy(&body[..valid]).into_owned();
            text.extend(body[valid..].iter().map(|&b| windows_1252(b)));
            Decoded {
                text,
                encoding: Encoding::Windows1252,
                bom,
                first_foreign: Some(valid),
            }
        }
    }
}

/// The file as text when it is UTF-8; otherwise the error a trainer sees,
/// at the first character that is not UTF-8, with how to re-save it.
pub fn source_file(name: &str, bytes: &[u8]) -> Result<SourceFile, Box<LocatedDiagnostic>> {
    let decoded = decode(bytes);
    let Some(at) = decoded.first_foreign else {
        return Ok(SourceFile::new(name, decoded.text));
    };
    let source = SourceFile::new(name, decoded.text);
    let character = source.text[at..].chars().next().unwrap_or(' ');
    let (what, span) = match decoded.encoding {
        Encoding::Windows1252 => (
            format!(
                "the file is saved as {}, not UTF-8: the first character that is not UTF-8 is `{character}` here",
                decoded.encoding.described()
            ),
            at..at + character.len_utf8(),
        ),
        _ => (
            format!(
                "the file is saved as {}, not UTF-8, so it cannot be read",
                decoded.encoding.described()
            ),
            0..0,
        ),
    };
    let diagnostic = Diagnostic::error("encoding", span, what).with_hint(
        "save it as UTF-8: in Notepad choose File > Save As, set Encoding to \"UTF-8\" and save; in other editors look for Encoding or \"Save with encoding\". Nothing else in the file needs to change",
    );
    Err(Box::new(source.locate(&diagnostic)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_byte_order_mark_is_read() {
        assert_eq!(
            source_file("a", "id = \"§\"".as_bytes()).unwrap().text,
            "id = \"§\""
        );
        let mut with_bom = vec![0xef, 0xbb, 0xbf];
        with_bom.extend_from_slice(b"id = 1");
        assert_eq!(source_file("a", &with_bom).unwrap().text, "id = 1");
    }

    #[test]
    fn windows_1252_is_named_at_its_first_character_with_the_fix() {
        let bytes = b"id = \"x\"\ncite = \"SC \xa74.1\"\ntext = \"\x93quoted\x94\"\n";
        let error = source_file("old.toml", bytes).unwrap_err();
        assert_eq!((error.line, error.column), (2, 12));
        assert_eq!(
            error.message,
            "the file is saved as Windows-1252 (what Notepad calls \"ANSI\"), not UTF-8: the first character that is not UTF-8 is `§` here"
        );
        assert_eq!(error.source_line, "cite = \"SC §4.1\"");
        assert!(error.hint.unwrap().contains("Save As"));
        assert_eq!(
            decode(bytes).text,
            "id = \"x\"\ncite = \"SC §4.1\"\ntext = \"“quoted”\"\n"
        );
    }

    #[test]
    fn utf16_with_and_without_a_byte_order_mark_is_named() {
        let text = "id = \"x\"\ntitle = \"£5\"\n";
        let mut little: Vec<u8> = vec![0xff, 0xfe];
        little.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [little, big] {
            let decoded = decode(&bytes);
            assert_eq!(decoded.text, text);
            let error = source_file("u.toml", &bytes).unwrap_err();
            assert!(error.message.contains("UTF-16"), "{}", error.message);
            assert_eq!(error.line, 1);
        }
    }
}
