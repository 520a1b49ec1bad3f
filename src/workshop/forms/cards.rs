//! Lists of cards (key actions, options, routes, asides, exhibits, notes):
//! the buttons that change a list, and a card's own messages.

use super::fields::{action, messages};
use super::{Change, FormCtx};
use crate::core::edit::scenario::{field_id, fresh_id, nth};
use crate::core::edit::{Doc, EditError, Element, Seg};
use std::rc::Rc;
use yew::prelude::*;

/// A button that makes a structural change and then focuses an element.
pub fn change_button(
    ctx: &FormCtx,
    id: Option<String>,
    words: &str,
    about: &str,
    what: &str,
    focus: Option<String>,
    edit: impl Fn(&Doc) -> Result<String, EditError> + 'static,
) -> Html {
    let on_change = ctx.on_change.clone();
    let edit = Rc::new(edit);
    let what = what.to_string();
    let onclick = Callback::from(move |_: MouseEvent| {
        let edit = edit.clone();
        let mut change = Change::new(what.clone(), move |doc: &Doc| edit(doc));
        change.focus = focus.clone();
        on_change.emit(change);
    });
    action(id, words, about, onclick)
}

/// The messages on a card as a whole (a key it lacks, say).
pub fn card_messages(ctx: &FormCtx, id: &str) -> Html {
    messages(id, ctx.problems.get(id).map_or(&[][..], |v| v.as_slice()))
}

/// The button (with id `id`) that adds `element` at the end of `array`.
pub fn add_button(
    ctx: &FormCtx,
    id: String,
    words: &str,
    what: &str,
    focus: String,
    array: &[Seg],
    element: Element,
) -> Html {
    let array = array.to_vec();
    change_button(ctx, Some(id), words, "", what, Some(focus), move |doc| {
        doc.insert(&array, usize::MAX, &element)
    })
}

/// The commit of the `n`th card's `id` field: `rename` renames it with
/// every reference to it.
pub fn renamer(
    ctx: &FormCtx,
    path: &[Seg],
    n: usize,
    what: &'static str,
    rename: fn(&Doc, usize, &str) -> Result<String, EditError>,
) -> Callback<String> {
    let on_change = ctx.on_change.clone();
    let field = field_id(path, Some("id"));
    Callback::from(move |new_id: String| {
        let new_id = new_id.trim().to_string();
        on_change
            .emit(Change::new(what, move |doc: &Doc| rename(doc, n, &new_id)).of_field(&field));
    })
}

/// An id for a new card in `array` that none of its cards has yet.
pub fn fresh_card_id(doc: &Doc, array: &[Seg], base: &str) -> String {
    let ids: Vec<String> = (0..doc.count(array))
        .map(|n| doc.str(&nth(array, n), "id").to_string())
        .collect();
    fresh_id(ids.iter().map(String::as_str), base)
}

/// The `n`th card of the `count` in `array`.
pub struct Card<'a> {
    pub array: &'a [Seg],
    pub n: usize,
    pub count: usize,
}

/// How a card's buttons speak of it.
pub struct CardWords<'a> {
    /// After each button's words, for a screen reader: "route 2".
    pub about: &'a str,
    /// In the list of changes to undo: "a route", "the aside".
    pub the_card: &'a str,
    /// The remove button's id, where a test or the error summary needs one.
    pub remove_id: Option<String>,
    /// What takes the focus once the card is removed.
    pub after_remove: String,
}

impl Card<'_> {
    /// Move up (not on the first), move down (not on the last), `extra`
    /// buttons, and remove. Moving a card keeps the focus on its button.
    pub fn buttons(&self, ctx: &FormCtx, words: CardWords, extra: Html) -> Html {
        let (array, n) = (self.array, self.n);
        let path = nth(array, n);
        let card = field_id(&path, None);
        let moved = |up: bool| {
            let (p, to) = (path.clone(), if up { n.saturating_sub(1) } else { n + 1 });
            let way = if up { "up" } else { "down" };
            change_button(
                ctx,
                Some(format!("{card}-{way}")),
                if up { "Move up" } else { "Move down" },
                words.about,
                &format!("Moved {} {way}", words.the_card),
                Some(format!("{}-{way}", field_id(&nth(array, to), None))),
                move |d| d.swap(&p, up),
            )
        };
        let remove = {
            let p = path.clone();
            change_button(
                ctx,
                words.remove_id,
                "Remove",
                words.about,
                &format!("Removed {}", words.the_card),
                Some(words.after_remove),
                move |d| d.remove(&p),
            )
        };
        html! {
            <div class="button-group button-group--small">
                if n > 0 { { moved(true) } }
                if n + 1 < self.count { { moved(false) } }
                { extra }
                { remove }
            </div>
        }
    }
}
