//! Names the checker's version for compiled scenarios: the crate version and
//! a hash of the core's source (the model, the checker and the compiled
//! form all live there) and of the framework files the checker carries
//! (`publish::shipped_framework`). The officer's app only reads compiled
//! forms made by the same core, so a model change can never be misread;
//! anything else is compiled again in the browser. The app's copies of the
//! checker's answers are kept under this version too, so a release that
//! changes only the shipped framework cannot reuse an answer from before.

use std::path::{Path, PathBuf};

/// The framework files compiled into the checker (`include_str!` in `publish.rs`).
const SHIPPED: [&str; 4] = [
    "scenarios/competencies.toml",
    "scenarios/patterns.toml",
    "scenarios/practices.toml",
    "scenarios/guidance.toml",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/core is readable")
        .map(|e| e.expect("src/core is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let mut sources = Vec::new();
    files(Path::new("src/core"), &mut sources);
    sources.push(PathBuf::from("Cargo.lock"));
    for shipped in SHIPPED {
        sources.push(PathBuf::from(shipped));
    }
    // FNV-1a over each path and its bytes, as `core::model::content_hash` does.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &sources {
        let name = path.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(path).unwrap_or_default();
        for byte in name.bytes().chain(bytes) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rerun-if-changed=src/core");
    println!("cargo:rerun-if-changed=Cargo.lock");
    for shipped in SHIPPED {
        println!("cargo:rerun-if-changed={shipped}");
    }
    println!(
        "cargo:rustc-env=CHECKER_VERSION={}+{hash:016x}",
        std::env::var("CARGO_PKG_VERSION").expect("cargo sets the package version")
    );
}
