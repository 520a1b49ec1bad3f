//! The guidance pages behind every citation, as the officer's app reads
//! them: each section's address (`Ref §8 P1` ↔ `ref-8-p1`), its text as
//! paragraphs and lists, the citations in any text split into the words
//! that name a section and the words around them, and the compiled form
//! (`compiled/guidance.bin`) the app fetches only when a guidance page opens.
//! Citations are read by `framework::cited_spans`, the rule the checker
//! uses, so whatever the checker accepts is what becomes a link.

use crate::core::diagnostic::SourceFile;
use crate::core::framework::{cited_spans, Cited, Guidance, GuidanceSection};
use crate::core::model::{content_hash, hash_hex};
use crate::core::parse::parse_toml;
use crate::core::publish::{encode, LoadFailure, CHECKER_VERSION};
use serde::{Deserialize, Serialize};

/// The compiled guidance's file name, in `publish::COMPILED_DIR`.
pub const GUIDANCE_FILE: &str = "guidance.bin";

/// The citation families and how their slugs begin.
const FAMILIES: [(&str, &str); 2] = [("Ref", "ref"), ("SC", "sc")];

/// The guidance as published: the sections, the checker that read them and
/// the content hash of the `guidance.toml` they were read from, so the app
/// notices a file edited on the server since.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompiledGuidance {
    pub checker: String,
    pub source: String,
    pub guidance: Guidance,
}

impl CompiledGuidance {
    pub fn of(guidance: Guidance, source_text: &str) -> CompiledGuidance {
        CompiledGuidance {
            checker: CHECKER_VERSION.to_string(),
            source: source_hash(source_text),
            guidance,
        }
    }
}

/// How a `guidance.toml` is named in `CompiledGuidance::source`.
pub fn source_hash(text: &str) -> String {
    hash_hex(content_hash(text))
}

/// Reads a `guidance.toml`, any error located for the trainer.
pub fn read(file: &SourceFile) -> Result<Guidance, LoadFailure> {
    parse_toml(file).map_err(|d| LoadFailure {
        summary: format!("The guidance ({}) has an error.", file.name),
        details: vec![file.locate(&d).render()],
    })
}

/// The checker module's guidance call: the text of a `guidance.toml` in,
/// an encoded `Result<Guidance, LoadFailure>` out.
pub fn read_request(text: String) -> Vec<u8> {
    encode(&read(&SourceFile::new("scenarios/guidance.toml", text)))
}

/// A section's address in the app: `Ref §11.2` → `ref-11.2`, `Ref §8 P1`
/// → `ref-8-p1`, `SC §4.2.2` → `sc-4.2.2`.
pub fn slug(cite: &str) -> String {
    cite.replace('§', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_ascii_lowercase()
}

/// The section an address names (`slug` read back), `None` when it cannot
/// name one.
pub fn cite_of_slug(slug: &str) -> Option<String> {
    let (family, rest) = slug.split_once('-')?;
    let (prefix, _) = FAMILIES.iter().find(|(_, s)| *s == family)?;
    let well_formed = rest.starts_with(|c: char| c.is_ascii_digit())
        && !rest.ends_with('-')
        && !rest.contains("--")
        && rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    well_formed.then(|| format!("{prefix} §{}", rest.replace('-', " ").to_ascii_uppercase()))
}

/// One block of a section's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    List(Vec<String>),
}

/// A section's plain text as blocks: paragraphs are separated by a blank
/// line, lines starting "- " are list items (an indented line continues
/// the item), and line breaks inside a paragraph are spaces.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<Vec<&str>> = Vec::new();
    let close = |out: &mut Vec<Block>, paragraph: &mut Vec<&str>, list: &mut Vec<Vec<&str>>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
        if !list.is_empty() {
            out.push(Block::List(list.drain(..).map(|i| i.join(" ")).collect()));
        }
    };
    for line in text.lines() {
        let words = line.trim();
        if words.is_empty() {
            close(&mut out, &mut paragraph, &mut list);
        } else if let Some(item) = words.strip_prefix("- ") {
            if !paragraph.is_empty() {
                close(&mut out, &mut paragraph, &mut list);
            }
            list.push(vec![item.trim()]);
        } else if line.starts_with(char::is_whitespace) && !list.is_empty() {
            list.last_mut().expect("a list is open").push(words);
        } else {
            if !list.is_empty() {
                close(&mut out, &mut paragraph, &mut list);
            }
            paragraph.push(words);
        }
    }
    close(&mut out, &mut paragraph, &mut list);
    out
}

/// A stretch of text: plain words, or words that name a section (`cite`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Section { text: &'a str, cite: String },
}

/// A citation string (`Ref §4; SC §4.2.2, case study 12`) in pieces: each
/// section it names, as written, and every other word as plain text.
pub fn citation_pieces(cite: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut done = 0;
    for (at, cited) in cited_spans(cite) {
        // A section that does not exist (the checker lets none through)
        // opens the guidance's "not found" page.
        if let Cited::Section(section) = cited {
            if at.start > done {
                out.push(Piece::Text(&cite[done..at.start]));
            }
            out.push(Piece::Section {
                text: &cite[at.clone()],
                cite: section,
            });
            done = at.end;
        }
    }
    if done < cite.len() {
        out.push(Piece::Text(&cite[done..]));
    }
    out
}

/// Running text (a guidance section's own words) in pieces: each citation
/// written in it, such as "(Ref §17.2, §17.3)" or "Ref §20 has the detail",
/// split by `citation_pieces`.
pub fn text_pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut done = 0;
    for run in citation_runs(text) {
        if run.start > done {
            out.push(Piece::Text(&text[done..run.start]));
        }
        out.extend(citation_pieces(&text[run.clone()]));
        done = run.end;
    }
    if done < text.len() {
        out.push(Piece::Text(&text[done..]));
    }
    out
}

/// Where citations are written in running text: a family and its first
/// section (`Ref §8 P1`, `SC §4.2.2`), then any `, §…` that follow.
fn citation_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let section_end = |from: usize| {
        let rest = &text[from..];
        let mut end = from
            + rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                .unwrap_or(rest.len());
        end = from + text[from..end].trim_end_matches('.').len();
        // A case pattern: `Ref §8 P1`.
        let tail = &text[end..];
        if let Some(digits) = tail.strip_prefix(" P") {
            let count = digits.bytes().take_while(u8::is_ascii_digit).count();
            if count > 0 {
                end += 2 + count;
            }
        }
        end
    };
    let mut runs = Vec::new();
    let mut from = 0;
    while let Some(found) = FAMILIES
        .iter()
        .filter_map(|(prefix, _)| {
            let needle = format!("{prefix} §");
            text[from..]
                .match_indices(&needle)
                .find(|(i, _)| {
                    let before = text[..from + i].chars().next_back();
                    !before.is_some_and(char::is_alphanumeric)
                })
                .map(|(i, n)| (from + i, n.len()))
        })
        .min()
    {
        let (start, prefix_len) = found;
        let mut end = section_end(start + prefix_len);
        if end == start + prefix_len {
            from = end;
            continue;
        }
        while let Some(next) = text[end..].strip_prefix(", §") {
            let next_start = text.len() - next.len();
            let next_end = section_end(next_start);
            if next_end == next_start {
                break;
            }
            end = next_end;
        }
        runs.push(start..end);
        from = end;
    }
    runs
}

/// One top-level section and the sections under it (`Ref §11` with
/// `Ref §11.1`…, `Ref §8` with its case patterns `Ref §8 P1`…).
#[derive(Debug)]
pub struct Group<'a> {
    pub head: &'a GuidanceSection,
    pub under: Vec<&'a GuidanceSection>,
}

/// The sections of one family (`Ref` or `SC`) grouped under their
/// top-level section, in the order the file gives.
pub fn outline<'a>(guidance: &'a Guidance, prefix: &str) -> Vec<Group<'a>> {
    let top = |cite: &str| -> Option<String> {
        let number = cite.strip_prefix(prefix)?.strip_prefix(" §")?;
        let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
        (!digits.is_empty()).then(|| format!("{prefix} §{digits}"))
    };
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for section in &guidance.sections {
        let Some(key) = top(&section.cite) else {
            continue;
        };
        match keys.iter().position(|k| *k == key) {
            Some(i) if section.cite == key => {
                let group = &mut groups[i];
                group
                    .under
                    .insert(0, std::mem::replace(&mut group.head, section));
            }
            Some(i) => groups[i].under.push(section),
            None => {
                keys.push(key);
                groups.push(Group {
                    head: section,
                    under: Vec::new(),
                });
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::framework::Framework;

    fn bundled() -> Guidance {
        Framework::bundled().guidance.expect("the bundled guidance")
    }

    #[test]
    fn every_section_has_a_slug_that_reads_back() {
        let guidance = bundled();
        assert_eq!(guidance.sections.len(), 145);
        let mut seen = std::collections::BTreeSet::new();
        for section in &guidance.sections {
            let slug = slug(&section.cite);
            assert!(seen.insert(slug.clone()), "{slug} is used twice");
            assert_eq!(cite_of_slug(&slug).as_deref(), Some(section.cite.as_str()));
        }
        assert_eq!(slug("Ref §4"), "ref-4");
        assert_eq!(slug("Ref §11.2"), "ref-11.2");
        assert_eq!(slug("Ref §8 P1"), "ref-8-p1");
        assert_eq!(slug("Ref §9C"), "ref-9c");
        assert_eq!(slug("SC §4.2.2"), "sc-4.2.2");
    }

    #[test]
    fn slugs_that_name_no_section_read_as_none() {
        for bad in [
            "",
            "ref",
            "ref-",
            "ab-4",
            "ref-x",
            "ref-4-",
            "ref-4--p1",
            "ref-<b>",
            "ref-4 ",
        ] {
            assert_eq!(cite_of_slug(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn text_splits_into_paragraphs_and_lists() {
        let text = "First line\nsame paragraph.\n\nLead in:\n- one\n  continued\n- two\nAfter the list.\n\n\n- alone\n";
        assert_eq!(
            blocks(text),
            [
                Block::Paragraph("First line same paragraph.".into()),
                Block::Paragraph("Lead in:".into()),
                Block::List(vec!["one continued".into(), "two".into()]),
                Block::Paragraph("After the list.".into()),
                Block::List(vec!["alone".into()]),
            ]
        );
        assert!(blocks("\n\n  \n").is_empty());
    }

    #[test]
    fn every_bundled_section_has_text() {
        for section in &bundled().sections {
            assert!(!blocks(&section.text).is_empty(), "{}", section.cite);
        }
    }

    fn sections<'a>(pieces: &[Piece<'a>]) -> Vec<(&'a str, String)> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Section { text, cite } => Some((*text, cite.clone())),
                Piece::Text(_) => None,
            })
            .collect()
    }

    fn joined(pieces: &[Piece<'_>]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Section { text: t, .. } => *t,
            })
            .collect()
    }

    #[test]
    fn citation_strings_link_their_sections_and_keep_every_word() {
        let cite =
            "College guidance; Ref §1, §5; SC §4.2.2, case study 12; Ref §4 (S-DASH); Ref §8 P1";
        let pieces = citation_pieces(cite);
        assert_eq!(joined(&pieces), cite);
        assert_eq!(
            sections(&pieces),
            [
                ("Ref §1", "Ref §1".to_string()),
                ("§5", "Ref §5".to_string()),
                ("SC §4.2.2", "SC §4.2.2".to_string()),
                ("Ref §4", "Ref §4".to_string()),
                ("Ref §8 P1", "Ref §8 P1".to_string()),
            ]
        );
        assert_eq!(
            citation_pieces("College guidance"),
            [Piece::Text("College guidance")]
        );
    }

    #[test]
    fn running_text_links_the_citations_written_in_it() {
        let text = "Prove it (Ref §5). Both were narrowed (Ref §17.2, §17.3). Ref §20 has the detail; see Ref §8 P1, timeline, Ref §4. Not REF §3 or xRef §3 or Ref §.";
        let pieces = text_pieces(text);
        assert_eq!(joined(&pieces), text);
        let cites: Vec<String> = sections(&pieces).into_iter().map(|(_, c)| c).collect();
        assert_eq!(
            cites,
            [
                "Ref §5",
                "Ref §17.2",
                "Ref §17.3",
                "Ref §20",
                "Ref §8 P1",
                "Ref §4"
            ]
        );
    }

    /// Every cross-reference in the guidance's own text opens a page.
    #[test]
    fn every_citation_in_the_guidance_text_names_a_section() {
        let guidance = bundled();
        let mut count = 0;
        for section in &guidance.sections {
            for (_, cite) in sections(&text_pieces(&section.text)) {
                count += 1;
                assert!(
                    guidance.section(&cite).is_some(),
                    "{} cites {cite}, which is not a section",
                    section.cite
                );
            }
        }
        assert!(count > 50, "only {count} cross-references found");
    }

    #[test]
    fn the_outline_groups_sections_under_their_top_level_section() {
        let guidance = bundled();
        let reference = outline(&guidance, "Ref");
        let heads: Vec<&str> = reference.iter().map(|g| g.head.cite.as_str()).collect();
        assert_eq!(heads.len(), 24);
        assert_eq!(&heads[..3], ["Ref §1", "Ref §2", "Ref §3"]);
        let patterns = reference.iter().find(|g| g.head.cite == "Ref §8").unwrap();
        assert_eq!(patterns.under.len(), 6);
        assert_eq!(patterns.under[0].cite, "Ref §8 P1");
        let listed: usize = reference.iter().map(|g| 1 + g.under.len()).sum::<usize>()
            + outline(&guidance, "SC")
                .iter()
                .map(|g| 1 + g.under.len())
                .sum::<usize>();
        assert_eq!(listed, guidance.sections.len());
    }

    #[test]
    fn compiled_guidance_reads_back() {
        let text = include_str!("../../scenarios/guidance.toml");
        let guidance = read(&SourceFile::new("guidance.toml", text)).unwrap();
        let compiled = CompiledGuidance::of(guidance, text);
        let bytes = encode(&compiled);
        let back: CompiledGuidance = crate::core::publish::decode(&bytes).unwrap();
        assert_eq!(back, compiled);
        assert_eq!(back.source, source_hash(text));
        let broken = crate::core::publish::decode::<Result<Guidance, LoadFailure>>(&read_request(
            "[[section]]\ncite = 4\n".into(),
        ))
        .unwrap()
        .unwrap_err();
        assert!(broken.details[0].contains("guidance.toml:2"), "{broken:?}");
    }
}
