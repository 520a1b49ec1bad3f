//! localStorage, at the edge. Every failure is returned, never swallowed:
//! a full quota and a browser that refuses storage are both reported to
//! the officer.

use std::fmt;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomException, Storage};

/// The officer's progress record (see `core::progress`).
pub const PROGRESS_KEY: &str = "course-of-conduct.progress";
/// Data that could not be read is kept under keys starting with this.
pub const ASIDE_PREFIX: &str = "course-of-conduct.set-aside.";

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
    // Reading `localStorage` itself throws when storage is blocked.
    match web_sys::window().map(|w| w.local_storage()) {
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
    storage()?.set_item(key, value).map_err(error)
}

pub fn remove(key: &str) -> Result<(), StoreError> {
    storage()?.remove_item(key).map_err(error)
}

/// Every stored key that starts with `prefix`, sorted.
pub fn keys(prefix: &str) -> Result<Vec<String>, StoreError> {
    let storage = storage()?;
    let count = storage.length().map_err(error)?;
    let mut keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect();
    // Keys are unique, so an unstable sort gives the same order with less code.
    keys.sort_unstable();
    Ok(keys)
}
