//! Writes `tests/source-runs.bin`: the hashed twelve-word runs of the
//! sources the originality test checks scenario text against, so that test
//! runs on a fresh clone with no `../shared` beside it. Run it whenever a
//! source changes (the test fails until you do, when the sources are there):
//!
//!   cargo run --no-default-features --example source-runs [SHARED_FOLDER]
//!
//! SHARED_FOLDER defaults to `../shared` beside the repository.

#[path = "../tests/support/runs.rs"]
mod runs;

use std::path::PathBuf;

fn main() -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::args()
        .nth(1)
        .map_or_else(|| root.join("../shared"), PathBuf::from);
    let mut texts = Vec::new();
    for source in runs::SOURCES {
        let path = shared.join(source);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        texts.push(text);
    }
    let hashes = runs::hashes(texts.iter().map(String::as_str));
    let out = root.join("tests/source-runs.bin");
    std::fs::write(&out, runs::encode(&hashes))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "wrote {} runs from {} sources to {}",
        hashes.len(),
        runs::SOURCES.len(),
        out.display()
    );
    Ok(())
}
