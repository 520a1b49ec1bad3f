#![allow(dead_code)] // the test and the example each use part of this module

//! Word runs for the originality check, shared by `tests/originality.rs`
//! and `examples/source-runs.rs` (which writes `tests/source-runs.bin`).
//!
//! A run is twelve words in a row, lowercased, with curly apostrophes made
//! straight; the file keeps only each run's FNV-1a hash, so the check works
//! without the sources' text in the repository.

use std::collections::HashSet;

pub const RUN: usize = 12;

/// The sources the runs come from, under `../shared/` beside the repository.
pub const SOURCES: [&str; 3] = [
    "source/super-complaint-2022.md",
    "domain/stalking-reference.md",
    "domain/reference-supplement.md",
];

const MAGIC: &[u8] =
    b"course-of-conduct source runs v1: 12 lowercased words, FNV-1a 64, little-endian\n";

pub fn words(text: &str) -> Vec<String> {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Each run of `RUN` words, as text (to quote a copy) and hash.
pub fn runs(words: &[String]) -> impl Iterator<Item = (String, u64)> + '_ {
    words.windows(RUN).map(|w| {
        let run = w.join(" ");
        let hash = fnv1a(&run);
        (run, hash)
    })
}

/// Every run of every text, hashed, sorted and without repeats.
pub fn hashes<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<u64> {
    let set: HashSet<u64> = texts
        .into_iter()
        .flat_map(|text| runs(&words(text)).map(|(_, h)| h).collect::<Vec<_>>())
        .collect();
    let mut sorted: Vec<u64> = set.into_iter().collect();
    sorted.sort_unstable();
    sorted
}

pub fn encode(hashes: &[u64]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for hash in hashes {
        out.extend_from_slice(&hash.to_le_bytes());
    }
    out
}

pub fn decode(bytes: &[u8]) -> Option<Vec<u64>> {
    let body = bytes.strip_prefix(MAGIC)?;
    (body.len() % 8 == 0).then(|| {
        body.chunks(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("eight bytes")))
            .collect()
    })
}
