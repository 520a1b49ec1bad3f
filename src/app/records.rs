//! The officer's records as the app holds them: the core's `Progress`, plus
//! whether the browser could store it and what was set aside. The reducer
//! stays pure; reading and writing storage happen in `upgrade` (before the
//! app draws), `open`, `persist`, `keep_aside` and `forget`, called from
//! the edges of the views. Storage holds the record packed.

use crate::app::files;
use crate::app::storage::{self, StoreError, ASIDE, PROGRESS};
use crate::core::engine::SavedRun;
use crate::core::progress::{AsideRecord, Progress, SetAside};
use crate::core::report::GapReport;
use crate::core::text::capitalise;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Failed(StoreError),
    /// Stored progress could not be read and could not be kept aside either,
    /// so nothing is written over it during this visit.
    Held,
}

/// Data kept aside: in storage under `key`, or only in memory when the
/// browser would not store it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsideEntry {
    pub key: Option<String>,
    pub record: AsideRecord,
}

/// Something the officer must be told, shown until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub heading: String,
    pub lines: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Records {
    pub progress: Progress,
    /// Bumped by every change that needs storing.
    pub revision: u64,
    pub save: SaveState,
    pub set_aside: Vec<AsideEntry>,
    pub notices: Vec<Notice>,
}

pub enum RecordsAction {
    SaveUnfinished(SavedRun),
    Complete {
        report: Box<GapReport>,
        finished_at: u64,
    },
    /// An unfinished run that could not be resumed has been kept aside.
    RunSetAside {
        scenario_id: String,
        entry: AsideEntry,
        notice: Notice,
    },
    Officer(String),
    Stored(Result<(), StoreError>),
    /// The officer deleted set-aside data (already removed from storage).
    Forgotten(String),
    /// Runs from elsewhere (an imported file, or the LMS's resume data),
    /// merged into the record by `Progress::merge`.
    Merge(Box<Progress>),
    /// The officer cleared their data from this browser (already removed
    /// from storage): nothing is written until they do something new.
    Cleared,
    Dismiss,
}

impl Reducible for Records {
    type Action = RecordsAction;

    fn reduce(self: Rc<Self>, action: RecordsAction) -> Rc<Self> {
        let changed = |next: Records| {
            Rc::new(Records {
                revision: next.revision + 1,
                ..next
            })
        };
        match action {
            RecordsAction::SaveUnfinished(run) => {
                if self.progress.unfinished(&run.scenario_id) == Some(&run) {
                    return self;
                }
                let mut next = Rc::unwrap_or_clone(self);
                next.progress.save_unfinished(run);
                changed(next)
            }
            RecordsAction::Complete {
                report,
                finished_at,
            } => {
                let mut next = Rc::unwrap_or_clone(self);
                next.progress.complete(*report, finished_at);
                changed(next)
            }
            RecordsAction::RunSetAside {
                scenario_id,
                entry,
                notice,
            } => {
                let mut next = Rc::unwrap_or_clone(self);
                next.progress.take_unfinished(&scenario_id);
                next.set_aside.push(entry);
                next.notices.push(notice);
                changed(next)
            }
            RecordsAction::Officer(name) => {
                let mut progress = self.progress.clone();
                progress.set_officer(&name);
                if progress.officer == self.progress.officer {
                    return self;
                }
                let mut next = Rc::unwrap_or_clone(self);
                next.progress = progress;
                changed(next)
            }
            RecordsAction::Stored(result) => {
                let save = match result {
                    Ok(()) => SaveState::Saved,
                    Err(error) => SaveState::Failed(error),
                };
                if self.save == save || self.save == SaveState::Held {
                    return self;
                }
                let mut next = Rc::unwrap_or_clone(self);
                next.save = save;
                Rc::new(next)
            }
            RecordsAction::Forgotten(key) => {
                let mut next = Rc::unwrap_or_clone(self);
                next.set_aside
                    .retain(|e| e.key.as_deref() != Some(key.as_str()));
                Rc::new(next)
            }
            RecordsAction::Merge(other) => {
                let mut next = Rc::unwrap_or_clone(self);
                next.progress.merge(*other);
                changed(next)
            }
            RecordsAction::Cleared => Rc::new(Records {
                progress: Progress::default(),
                revision: self.revision,
                save: SaveState::Saved,
                set_aside: Vec::new(),
                notices: Vec::new(),
            }),
            RecordsAction::Dismiss => {
                if self.notices.is_empty() {
                    return self;
                }
                let mut next = Rc::unwrap_or_clone(self);
                next.notices.clear();
                Rc::new(next)
            }
        }
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A record stored as JSON, as `upgrade` read it: packed, with the parts
/// set aside; or why it could not be read.
type Upgraded = Result<(String, Vec<SetAside>), String>;

thread_local! {
    static UPGRADED: RefCell<Option<Upgraded>> = const { RefCell::new(None) };
}

/// Before the records are opened: reads what an earlier version stored as
/// JSON with the files module, imported only then. Set-aside data is packed
/// in place (one that stays JSON still shows, as it stands); the progress
/// record is handed to `open`, which stores it as any other record it reads.
pub async fn upgrade() {
    for key in storage::keys(&storage::key(ASIDE)).unwrap_or_default() {
        if let Ok(Some(text)) = storage::read(&key) {
            if Progress::is_json(&text) {
                match files::upgrade_aside(&text).await {
                    Ok(packed) => {
                        let _ = storage::write(&key, &packed);
                    }
                    // The module could not be loaded: no use asking again.
                    Err(_) => break,
                }
            }
        }
    }
    let Ok(Some(text)) = storage::read(&storage::key(PROGRESS)) else {
        return;
    };
    if Progress::is_json(&text) {
        let upgraded = files::upgrade(&text).await.map(|(packed, parts)| {
            let parts = parts
                .into_iter()
                .map(|(reason, data)| SetAside { reason, data });
            (packed, parts.collect())
        });
        UPGRADED.with(|u| *u.borrow_mut() = Some(upgraded));
    }
}

/// Reads the stored records at start-up. Whatever cannot be read is kept
/// aside under its own key before anything is written over it.
pub fn open(now: u64) -> Records {
    let mut records = Records {
        progress: Progress::default(),
        revision: 0,
        save: SaveState::Saved,
        set_aside: Vec::new(),
        notices: Vec::new(),
    };
    match storage::keys(&storage::key(ASIDE)) {
        Ok(keys) => {
            for key in keys {
                if let Ok(Some(text)) = storage::read(&key) {
                    records.set_aside.push(AsideEntry {
                        key: Some(key),
                        record: AsideRecord::unpack(&text),
                    });
                }
            }
        }
        Err(error) => {
            records.save = SaveState::Failed(error);
            return records;
        }
    }
    let text = match storage::read(&storage::key(PROGRESS)) {
        Ok(Some(text)) => text,
        Ok(None) => return records,
        Err(error) => {
            records.save = SaveState::Failed(error);
            return records;
        }
    };
    let decoded = if Progress::is_json(&text) {
        match UPGRADED.with(|u| u.borrow_mut().take()) {
            Some(Ok((packed, parts))) => {
                // Stored packed once what is set aside is safe, below.
                records.revision = 1;
                let mut decoded = Progress::unpack(&packed);
                decoded.set_aside.extend(parts);
                decoded
            }
            failed => return not_upgraded(records, failed.and_then(Result::err)),
        }
    } else {
        Progress::unpack(&text)
    };
    records.progress = decoded.progress;
    if decoded.set_aside.is_empty() {
        return records;
    }
    let mut lines: Vec<String> = decoded
        .set_aside
        .iter()
        .map(|s| format!("{}.", capitalise(&s.reason)))
        .collect();
    let mut kept_all = true;
    let parts = decoded.set_aside.len();
    for (i, part) in decoded.set_aside.into_iter().enumerate() {
        let record = AsideRecord::new(part, now);
        let key = format!("{}{now}-{i}", storage::key(ASIDE));
        let stored = storage::write(&key, &record.pack()).is_ok();
        kept_all &= stored;
        records.set_aside.push(AsideEntry {
            key: stored.then_some(key),
            record,
        });
    }
    if kept_all {
        // Write back the record without the unreadable parts, now they are safe.
        records.revision = 1;
        lines.push(format!(
            "The app has kept {} aside in this browser and carried on with everything else. You can download it from Your record.",
            count(parts, "part", "parts")
        ));
    } else {
        records.save = SaveState::Held;
        lines.push(
            "There was no room to keep it aside, so the app is leaving your stored progress exactly as it was and will not save anything during this visit. Download it from Your record, make some room, then reload the page."
                .into(),
        );
    }
    records.notices.push(Notice {
        heading: "Some of your saved progress could not be read".into(),
        lines,
    });
    records
}

/// A record stored as JSON that `upgrade` could not read: it stays exactly
/// as it is, and the officer is told why.
fn not_upgraded(mut records: Records, why: Option<String>) -> Records {
    records.save = SaveState::Held;
    records.notices.push(Notice {
        heading: "Your saved progress could not be opened on this visit".into(),
        lines: vec![
            format!(
                "It was saved by an earlier version of the app, and bringing it up to date failed, because {}.",
                why.as_deref().unwrap_or("it could not be read")
            ),
            "It is left exactly as it was, and nothing will be saved over it during this visit. Reload the page to try again.".into(),
        ],
    });
    records
}

/// Writes the progress after a change; `None` when there is nothing to write.
pub fn persist(records: &Records) -> Option<Result<(), StoreError>> {
    (records.revision > 0 && records.save != SaveState::Held)
        .then(|| storage::write(&storage::key(PROGRESS), &records.progress.pack()))
}

/// Keeps something aside in storage before it is taken out of the progress.
pub fn keep_aside(part: SetAside, now: u64) -> Result<AsideEntry, StoreError> {
    let record = AsideRecord::new(part, now);
    let key = format!("{}{now}-run", storage::key(ASIDE));
    storage::write(&key, &record.pack())?;
    Ok(AsideEntry {
        key: Some(key),
        record,
    })
}

/// Deletes set-aside data the officer has chosen to delete.
pub fn forget(key: &str) -> Result<(), StoreError> {
    storage::remove(key)
}

pub type RecordsHandle = UseReducerHandle<Records>;
