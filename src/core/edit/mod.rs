//! The workshop's form edits, made on the scenario file itself. The file
//! stays the one source: a form reads its values from the file's tree, and
//! each change a trainer makes in a form becomes the smallest change to the
//! text (a value replaced where it is written, a line or table added beside
//! its neighbours), so comments, order and layout are kept. The text is
//! then checked as if the trainer had typed the change.
//!
//! ## Implementation note
//! `toml_edit` is the usual format-preserving editor. It was weighed for the
//! workshop bundle (56 KB more wasm, 23 KB gzip, measured on this bundle) and
//! for how it keeps layout (a document is re-printed as a whole, and tables
//! inserted or moved among `[[scene]]` elements need their positions
//! managed). These edits instead splice the text at the spans that toml's
//! own parser (`toml_parser`, already in the bundle) reports, so an edit can
//! only touch the bytes it names.

mod ops;
pub mod scenario;
mod tree;
mod value;

pub use ops::{field_order, EditError, Element};
pub use tree::{
    header_keys, i, k, line_end, line_start, Doc, Entry, Kind, Node, NotToml, Origin, Path, Scalar,
    Seg, Table,
};
pub use value::{key, wrapped, Value};

#[cfg(test)]
mod tests;
