//! Loading the bundled library for tests: the real files in scenarios/.

#![allow(dead_code)] // each test binary uses a different part of this module

pub mod runs;

use course_of_conduct::core::diagnostic::SourceFile;
use course_of_conduct::core::framework::Framework;
use course_of_conduct::core::library::{is_scenario_file, load_all, LibraryEntry, Manifest};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read(path: &Path) -> SourceFile {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    SourceFile::new(
        path.strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string(),
        text,
    )
}

/// Every scenario file in scenarios/ (data files excluded), sorted.
pub fn scenario_sources() -> Vec<SourceFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| is_scenario_file(p))
        .collect();
    paths.sort();
    paths.iter().map(|p| read(p)).collect()
}

pub fn library() -> Vec<LibraryEntry> {
    load_all(&scenario_sources(), &Framework::bundled())
}

pub fn manifest() -> Manifest {
    Manifest::parse(&read(&root().join("scenarios/manifest.toml")))
        .unwrap_or_else(|d| panic!("{}", d.render()))
}
