//! The officer's saved progress: unfinished runs, completed results and an
//! optional name or collar number, kept as one versioned record.
//!
//! The record has two written forms. Browser storage holds it **packed**: a
//! header line, then one line per part (the name, each run) in base64
//! postcard, so the officers' app reads and writes it with no JSON code.
//! Files (downloads, imports) are **JSON**, as earlier versions also
//! stored it; the app's files module reads and writes those, and upgrades
//! a record stored as JSON once.
//!
//! Reading is forgiving by design. Whatever cannot be read (a damaged record,
//! one from another format, a single bad run inside a good record) is set
//! aside whole, with the reason, instead of being dropped: the app starts
//! with everything that could be read, says what happened, and the officer
//! can download what was set aside. Nothing here touches a browser; the app
//! decides where the text is stored.

use crate::core::base64;
use crate::core::engine::{Mode, SavedRun, SAVED_RUN_FORMAT};
use crate::core::framework::Framework;
use crate::core::publish::encode;
use crate::core::report::GapReport;
use crate::core::scoring::Points;
use serde::de::{self, DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The record format this version writes. Each format adds its upgrade from
/// the one before in `from_json`; anything it cannot upgrade is set aside.
/// Format 2 stores saved runs' content hashes as hex text (format 1 had a
/// 64-bit number, which JavaScript tools round).
///
/// The packed form is postcard, which is not self-describing: a change to
/// any type a packed record holds (`PackedRun`, `CompletedRun`, `GapReport`
/// and what it holds) is a new format, with its upgrade. The test
/// `the_packed_form_is_pinned` fails until that is done.
pub const PROGRESS_FORMAT: u32 = 2;

/// The first line of a packed record, before its format number.
const PACKED: &str = "course-of-conduct progress";
/// The first line of a packed set-aside record.
const PACKED_ASIDE: &str = "course-of-conduct set-aside 1";

/// The longest name or collar number kept, in characters.
pub const OFFICER_MAX_CHARS: usize = 60;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub format: u32,
    /// A name or collar number, or empty when the officer gave none.
    pub officer: String,
    /// At most one unfinished run per scenario.
    pub unfinished: Vec<SavedRun>,
    pub completed: Vec<CompletedRun>,
}

/// A finished run: its full report (which names the scenario content, seed
/// and choices) and when it ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletedRun {
    /// Counts from 1 in the order runs were finished in this browser.
    pub number: u32,
    /// Milliseconds since 1970-01-01 UTC.
    pub finished_at: u64,
    pub report: GapReport,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            format: PROGRESS_FORMAT,
            officer: String::new(),
            unfinished: Vec::new(),
            completed: Vec::new(),
        }
    }
}

/// Something that could not be read, with why, exactly as it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    pub reason: String,
    pub data: String,
}

/// The result of reading a stored record: everything readable, and the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub progress: Progress,
    pub set_aside: Vec<SetAside>,
}

/// What an import changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Runs taken from the file.
    pub added: usize,
    /// Runs the browser already had.
    pub already_here: usize,
    /// Scenarios whose unfinished run in the file was not taken, because
    /// this browser has a different unfinished run of the same scenario.
    pub kept_yours: Vec<String>,
}

/// One competency across every scenario taken (the latest run of each).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileScore {
    pub id: String,
    pub name: String,
    pub earned: i32,
    pub best: i32,
    pub percent: Option<u32>,
    pub band: Option<String>,
    /// How many scenarios assessed this competency.
    pub scenarios: usize,
}

impl Progress {
    pub fn unfinished(&self, scenario_id: &str) -> Option<&SavedRun> {
        self.unfinished
            .iter()
            .find(|r| r.scenario_id == scenario_id)
    }

    /// Stores a run in progress, replacing the scenario's previous one.
    pub fn save_unfinished(&mut self, run: SavedRun) {
        match self
            .unfinished
            .iter_mut()
            .find(|r| r.scenario_id == run.scenario_id)
        {
            Some(slot) => *slot = run,
            None => self.unfinished.push(run),
        }
    }

    pub fn take_unfinished(&mut self, scenario_id: &str) -> Option<SavedRun> {
        let at = self
            .unfinished
            .iter()
            .position(|r| r.scenario_id == scenario_id)?;
        Some(self.unfinished.remove(at))
    }

    /// The number the next completed run will get.
    pub fn next_number(&self) -> u32 {
        self.completed.iter().map(|r| r.number).max().unwrap_or(0) + 1
    }

    /// Records a finished run and clears its scenario's unfinished run.
    /// Returns the run's number.
    pub fn complete(&mut self, report: GapReport, finished_at: u64) -> u32 {
        self.take_unfinished(&report.scenario_id);
        let number = self.next_number();
        self.completed.push(CompletedRun {
            number,
            finished_at,
            report,
        });
        number
    }

    pub fn run(&self, number: u32) -> Option<&CompletedRun> {
        self.completed.iter().find(|r| r.number == number)
    }

    /// The most recently finished run of a scenario.
    pub fn latest(&self, scenario_id: &str) -> Option<&CompletedRun> {
        self.completed
            .iter()
            .filter(|r| r.report.scenario_id == scenario_id)
            .max_by_key(|r| r.number)
    }

    /// Each scenario completed at least once, in the order first completed.
    /// A list, not a set: each set type adds kilobytes of code to the
    /// officer's download, and an officer completes tens of scenarios.
    pub fn completed_ids(&self) -> Vec<&str> {
        let mut ids = Vec::new();
        for run in &self.completed {
            let id = run.report.scenario_id.as_str();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    /// Trims the name and cuts it to `OFFICER_MAX_CHARS`.
    pub fn set_officer(&mut self, officer: &str) {
        self.officer = officer.trim().chars().take(OFFICER_MAX_CHARS).collect();
    }

    /// Each competency over the latest run of every scenario taken, so a
    /// retake replaces the earlier attempt rather than averaging with it.
    pub fn profile(&self, framework: &Framework) -> Vec<ProfileScore> {
        let ids: Vec<String> = self.completed_ids().into_iter().map(String::from).collect();
        self.profile_of(framework, &ids)
    }

    /// The profile over the latest run of each of these scenarios (a package's).
    pub fn profile_of(&self, framework: &Framework, scenario_ids: &[String]) -> Vec<ProfileScore> {
        let latest: Vec<&CompletedRun> = scenario_ids
            .iter()
            .filter_map(|id| self.latest(id))
            .collect();
        framework
            .competencies
            .competencies
            .iter()
            .map(|c| {
                let scores: Vec<_> = latest
                    .iter()
                    .filter_map(|run| run.report.competencies.iter().find(|s| s.id == c.id))
                    .filter(|s| s.best > 0)
                    .collect();
                // Each run is floored on its own, as in its own report.
                let total = scores
                    .iter()
                    .map(|s| s.points())
                    .fold(Points::default(), Points::combine);
                let (earned, best) = (total.earned, total.best);
                let pct = total.percent();
                ProfileScore {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    earned,
                    best,
                    percent: pct,
                    band: pct.map(|p| framework.band(p).to_string()),
                    scenarios: scores.len(),
                }
            })
            .collect()
    }

    /// The record as a file: JSON, as the officer downloads it.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("progress is plain data")
    }

    /// The record as browser storage keeps it (see the module's notes).
    pub fn pack(&self) -> String {
        let mut out = format!("{PACKED} {PROGRESS_FORMAT}\n");
        if !self.officer.is_empty() {
            out.push_str(&format!(
                "officer {}\n",
                base64::encode(self.officer.as_bytes())
            ));
        }
        for run in &self.unfinished {
            out.push_str(&format!("unfinished {}\n", pack_run(run)));
        }
        for run in &self.completed {
            let bytes = encode(run);
            out.push_str(&format!("completed {}\n", base64::encode(&bytes)));
        }
        out
    }

    /// Whether stored text is JSON: a record from before records were packed,
    /// or a downloaded file. Only the files module reads it.
    pub fn is_json(text: &str) -> bool {
        text.trim_start().starts_with(['{', '['])
    }

    /// Reads a file for import, packed or JSON. Unlike reading the
    /// browser's own record, nothing is set aside: a file with any part that
    /// cannot be read is refused whole, with the reasons.
    pub fn import(text: &str) -> Result<Progress, String> {
        let decoded = if Progress::is_json(text) {
            Progress::from_json(text)
        } else {
            Progress::unpack(text)
        };
        if decoded.set_aside.is_empty() {
            return Ok(decoded.progress);
        }
        let reasons: Vec<&str> = decoded
            .set_aside
            .iter()
            .map(|s| s.reason.as_str())
            .collect();
        Err(format!(
            "This file cannot be imported, and nothing has been changed: {}.",
            reasons.join("; ")
        ))
    }

    /// Merges an imported record into this one. Nothing here is lost: a
    /// completed run already here (same scenario content, seed, mode,
    /// choices and finishing time) is not added twice, and an unfinished run
    /// is taken only where this browser has none for that scenario, or has
    /// the same run less far on.
    pub fn merge(&mut self, other: Progress) -> Merged {
        let mut merged = Merged::default();
        if self.officer.is_empty() {
            self.set_officer(&other.officer);
        }
        let mut incoming = other.completed;
        // Oldest first, so runs are numbered in the order they finished.
        // Picked one at a time, not sorted: a sort adds kilobytes to the
        // officer's download, and a record holds tens of runs, not millions.
        while let Some(oldest) =
            (0..incoming.len()).min_by_key(|&i| (incoming[i].finished_at, incoming[i].number))
        {
            let run = incoming.swap_remove(oldest);
            let same = |mine: &CompletedRun| {
                mine.finished_at == run.finished_at
                    && mine.report.scenario_id == run.report.scenario_id
                    && mine.report.content_hash == run.report.content_hash
                    && mine.report.seed == run.report.seed
                    && mine.report.mode == run.report.mode
                    && mine.report.choices == run.report.choices
            };
            if self.completed.iter().any(same) {
                merged.already_here += 1;
            } else {
                let number = self.next_number();
                self.completed.push(CompletedRun { number, ..run });
                merged.added += 1;
            }
        }
        for run in other.unfinished {
            match self.unfinished(&run.scenario_id) {
                None => {
                    self.unfinished.push(run);
                    merged.added += 1;
                }
                Some(mine) if *mine == run => merged.already_here += 1,
                Some(mine)
                    if mine.content_hash == run.content_hash
                        && mine.seed == run.seed
                        && mine.mode == run.mode
                        && mine.start == run.start
                        && run.choices.starts_with(&mine.choices) =>
                {
                    self.save_unfinished(run);
                    merged.added += 1;
                }
                Some(_) => merged.kept_yours.push(run.scenario_id),
            }
        }
        merged
    }

    /// Reads a packed record, keeping every part that can be read. Each
    /// part set aside is kept as a packed record of its own, so it can be
    /// imported again.
    pub fn unpack(text: &str) -> Decoded {
        let whole = |reason: String| Decoded {
            progress: Progress::default(),
            set_aside: vec![SetAside {
                reason,
                data: text.to_string(),
            }],
        };
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let format = header
            .strip_prefix(PACKED)
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|n| n.parse::<u32>().ok());
        match format {
            None => return whole("the saved progress is damaged and cannot be read (it does not start as a progress record)".into()),
            Some(f) if f != PROGRESS_FORMAT => return whole(other_format(f.into())),
            Some(_) => {}
        }
        let mut progress = Progress::default();
        let mut set_aside = Vec::new();
        for line in lines.filter(|line| !line.trim().is_empty()) {
            let aside = |reason: String| SetAside {
                reason,
                data: format!("{header}\n{line}\n"),
            };
            let (kind, data) = line.split_once(' ').unwrap_or((line, ""));
            let data = data.trim_end();
            let bytes = || base64::decode(data);
            match kind {
                "officer" => match bytes().and_then(|b| String::from_utf8(b).ok()) {
                    Some(name) => progress.set_officer(&name),
                    None => {
                        set_aside.push(aside("the saved name or collar number is not text".into()))
                    }
                },
                "unfinished" => match unpack_run(data) {
                    None => set_aside.push(aside(
                        "an unfinished run could not be read (its data is damaged)".into(),
                    )),
                    Some(run) => match progress.unfinished_to_keep(run) {
                        Ok(()) => {}
                        Err(reason) => set_aside.push(aside(reason)),
                    },
                },
                "completed" => {
                    match bytes().and_then(|b| postcard::from_bytes::<CompletedRun>(&b).ok()) {
                        None => set_aside.push(aside(
                            "a completed run could not be read (its data is damaged)".into(),
                        )),
                        Some(run) => match progress.completed_to_keep(run) {
                            Ok(()) => {}
                            Err(reason) => set_aside.push(aside(reason)),
                        },
                    }
                }
                _ => set_aside.push(aside(format!(
                    "the saved progress has an unexpected part `{kind}`"
                ))),
            }
        }
        Decoded {
            progress,
            set_aside,
        }
    }

    /// Keeps an unfinished run read from a record, or says why not.
    fn unfinished_to_keep(&mut self, run: SavedRun) -> Result<(), String> {
        if run.format != SAVED_RUN_FORMAT {
            Err(format!(
                "an unfinished run of `{}` is in run format {}, which this version cannot replay",
                run.scenario_id, run.format
            ))
        } else if self.unfinished(&run.scenario_id).is_some() {
            Err(format!(
                "a second unfinished run of `{}` was found",
                run.scenario_id
            ))
        } else {
            self.unfinished.push(run);
            Ok(())
        }
    }

    /// Keeps a completed run read from a record, or says why not.
    fn completed_to_keep(&mut self, run: CompletedRun) -> Result<(), String> {
        if self.run(run.number).is_some() {
            Err(format!(
                "a second completed run numbered {} was found",
                run.number
            ))
        } else {
            self.completed.push(run);
            Ok(())
        }
    }

    /// Reads a record written as JSON (a file, or what earlier versions
    /// stored), keeping every part that can be read and upgrading format 1.
    pub fn from_json(text: &str) -> Decoded {
        let whole = |reason: String| Decoded {
            progress: Progress::default(),
            set_aside: vec![SetAside {
                reason,
                data: text.to_string(),
            }],
        };
        // Each part is kept as the text it was found as: what cannot be read
        // is set aside exactly as it was, and reading needs no JSON tree.
        let whole_text = match serde_json::from_str::<&RawValue>(text) {
            Ok(raw) => raw,
            Err(error) => {
                return whole(format!(
                    "the saved progress is damaged and cannot be read ({error})"
                ))
            }
        };
        let Ok(mut map) = serde_json::from_str::<BTreeMap<String, &RawValue>>(whole_text.get())
        else {
            return whole("the saved progress is not a progress record".into());
        };
        let mut upgraded = false;
        let format = map
            .remove("format")
            .and_then(|raw| serde_json::from_str::<u64>(raw.get()).ok());
        match format {
            None => {
                return whole(
                    "the saved progress has no format number, so its contents cannot be trusted"
                        .into(),
                )
            }
            // Format 1 stored unfinished runs' content hashes as numbers;
            // `SavedRun` reads those, and the runs become run format 2.
            Some(1) => upgraded = true,
            Some(f) if f != u64::from(PROGRESS_FORMAT) => return whole(other_format(f)),
            Some(_) => {}
        }
        let mut set_aside = Vec::new();
        let officer = match map
            .remove("officer")
            .map(|raw| (raw, serde_json::from_str::<Option<String>>(raw.get())))
        {
            None | Some((_, Ok(None))) => String::new(),
            Some((_, Ok(Some(name)))) => name,
            Some((raw, Err(_))) => {
                set_aside.push(part("the saved name or collar number is not text", raw));
                String::new()
            }
        };
        let mut progress = Progress::default();
        progress.set_officer(&officer);

        for (mut run, raw) in
            items::<SavedRun>(&mut map, "unfinished", "an unfinished run", &mut set_aside)
        {
            if upgraded && run.format == 1 {
                run.format = SAVED_RUN_FORMAT;
            }
            if let Err(reason) = progress.unfinished_to_keep(run) {
                set_aside.push(part(&reason, raw));
            }
        }
        for (run, raw) in
            items::<CompletedRun>(&mut map, "completed", "a completed run", &mut set_aside)
        {
            if let Err(reason) = progress.completed_to_keep(run) {
                set_aside.push(part(&reason, raw));
            }
        }
        for (key, raw) in map {
            set_aside.push(part(
                &format!("the saved progress has an unexpected part `{key}`"),
                raw,
            ));
        }
        Decoded {
            progress,
            set_aside,
        }
    }

    /// A completed run's report as a file: the report and whose it is.
    pub fn report_file(&self, number: u32) -> Option<String> {
        /// What the file holds.
        #[derive(Serialize)]
        struct Export<'a> {
            officer: Option<&'a str>,
            run: u32,
            finished_at: u64,
            report: &'a GapReport,
        }
        let run = self.run(number)?;
        let export = Export {
            officer: (!self.officer.is_empty()).then_some(self.officer.as_str()),
            run: run.number,
            finished_at: run.finished_at,
            report: &run.report,
        };
        Some(serde_json::to_string_pretty(&export).expect("a report is plain data"))
    }
}

/// Why a record in another format is set aside whole.
fn other_format(found: u64) -> String {
    let age = if found < u64::from(PROGRESS_FORMAT) {
        "an older"
    } else {
        "a newer"
    };
    format!("the saved progress is from {age} version of the app (format {found}); this version reads format {PROGRESS_FORMAT}")
}

/// A saved run as a packed record holds it: `SavedRun` without the
/// attributes that let JSON read format 1, which postcard cannot follow.
#[derive(Serialize, Deserialize)]
struct PackedRun {
    format: u32,
    scenario_id: String,
    content_hash: u64,
    seed: u64,
    mode: Mode,
    choices: Vec<Vec<String>>,
    start: Option<String>,
}

/// A saved run in base64 postcard: one line of a packed record, and how the
/// app hands a run to its LMS module.
pub fn pack_run(run: &SavedRun) -> String {
    let packed = PackedRun {
        format: run.format,
        scenario_id: run.scenario_id.clone(),
        content_hash: run.content_hash,
        seed: run.seed,
        mode: run.mode,
        choices: run.choices.clone(),
        start: run.start.clone(),
    };
    base64::encode(&encode(&packed))
}

pub fn unpack_run(text: &str) -> Option<SavedRun> {
    let packed: PackedRun = postcard::from_bytes(&base64::decode(text)?).ok()?;
    Some(SavedRun {
        format: packed.format,
        scenario_id: packed.scenario_id,
        content_hash: packed.content_hash,
        seed: packed.seed,
        mode: packed.mode,
        choices: packed.choices,
        start: packed.start,
    })
}

/// A saved run as a file (JSON), for an officer to keep when it can be
/// neither resumed nor kept aside.
pub fn run_file(run: &SavedRun) -> String {
    serde_json::to_string_pretty(run).expect("a saved run is plain data")
}

/// A saved run's content hash as stored: hex text, or (format 1) a number.
pub fn stored_hash<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct StoredHash;
    impl Visitor<'_> for StoredHash {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a content hash")
        }
        fn visit_u64<E: de::Error>(self, hash: u64) -> Result<u64, E> {
            Ok(hash)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<u64, E> {
            u64::from_str_radix(text, 16)
                .ok()
                .filter(|_| text.len() == 16)
                .ok_or_else(|| E::custom(format!("`{text}` is not a content hash")))
        }
    }
    deserializer.deserialize_any(StoredHash)
}

fn part(reason: &str, raw: &RawValue) -> SetAside {
    SetAside {
        reason: reason.to_string(),
        data: raw.get().to_string(),
    }
}

/// Reads the list at `key` one item at a time, setting aside each item (or
/// the whole value, when it is not a list) that does not read.
fn items<'a, T: DeserializeOwned>(
    map: &mut BTreeMap<String, &'a RawValue>,
    key: &str,
    what: &str,
    set_aside: &mut Vec<SetAside>,
) -> Vec<(T, &'a RawValue)> {
    let Some(raw) = map.remove(key) else {
        return Vec::new();
    };
    match serde_json::from_str::<Option<Vec<&RawValue>>>(raw.get()) {
        Ok(None) => Vec::new(),
        Ok(Some(values)) => values
            .into_iter()
            .filter_map(|value| match serde_json::from_str::<T>(value.get()) {
                Ok(item) => Some((item, value)),
                Err(error) => {
                    set_aside.push(part(&format!("{what} could not be read ({error})"), value));
                    None
                }
            })
            .collect(),
        Err(_) => {
            set_aside.push(part(&format!("the list of {key} runs is not a list"), raw));
            Vec::new()
        }
    }
}

/// How set-aside data is stored: the reason and the data, exactly as found.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AsideRecord {
    pub reason: String,
    /// Milliseconds since 1970-01-01 UTC.
    pub found_at: u64,
    pub data: String,
}

impl AsideRecord {
    pub fn new(set_aside: SetAside, found_at: u64) -> AsideRecord {
        AsideRecord {
            reason: set_aside.reason,
            found_at,
            data: set_aside.data,
        }
    }

    /// As storage keeps it: a header line, when it was found, the reason
    /// (one line), then the data exactly as found.
    pub fn pack(&self) -> String {
        format!(
            "{PACKED_ASIDE}\n{}\n{}\n{}",
            self.found_at,
            self.reason.replace('\n', " "),
            self.data
        )
    }

    /// Reads a stored set-aside record; one that was itself altered (or
    /// kept as JSON by an earlier version, if the files module could not
    /// upgrade it) is shown as it stands rather than hidden.
    pub fn unpack(text: &str) -> AsideRecord {
        let read = || {
            let rest = text.strip_prefix(PACKED_ASIDE)?.strip_prefix('\n')?;
            let (found_at, rest) = rest.split_once('\n')?;
            let (reason, data) = rest.split_once('\n')?;
            Some(AsideRecord {
                reason: reason.to_string(),
                found_at: found_at.parse().ok()?,
                data: data.to_string(),
            })
        };
        read().unwrap_or_else(|| AsideRecord::unreadable(text))
    }

    /// Reads a set-aside record as earlier versions stored it (JSON).
    pub fn from_json(text: &str) -> AsideRecord {
        serde_json::from_str(text).unwrap_or_else(|_| AsideRecord::unreadable(text))
    }

    fn unreadable(text: &str) -> AsideRecord {
        AsideRecord {
            reason: "kept aside earlier; its note could not be read".into(),
            found_at: 0,
            data: text.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::SourceFile;
    use crate::core::engine::{Mode, Session};
    use crate::core::model::hash_hex;
    use crate::core::model::Scenario;
    use crate::core::validate::load;
    use serde_json::Value;
    use std::rc::Rc;

    fn scenario(id: &str) -> Rc<Scenario> {
        let path = format!("{}/scenarios/{id}.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the scenario file exists");
        let loaded = load(&SourceFile::new(path, text), &Framework::bundled());
        Rc::new(loaded.scenario.expect("the scenario file is valid"))
    }

    /// Plays a scenario to its end, always taking the first option offered
    /// (every option at a multiple decision).
    fn finished(id: &str, seed: u64, mode: Mode) -> GapReport {
        let framework = Framework::bundled();
        let mut session = Session::new(scenario(id), &framework.settings, seed, mode);
        while !session.is_finished() {
            let offered: Vec<String> = session.offered().iter().map(|o| o.id.clone()).collect();
            let pick = match session.view().body {
                crate::core::engine::BodyView::Decision {
                    kind: crate::core::model::DecisionKind::Multiple,
                    ..
                } => offered,
                _ => offered.into_iter().take(1).collect(),
            };
            session
                .choose(&pick)
                .expect("an offered option is accepted");
        }
        GapReport::build(&session, &framework)
    }

    fn sample() -> Progress {
        let framework = Framework::bundled();
        let mut session = Session::new(
            scenario("after-the-break-up"),
            &framework.settings,
            7,
            Mode::Training,
        );
        let first = session.offered()[0].id.clone();
        session.choose(&[first]).unwrap();
        let mut progress = Progress::default();
        progress.set_officer("  PC 4127 Shah  ");
        progress.save_unfinished(session.saved());
        progress.complete(
            finished("over-the-fence", 3, Mode::Assessment),
            1_700_000_000_000,
        );
        progress
    }

    #[test]
    #[ignore = "writes the pinned record; run once per new format"]
    fn write_pinned_record() {
        let progress = sample();
        std::fs::create_dir_all(PINNED).unwrap();
        std::fs::write(format!("{PINNED}format-2.packed"), progress.pack()).unwrap();
        std::fs::write(format!("{PINNED}format-2.json"), progress.to_json()).unwrap();
    }

    #[test]
    fn a_record_survives_packing_and_json() {
        let progress = sample();
        assert_eq!(progress.officer, "PC 4127 Shah");
        for decoded in [
            Progress::unpack(&progress.pack()),
            Progress::from_json(&progress.to_json()),
        ] {
            assert_eq!(decoded.set_aside, Vec::new());
            assert_eq!(decoded.progress, progress);
        }
        assert!(!Progress::is_json(&progress.pack()));
        assert!(Progress::is_json(&progress.to_json()));
        let empty = Progress::default();
        assert_eq!(empty.pack(), "course-of-conduct progress 2\n");
        assert_eq!(Progress::unpack(&empty.pack()).progress, empty);
    }

    const PINNED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/progress/");

    /// A record packed by this format, beside the same record as JSON. If
    /// this fails, a type a packed record holds has changed: postcard would
    /// misread every record officers have stored. Make a new format with
    /// its upgrade (see `PROGRESS_FORMAT`), and keep these files to test it.
    #[test]
    fn the_packed_form_is_pinned() {
        let packed = std::fs::read_to_string(format!("{PINNED}format-2.packed")).unwrap();
        let json = std::fs::read_to_string(format!("{PINNED}format-2.json")).unwrap();
        let from_json = Progress::from_json(&json);
        assert_eq!(from_json.set_aside, Vec::new());
        let unpacked = Progress::unpack(&packed);
        assert_eq!(
            unpacked.set_aside,
            Vec::new(),
            "the pinned record no longer unpacks"
        );
        assert_eq!(unpacked.progress, from_json.progress);
        assert_eq!(from_json.progress.pack(), packed);
        assert_eq!(from_json.progress.completed.len(), 1);
        assert_eq!(from_json.progress.unfinished.len(), 1);
    }

    #[test]
    fn completing_a_run_clears_its_unfinished_run_and_numbers_it() {
        let mut progress = sample();
        let report = finished("after-the-break-up", 7, Mode::Training);
        assert!(progress.unfinished("after-the-break-up").is_some());
        assert_eq!(progress.complete(report, 1), 2);
        assert!(progress.unfinished("after-the-break-up").is_none());
        assert_eq!(
            progress.latest("after-the-break-up").map(|r| r.number),
            Some(2)
        );
    }

    #[test]
    fn saving_an_unfinished_run_replaces_the_scenarios_previous_one() {
        let mut progress = sample();
        let mut run = progress.unfinished[0].clone();
        run.seed = 99;
        progress.save_unfinished(run);
        assert_eq!(progress.unfinished.len(), 1);
        assert_eq!(progress.unfinished[0].seed, 99);
    }

    /// A record as the first version of the app wrote it: the unfinished
    /// run's content hash as a 64-bit number.
    fn format_1(progress: &Progress) -> String {
        let mut value: Value = serde_json::from_str(&progress.to_json()).unwrap();
        value["format"] = serde_json::json!(1);
        for run in value["unfinished"].as_array_mut().unwrap() {
            let hash = u64::from_str_radix(run["content_hash"].as_str().unwrap(), 16).unwrap();
            run["content_hash"] = serde_json::json!(hash);
            run["format"] = serde_json::json!(1);
        }
        serde_json::to_string_pretty(&value).unwrap()
    }

    #[test]
    fn a_format_1_record_upgrades_losing_no_run_and_its_runs_still_resume() {
        let progress = sample();
        let old = format_1(&progress);
        assert!(old.contains(&format!(
            "\"content_hash\": {}",
            progress.unfinished[0].content_hash
        )));
        let decoded = Progress::from_json(&old);
        assert_eq!(decoded.set_aside, Vec::new());
        assert_eq!(decoded.progress, progress, "every run kept, exactly");
        assert_eq!(
            Progress::unpack(&decoded.progress.pack()).progress,
            progress,
            "and packed for storage"
        );
        let stored = decoded.progress.to_json();
        assert!(stored.contains(&format!(
            "\"content_hash\": \"{}\"",
            hash_hex(progress.unfinished[0].content_hash)
        )));
        assert!(stored.contains("\"format\": 2"));
        let framework = Framework::bundled();
        let run = &decoded.progress.unfinished[0];
        let resumed = Session::resume(scenario(&run.scenario_id), &framework.settings, run)
            .expect("the upgraded run resumes");
        assert_eq!(resumed.saved(), *run);
    }

    #[test]
    fn damaged_text_is_set_aside_whole_and_the_app_starts_empty() {
        let json = "{\"format\":2,\"officer\":\"PC";
        let packed = "course-of-conduc";
        for (text, decoded) in [
            (json, Progress::from_json(json)),
            (packed, Progress::unpack(packed)),
        ] {
            assert_eq!(decoded.progress, Progress::default());
            assert_eq!(decoded.set_aside.len(), 1);
            assert_eq!(decoded.set_aside[0].data, text);
            assert!(
                decoded.set_aside[0].reason.contains("damaged"),
                "{}",
                decoded.set_aside[0].reason
            );
        }
    }

    #[test]
    fn other_formats_are_set_aside_whole_with_the_reason() {
        for (text, word) in [
            ("{\"format\":0,\"runs\":[]}", "older"),
            ("{\"format\":3,\"officer\":\"x\"}", "newer"),
            ("{\"officer\":\"x\"}", "no format"),
            ("[1,2,3]", "not a progress record"),
            ("course-of-conduct progress 1\n", "older"),
            ("course-of-conduct progress 3\nofficer eA==\n", "newer"),
        ] {
            let decoded = if Progress::is_json(text) {
                Progress::from_json(text)
            } else {
                Progress::unpack(text)
            };
            assert_eq!(decoded.progress, Progress::default(), "{text}");
            assert_eq!(decoded.set_aside[0].data, text);
            assert!(
                decoded.set_aside[0].reason.contains(word),
                "{text}: {}",
                decoded.set_aside[0].reason
            );
        }
    }

    #[test]
    fn one_bad_run_is_set_aside_and_the_rest_is_kept() {
        let progress = sample();
        let mut value: Value = serde_json::from_str(&progress.to_json()).unwrap();
        value["completed"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"number": "two"}));
        value["unfinished"][0]["format"] = serde_json::json!(9);
        value["extra"] = serde_json::json!(true);
        let decoded = Progress::from_json(&value.to_string());
        assert_eq!(decoded.progress.completed, progress.completed);
        assert_eq!(decoded.progress.officer, progress.officer);
        assert!(decoded.progress.unfinished.is_empty());
        let reasons: Vec<&str> = decoded
            .set_aside
            .iter()
            .map(|s| s.reason.as_str())
            .collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons[0].contains("run format 9"));
        assert!(reasons[1].starts_with("a completed run could not be read"));
        assert!(reasons[2].contains("`extra`"));
        // What was set aside is the data itself, readable as JSON.
        let kept: Value = serde_json::from_str(&decoded.set_aside[1].data).unwrap();
        assert_eq!(kept, serde_json::json!({"number": "two"}));
    }

    #[test]
    fn one_bad_packed_part_is_set_aside_as_a_record_of_its_own() {
        let progress = sample();
        let mut odd = progress.unfinished[0].clone();
        odd.format = 9;
        let text = format!(
            "{}completed AAAA\nunfinished {}\nunfinished !!\nextra eA==\n",
            progress.pack(),
            pack_run(&odd)
        );
        let decoded = Progress::unpack(&text);
        assert_eq!(decoded.progress, progress, "every good part kept");
        let reasons: Vec<&str> = decoded
            .set_aside
            .iter()
            .map(|s| s.reason.as_str())
            .collect();
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert!(reasons[0].starts_with("a completed run could not be read"));
        assert!(reasons[1].contains("run format 9"));
        assert!(reasons[2].starts_with("an unfinished run could not be read"));
        assert!(reasons[3].contains("`extra`"));
        // The unreplayable run is a record of its own: it imports once the
        // app can replay it.
        let kept = &decoded.set_aside[1].data;
        assert_eq!(
            *kept,
            format!(
                "course-of-conduct progress 2\nunfinished {}\n",
                pack_run(&odd)
            )
        );
        let error = Progress::import(kept).unwrap_err();
        assert!(error.contains("run format 9"), "{error}");
    }

    #[test]
    fn set_aside_records_round_trip_and_altered_ones_still_show_their_text() {
        let record = AsideRecord::new(
            SetAside {
                reason: "r".into(),
                data: "{oops".into(),
            },
            5,
        );
        assert_eq!(AsideRecord::unpack(&record.pack()), record);
        let multiline = AsideRecord {
            data: "a\nb\n".into(),
            ..record.clone()
        };
        assert_eq!(AsideRecord::unpack(&multiline.pack()), multiline);
        let altered = AsideRecord::unpack("not packed");
        assert_eq!(altered.data, "not packed");
        // As earlier versions stored it.
        let old = r#"{"reason":"r","found_at":5,"data":"{oops"}"#;
        assert_eq!(AsideRecord::from_json(old), record);
        assert_eq!(AsideRecord::unpack(old).data, old, "shown as it stands");
    }

    #[test]
    fn the_profile_combines_the_latest_run_of_each_scenario() {
        let framework = Framework::bundled();
        let mut progress = Progress::default();
        let first = finished("after-the-break-up", 1, Mode::Training);
        let retake = finished("after-the-break-up", 2, Mode::Training);
        let other = finished("the-tracker", 1, Mode::Training);
        progress.complete(first, 1);
        progress.complete(retake.clone(), 2);
        progress.complete(other.clone(), 3);
        for score in progress.profile(&framework) {
            let parts: Vec<_> = [&retake, &other]
                .iter()
                .filter_map(|r| r.competencies.iter().find(|c| c.id == score.id))
                .filter(|c| c.best > 0)
                .collect();
            let earned: i32 = parts.iter().map(|c| c.earned.clamp(0, c.best)).sum();
            let best: i32 = parts.iter().map(|c| c.best).sum();
            assert_eq!((score.earned, score.best), (earned, best), "{}", score.id);
            assert_eq!(score.percent, Points { earned, best }.percent());
            assert_eq!(score.scenarios, parts.len());
        }
    }

    #[test]
    fn an_import_merges_without_duplicating_and_keeps_what_is_here() {
        let mut here = Progress::default();
        let shared = finished("after-the-break-up", 1, Mode::Training);
        here.complete(shared.clone(), 10);
        let mut session = Session::new(
            scenario("the-tracker"),
            &Framework::bundled().settings,
            3,
            Mode::Training,
        );
        let first = session.offered()[0].id.clone();
        session.choose(&[first]).unwrap();
        here.save_unfinished(session.saved());

        let mut file = Progress::default();
        file.set_officer("PC 4127");
        file.complete(shared, 10);
        file.complete(finished("after-the-break-up", 2, Mode::Assessment), 20);
        let mut elsewhere = finished("after-the-break-up", 3, Mode::Training);
        elsewhere.scenario_id = "not-on-this-site".into();
        file.complete(elsewhere, 30);
        // A different unfinished run of the same scenario: this browser's is kept.
        file.save_unfinished(SavedRun {
            seed: 4,
            ..session.saved()
        });

        let text = file.to_json();
        assert_eq!(Progress::import(&file.pack()), Ok(file.clone()));
        let merged = here.merge(Progress::import(&text).unwrap());
        assert_eq!(merged.added, 2);
        assert_eq!(merged.already_here, 1);
        assert_eq!(merged.kept_yours, ["the-tracker"]);
        assert_eq!(here.completed.len(), 3);
        assert_eq!(
            here.completed.iter().map(|r| r.number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(here.unfinished, vec![session.saved()]);
        assert_eq!(here.officer, "PC 4127");
        assert!(here
            .completed
            .iter()
            .any(|r| r.report.scenario_id == "not-on-this-site"));
        // Importing the same file again adds nothing.
        let again = here.merge(Progress::import(&text).unwrap());
        assert_eq!((again.added, again.already_here), (0, 3));
    }

    #[test]
    fn a_damaged_import_is_refused_whole() {
        let error =
            Progress::import("{\"format\":2,\"completed\":[{\"number\":\"x\"}]}").unwrap_err();
        assert!(error.contains("nothing has been changed"), "{error}");
        assert!(
            error.contains("a completed run could not be read"),
            "{error}"
        );
        assert!(Progress::import("not json")
            .unwrap_err()
            .contains("damaged"));
        let error = Progress::import("course-of-conduct progress 2\ncompleted AAAA\n").unwrap_err();
        assert!(
            error.contains("a completed run could not be read"),
            "{error}"
        );
    }

    #[test]
    fn a_run_handed_on_packed_comes_back_whole() {
        let mut run = sample().unfinished[0].clone();
        assert_eq!(unpack_run(&pack_run(&run)), Some(run.clone()));
        run.start = Some("a-scene".into());
        assert_eq!(unpack_run(&pack_run(&run)), Some(run));
        assert_eq!(unpack_run("AAAA"), None);
        assert_eq!(unpack_run("not base64"), None);
    }

    #[test]
    fn a_report_file_names_its_officer_and_run() {
        let progress = sample();
        let file: Value = serde_json::from_str(&progress.report_file(1).unwrap()).unwrap();
        assert_eq!(file["officer"], "PC 4127 Shah");
        assert_eq!(file["run"], 1);
        assert_eq!(file["report"]["scenario_id"], "over-the-fence");
        assert_eq!(progress.report_file(2), None);
        let run: Value = serde_json::from_str(&run_file(&progress.unfinished[0])).unwrap();
        assert_eq!(run["content_hash"].as_str().map(str::len), Some(16));
    }

    #[test]
    fn names_are_trimmed_and_capped() {
        let mut progress = Progress::default();
        progress.set_officer(&"x".repeat(100));
        assert_eq!(progress.officer.chars().count(), OFFICER_MAX_CHARS);
    }
}
