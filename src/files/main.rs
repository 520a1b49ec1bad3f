//! The files module: the JSON the officer's app reads and writes as files
//! (downloads, imports) and the one-time upgrade of records that earlier
//! versions stored as JSON. A small bundle (`dist/files/`) the app imports
//! only for these, so no JSON code is in the officers' first load; the app
//! itself keeps records packed (`core::progress`).

use course_of_conduct::core::progress::{self, AsideRecord, Progress};
use wasm_bindgen::prelude::*;

/// A stored record written as JSON, packed: the record, then the reason and
/// data of each part set aside, in pairs.
#[wasm_bindgen]
pub fn upgrade(text: String) -> Vec<String> {
    let decoded = Progress::from_json(&text);
    let mut out = vec![decoded.progress.pack()];
    for part in decoded.set_aside {
        out.extend([part.reason, part.data]);
    }
    out
}

/// A set-aside record written as JSON, packed.
#[wasm_bindgen]
pub fn upgrade_aside(text: String) -> String {
    AsideRecord::from_json(&text).pack()
}

/// A file to import (JSON or packed): `["ok", packed]`, or `["no", why]`.
#[wasm_bindgen]
pub fn read_import(text: String) -> Vec<String> {
    match Progress::import(&text) {
        Ok(progress) => vec!["ok".into(), progress.pack()],
        Err(why) => vec!["no".into(), why],
    }
}

/// The officer's records (packed) as the file they download.
#[wasm_bindgen]
pub fn progress_file(packed: String) -> String {
    Progress::unpack(&packed).progress.to_json()
}

/// One completed run's report, from the records (packed), as a file.
#[wasm_bindgen]
pub fn report_file(packed: String, number: u32) -> Option<String> {
    Progress::unpack(&packed).progress.report_file(number)
}

/// A saved run (packed, `progress::pack_run`) as a file.
#[wasm_bindgen]
pub fn run_file(run: String) -> Option<String> {
    progress::unpack_run(&run).map(|run| progress::run_file(&run))
}

fn main() {}
