//! Browser storage, at the edge. Every failure is returned, never swallowed:
//! a full quota and a browser that refuses storage are both reported to
//! the officer.
//!
//! Keys live in a scope: the app's own (`course-of-conduct.`), or, inside
//! an LMS, the LMS learner's (`course-of-conduct.lms.<learner>.`), so one
//! learner never sees another's records. On a shared computer the scope is
//! kept in session storage, which the browser empties when it closes.
//! The checker's answers that `modules.js` keeps are in no scope (they hold
//! nothing of an officer's) and give way when the quota is full.

use std::cell::RefCell;
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomException, Storage};

/// The start of every key the app stores.
pub const PREFIX: &str = "course-of-conduct.";
/// The officer's progress record (see `core::progress`), in the scope.
pub const PROGRESS: &str = "progress";
/// Data that could not be read is kept under keys starting with this.
pub const ASIDE: &str = "set-aside.";
/// Results waiting to reach the force's records (see `core::lms::outbox`).
pub const OUTBOX: &str = "outbox";
/// Whether this is a shared computer: `shared` in session storage, `own` in local storage.
const COMPUTER: &str = "course-of-conduct.computer";
/// LMS learners' scopes start with this.
pub const LMS_PREFIX: &str = "course-of-conduct.lms.";

struct Scope {
    prefix: String,
    session_only: bool,
}

thread_local! {
    static SCOPE: RefCell<Scope> = RefCell::new(Scope {
        prefix: PREFIX.to_string(),
        session_only: false,
    });
}

/// The full key for a name in the current scope.
pub fn key(name: &str) -> String {
    SCOPE.with(|s| format!("{}{name}", s.borrow().prefix))
}

/// Stores under an LMS learner's own keys from now on.
pub fn use_learner_scope(learner: &str) {
    SCOPE.with(|s| s.borrow_mut().prefix = format!("{LMS_PREFIX}{learner}."));
}

/// Whether the officer said this is a shared computer: `Some(true)` keeps
/// everything in session storage from now on.
pub fn shared_computer() -> Option<bool> {
    let said = |area: Option<Storage>| area.and_then(|s| s.get_item(COMPUTER).ok().flatten());
    let window = web_sys::window()?;
    if said(window.session_storage().ok().flatten()).as_deref() == Some("shared") {
        return Some(true);
    }
    (said(window.local_storage().ok().flatten()).as_deref() == Some("own")).then_some(false)
}

/// Follows the officer's answer: on a shared computer, storage for this
/// browser session only (anything already in local storage is moved there).
pub fn apply_computer_choice() {
    let shared = shared_computer() == Some(true);
    SCOPE.with(|s| s.borrow_mut().session_only = shared);
}

pub fn choose_computer(shared: bool) -> Result<(), StoreError> {
    let window = web_sys::window().ok_or(StoreError::Unavailable)?;
    let area = |session: bool| {
        if session {
            window.session_storage()
        } else {
            window.local_storage()
        }
        .ok()
        .flatten()
        .ok_or(StoreError::Unavailable)
    };
    if shared {
        let session = area(true)?;
        session.set_item(COMPUTER, "shared").map_err(error)?;
        // What this first visit has stored so far goes with it.
        if let Ok(local) = area(false) {
            for key in keys_in(&local, PREFIX)? {
                if key.starts_with(LMS_PREFIX) {
                    continue;
                }
                if let Ok(Some(value)) = local.get_item(&key) {
                    session.set_item(&key, &value).map_err(error)?;
                    local.remove_item(&key).map_err(error)?;
                }
            }
        }
    } else {
        area(false)?.set_item(COMPUTER, "own").map_err(error)?;
    }
    apply_computer_choice();
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refuses storage (blocked, private mode, or no support).
    Unavailable,
    /// The storage quota is full.
    Full,
    Other(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable => {
                write!(f, "this browser is not letting the app store anything")
            }
            StoreError::Full => write!(f, "this browser's storage for the app is full"),
            StoreError::Other(message) => write!(f, "the browser refused to store it ({message})"),
        }
    }
}

fn storage() -> Result<Storage, StoreError> {
    let session_only = SCOPE.with(|s| s.borrow().session_only);
    // Reading `localStorage` itself throws when storage is blocked.
    let area = web_sys::window().map(|w| {
        if session_only {
            w.session_storage()
        } else {
            w.local_storage()
        }
    });
    match area {
        Some(Ok(Some(storage))) => Ok(storage),
        _ => Err(StoreError::Unavailable),
    }
}

fn error(value: JsValue) -> StoreError {
    match value.dyn_into::<DomException>() {
        // Browsers name it differently; Firefox also uses the legacy name.
        Ok(e) if e.name() == "QuotaExceededError" || e.name() == "NS_ERROR_DOM_QUOTA_REACHED" => {
            StoreError::Full
        }
        Ok(e) if e.name() == "SecurityError" => StoreError::Unavailable,
        Ok(e) => StoreError::Other(e.message()),
        Err(other) => {
            StoreError::Other(other.as_string().unwrap_or_else(|| "unknown error".into()))
        }
    }
}

pub fn read(key: &str) -> Result<Option<String>, StoreError> {
    storage()?.get_item(key).map_err(error)
}

pub fn write(key: &str, value: &str) -> Result<(), StoreError> {
    let storage = storage()?;
    match storage.set_item(key, value).map_err(error) {
        // The officer's records come first: the checker's kept answers
        // (copies of the server's files, checked) make room for them.
        Err(StoreError::Full) => {
            crate::app::checker::forget();
            storage.set_item(key, value).map_err(error)
        }
        written => written,
    }
}

pub fn remove(key: &str) -> Result<(), StoreError> {
    storage()?.remove_item(key).map_err(error)
}

fn keys_in(storage: &Storage, prefix: &str) -> Result<Vec<String>, StoreError> {
    let count = storage.length().map_err(error)?;
    // Sorted by a set the app already has code for, rather than a sort of
    // its own, which would add kilobytes to the officer's download.
    let mut keys = std::collections::BTreeSet::new();
    keys.extend(
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix)),
    );
    Ok(keys.into_iter().collect())
}

/// Every stored key that starts with `prefix`, sorted.
pub fn keys(prefix: &str) -> Result<Vec<String>, StoreError> {
    keys_in(&storage()?, prefix)
}

/// "Clear my data from this browser": every key of the scope, in local and
/// session storage, including data kept aside and results still waiting.
/// Outside an LMS that is everything the app and the workshop stored, apart
/// from LMS learners' own scopes; the shared-computer answer goes too.
pub fn clear_scope() -> Result<(), StoreError> {
    let window = web_sys::window().ok_or(StoreError::Unavailable)?;
    let prefix = SCOPE.with(|s| s.borrow().prefix.clone());
    let learner = prefix.starts_with(LMS_PREFIX);
    for area in [window.local_storage(), window.session_storage()] {
        let Ok(Some(area)) = area else { continue };
        for key in keys_in(&area, &prefix)? {
            if learner || !key.starts_with(LMS_PREFIX) {
                area.remove_item(&key).map_err(error)?;
            }
        }
    }
    Ok(())
}
