//! Undo and redo across the forms and the text view: every change to the
//! file, from either, is a step. A step holds the text before it, so undo
//! gives back exactly what was there. Quick edits to one form field (the
//! trainer typing on) are one step, not one per pause.

use std::rc::Rc;

/// How many steps are kept; the oldest go first.
const LIMIT: usize = 200;

#[derive(Clone, Debug, PartialEq)]
struct Step {
    text: Rc<str>,
    /// What the change did, in words: "Changed the title".
    what: String,
    /// The form field it came from, if any.
    field: Option<String>,
    /// Whether more typing in the same field joins this step.
    open: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Records a change made from `before`.
    pub fn record(&mut self, before: Rc<str>, what: &str, field: Option<&str>) {
        self.redo.clear();
        if let Some(top) = self.undo.last() {
            if top.open && field.is_some() && top.field.as_deref() == field {
                return;
            }
        }
        if let Some(top) = self.undo.last_mut() {
            top.open = false;
        }
        self.undo.push(Step {
            text: before,
            what: what.to_string(),
            field: field.map(str::to_string),
            open: field.is_some(),
        });
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
    }

    /// The text before the last change, and what that change did.
    pub fn undo(&mut self, current: Rc<str>) -> Option<(Rc<str>, String)> {
        let step = self.undo.pop()?;
        self.redo.push(Step {
            text: current,
            open: false,
            ..step.clone()
        });
        Some((step.text, step.what))
    }

    pub fn redo(&mut self, current: Rc<str>) -> Option<(Rc<str>, String)> {
        let step = self.redo.pop()?;
        self.undo.push(Step {
            text: current,
            open: false,
            ..step.clone()
        });
        Some((step.text, step.what))
    }

    /// What undo would take back.
    pub fn next_undo(&self) -> Option<&str> {
        self.undo.last().map(|s| s.what.as_str())
    }

    pub fn next_redo(&self) -> Option<&str> {
        self.redo.last().map(|s| s.what.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Rc<str> {
        Rc::from(s)
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_through_changes() {
        let mut history = History::default();
        assert_eq!(history.undo(text("a")), None);
        history.record(text("a"), "Changed the title", Some("f-title"));
        history.record(text("b"), "Typed in the text view", None);
        assert_eq!(history.next_undo(), Some("Typed in the text view"));
        assert_eq!(
            history.undo(text("c")),
            Some((text("b"), "Typed in the text view".into()))
        );
        assert_eq!(history.next_redo(), Some("Typed in the text view"));
        assert_eq!(
            history.undo(text("b")),
            Some((text("a"), "Changed the title".into()))
        );
        assert_eq!(history.undo(text("a")), None);
        assert_eq!(
            history.redo(text("a")),
            Some((text("b"), "Changed the title".into()))
        );
        assert_eq!(
            history.redo(text("b")),
            Some((text("c"), "Typed in the text view".into()))
        );
        assert_eq!(history.redo(text("c")), None);
        // A new change after an undo drops what could be redone.
        history.undo(text("c"));
        history.record(text("b"), "Added a scene", None);
        assert_eq!(history.next_redo(), None);
    }

    #[test]
    fn typing_on_in_one_field_is_one_step_until_something_else_happens() {
        let mut history = History::default();
        history.record(text("a"), "Changed the title", Some("f-title"));
        history.record(text("ab"), "Changed the title", Some("f-title"));
        history.record(text("abc"), "Changed the title", Some("f-title"));
        assert_eq!(
            history.undo(text("abcd")),
            Some((text("a"), "Changed the title".into()))
        );
        assert_eq!(history.undo(text("a")), None);
        // After an undo and a redo, the next edit starts a step of its own.
        history.redo(text("a"));
        history.record(text("abcd"), "Changed the title", Some("f-title"));
        assert_eq!(
            history.undo(text("abcde")),
            Some((text("abcd"), "Changed the title".into()))
        );
        // Another field between breaks the run.
        let mut history = History::default();
        history.record(text("1"), "Changed the title", Some("f-title"));
        history.record(text("2"), "Changed the summary", Some("f-summary"));
        history.record(text("3"), "Changed the title", Some("f-title"));
        assert_eq!(history.undo(text("4")).unwrap().0, text("3"));
    }

    #[test]
    fn only_the_newest_steps_are_kept() {
        let mut history = History::default();
        for n in 0..LIMIT + 10 {
            history.record(text(&n.to_string()), "Typed", None);
        }
        let mut oldest = None;
        while let Some((text, _)) = history.undo(text("x")) {
            oldest = Some(text);
        }
        assert_eq!(oldest, Some(text("10")));
    }
}
