//! Edits of a scenario file, each a handful of byte replacements: a value
//! changed where it is written, a line added beside its neighbours, a table
//! added, moved, copied or removed with the comments that introduce it.
//! Everything the trainer wrote outside the edit is kept byte for byte.

use super::tree::*;
use super::value::{is_wrapped, key as toml_key, wrapped, Value};
use std::ops::Range;

/// Why an edit could not be made, in words for a trainer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError(pub String);

fn unsupported(what: &str) -> EditError {
    EditError(format!(
        "{what} is written in a way the forms cannot change without rewriting it, so nothing was changed. Make this change in the text view."
    ))
}

/// One edit of a chain: from a document to the text it makes.
pub type Step<'a> = dyn Fn(&Doc) -> Result<String, EditError> + 'a;

/// A table and its sub-tables, as a new `[[…]]` element or `[…]` table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    pub entries: Vec<(String, Value)>,
    /// Sub-tables: key, whether it is an array of tables, and its content.
    pub tables: Vec<(String, bool, Element)>,
}

impl Element {
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.entries.push((key.to_string(), value));
        self
    }

    pub fn table(mut self, key: &str, array: bool, table: Element) -> Self {
        self.tables.push((key.to_string(), array, table));
        self
    }
}

/// The bytes an element takes: the comments that introduce it, its header
/// and everything under it, up to its last line.
#[derive(Clone, Debug, PartialEq)]
struct Region {
    start: usize,
    header: usize,
    end: usize,
}

struct Splice {
    range: Range<usize>,
    with: String,
}

fn apply(text: &str, mut splices: Vec<Splice>) -> String {
    splices.sort_by_key(|s| s.range.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for splice in splices {
        out.push_str(&text[at..splice.range.start]);
        out.push_str(&splice.with);
        at = splice.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The keys of each kind of table (named by its header's keys), in the
/// order the guide writes them: a new key goes before the first key written
/// later. The forms show each of these; a cast variant may have any key.
pub fn field_order(table: &[&str]) -> &'static [&'static str] {
    match table {
        [] => &[
            "id",
            "title",
            "summary",
            "pattern",
            "role",
            "minutes",
            "version",
            "content_note",
            "start",
            "clock_start",
            "cast",
            "key_action",
            "scene",
        ],
        ["cast", _] => &["name", "first", "pronouns"],
        ["key_action"] => &["id", "text", "competency", "why", "cite"],
        ["scene"] => &["id", "title", "advance", "set", "text", "next"],
        ["scene", "aside"] | ["scene", "ending", "note"] => &["when", "text", "claims"],
        ["scene", "exhibit"] => &["id", "kind", "title", "text"],
        ["scene", "exhibit", "entry"] => &["at", "from", "text"],
        ["scene", "decision"] => &["prompt", "kind", "goto"],
        ["scene", "decision", "option"] => &[
            "id",
            "text",
            "when",
            "goto",
            "points",
            "practices",
            "critical",
            "achieves",
            "set",
            "clear",
            "add",
            "mark",
            "advance",
            "feedback",
            "cite",
        ],
        [.., "route"] => &["when", "goto"],
        ["scene", "ending"] => &["outcome", "debrief", "claims"],
        _ => &[],
    }
}

fn rank(table: &[&str], key: &str) -> usize {
    let order = field_order(table);
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// The lines of `text[from..to]`, each with its range.
fn lines(text: &str, from: usize, to: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = from;
    while at < to {
        let end = line_end(text, at).min(to);
        out.push(at..end);
        at = end;
    }
    out
}

impl Doc {
    fn block_path(&self, block: usize) -> Option<&Path> {
        self.blocks.get(block)?.path.as_ref()
    }

    /// Where a block's own lines end (its header, if it has no lines).
    fn raw_end(&self, block: usize) -> usize {
        let b = &self.blocks[block];
        match (b.lines.last(), &b.header) {
            (Some(line), _) => line.range.end,
            (None, Some(header)) => header.line.end,
            (None, None) => 0,
        }
    }

    /// Splits the comments and blank lines between a block and the header
    /// of the next: comments straight after the block's last line stay with
    /// it; comments after a blank line (or straight above the header, when
    /// there is no blank line) introduce the next table.
    fn gap(&self, next: usize) -> (usize, usize) {
        let from = self.raw_end(next - 1);
        let to = self.blocks[next]
            .header
            .as_ref()
            .map_or(self.text.len(), |h| h.line.start);
        let gap = lines(&self.text, from, to);
        if !gap.iter().any(|l| is_blank(&self.text[l.clone()])) {
            return (
                from,
                gap.iter()
                    .find(|l| is_comment(&self.text[(*l).clone()]))
                    .map_or(to, |l| l.start),
            );
        }
        let mut trailing = from;
        let mut rest = gap.iter();
        for line in rest.by_ref() {
            if is_comment(&self.text[line.clone()]) {
                trailing = line.end;
            } else {
                break;
            }
        }
        let leading = rest
            .find(|l| is_comment(&self.text[(*l).clone()]))
            .map_or(to, |l| l.start);
        (trailing, leading)
    }

    /// Where a header's introducing comments start.
    fn leading_start(&self, block: usize) -> usize {
        self.gap(block).1
    }

    /// Where a block ends, with any comments straight after its last line.
    fn content_end(&self, block: usize) -> usize {
        if block + 1 < self.blocks.len() {
            return self.gap(block + 1).0;
        }
        let mut end = self.raw_end(block);
        for line in lines(&self.text, end, self.text.len()) {
            if is_comment(&self.text[line.clone()]) {
                end = line.end;
            } else {
                break;
            }
        }
        end
    }

    /// The bytes of a table written under its own header, with its sub-tables.
    fn region(&self, path: &[Seg], what: &str) -> Result<Region, EditError> {
        let first = self.block_of(path).ok_or_else(|| unsupported(what))?;
        let within = |b: usize| self.block_path(b).is_some_and(|p| p.starts_with(path));
        let mut last = first;
        while last + 1 < self.blocks.len() && within(last + 1) {
            last += 1;
        }
        if (last + 1..self.blocks.len()).any(within) {
            return Err(EditError(format!(
                "{what} has parts written apart from the rest of it in the file, so it cannot be moved, copied or removed by form. Make this change in the text view."
            )));
        }
        let header = self.blocks[first]
            .header
            .as_ref()
            .map_or(0, |h| h.line.start);
        Ok(Region {
            start: self.leading_start(first),
            header,
            end: self.content_end(last),
        })
    }

    /// Sets a key in a table, adds it, or removes it (`None`), creating the
    /// table if it is missing. Returns the new text.
    pub fn set(
        &self,
        table: &[Seg],
        key: &str,
        value: Option<&Value>,
    ) -> Result<String, EditError> {
        let what = describe(table, Some(key));
        let Some(found) = self.table(table) else {
            return match value {
                None => Ok(self.text.clone()),
                Some(value) => {
                    self.create_table(table, Element::default().with(key, value.clone()))
                }
            };
        };
        let mut splices = Vec::new();
        match (found.entry(key), value) {
            (Some(entry), Some(value)) => self.replace(&entry.node, value, &mut splices, &what)?,
            (Some(entry), None) => match entry.line {
                Some((block, line)) => splices.push(Splice {
                    range: self.blocks[block].lines[line].range.clone(),
                    with: String::new(),
                }),
                None => match &found.origin {
                    Origin::Inline(span) => {
                        let mut kept = inline_value(found);
                        kept.retain(|(k, _)| k != key);
                        splices.push(Splice {
                            range: span.clone(),
                            with: Value::Table(kept).encode(None),
                        });
                    }
                    _ => return Err(unsupported(&what)),
                },
            },
            (None, Some(value)) => splices.push(self.add_key(table, found, key, value, &what)?),
            (None, None) => {}
        }
        Ok(apply(&self.text, splices))
    }

    /// Replaces a value where it is written, changing as little as it can:
    /// one item of a list, one number in `{ … }`.
    fn replace(
        &self,
        old: &Node,
        new: &Value,
        out: &mut Vec<Splice>,
        what: &str,
    ) -> Result<(), EditError> {
        match (old, new) {
            (Node::Scalar(s), Value::Str(text)) if s.kind == Kind::Str => {
                if s.text != *text {
                    let raw = &self.text[s.span.clone()];
                    let with = if is_wrapped(raw) {
                        wrapped(text)
                    } else {
                        new.encode(s.encoding)
                    };
                    out.push(Splice {
                        range: s.span.clone(),
                        with,
                    });
                }
            }
            (Node::Scalar(s), Value::Int(n)) if s.kind == Kind::Int(*n) => {}
            (Node::Scalar(s), Value::Bool(b)) if s.kind == Kind::Bool(*b) => {}
            (Node::List { items, span }, Value::List(values)) => {
                if items.len() == values.len() {
                    for (item, value) in items.iter().zip(values) {
                        self.replace(item, value, out, what)?;
                    }
                } else if !items.is_empty()
                    && values.len() > items.len()
                    && items
                        .iter()
                        .zip(values)
                        .all(|(item, value)| same(item, value))
                {
                    let last = node_span(items.last().expect("not empty"))
                        .ok_or_else(|| unsupported(what))?;
                    let more: Vec<String> = values[items.len()..]
                        .iter()
                        .map(|v| v.encode(None))
                        .collect();
                    out.push(Splice {
                        range: last.end..last.end,
                        with: format!(", {}", more.join(", ")),
                    });
                } else if let Some(gone) = removed_one(items, values) {
                    // One item taken out: it and the separator before it
                    // (after it, for the first).
                    let range = if gone == 0 {
                        let next = node_span(&items[1]).ok_or_else(|| unsupported(what))?;
                        node_span(&items[0]).ok_or_else(|| unsupported(what))?.start..next.start
                    } else {
                        let before =
                            node_span(&items[gone - 1]).ok_or_else(|| unsupported(what))?;
                        before.end
                            ..node_span(&items[gone])
                                .ok_or_else(|| unsupported(what))?
                                .end
                    };
                    out.push(Splice {
                        range,
                        with: String::new(),
                    });
                } else {
                    out.push(Splice {
                        range: span.clone(),
                        with: new.encode(None),
                    });
                }
            }
            (Node::Table(table), Value::Table(values)) => {
                let Origin::Inline(span) = &table.origin else {
                    return Err(unsupported(what));
                };
                let same_keys = table.entries.len() == values.len()
                    && values.iter().all(|(k, _)| table.entry(k).is_some());
                if same_keys {
                    for (k, value) in values {
                        let entry = table.entry(k).expect("same keys");
                        self.replace(&entry.node, value, out, what)?;
                    }
                } else {
                    out.push(Splice {
                        range: span.clone(),
                        with: new.encode(None),
                    });
                }
            }
            (old, new) => {
                let span = node_span(old).ok_or_else(|| unsupported(what))?;
                out.push(Splice {
                    range: span,
                    with: new.encode(None),
                });
            }
        }
        Ok(())
    }

    /// A new `key = value` line, among the table's lines in the guide's order.
    fn add_key(
        &self,
        path: &[Seg],
        table: &Table,
        key: &str,
        value: &Value,
        what: &str,
    ) -> Result<Splice, EditError> {
        let line = |prefix: &str, indent: &str| {
            format!(
                "{indent}{prefix}{} = {}\n",
                toml_key(key),
                value.encode(None)
            )
        };
        let block = match &table.origin {
            Origin::Root => 0,
            Origin::Header(b) => *b,
            Origin::Inline(span) => {
                let mut entries = inline_value(table);
                entries.push((key.to_string(), value.clone()));
                return Ok(Splice {
                    range: span.clone(),
                    with: Value::Table(entries).encode(None),
                });
            }
            Origin::Dotted => {
                // `points.identify = 2` written as lines: add another such line.
                let (block, index) = dotted_lines(table)
                    .last()
                    .copied()
                    .ok_or_else(|| unsupported(what))?;
                let written = &self.blocks[block].lines[index];
                let prefix: String = written.keys[..written.keys.len() - 1]
                    .iter()
                    .map(|k| format!("{}.", toml_key(k)))
                    .collect();
                let at = written.range.end;
                return Ok(Splice {
                    range: at..at,
                    with: self.after_newline(at, line(&prefix, "")),
                });
            }
            Origin::Implicit => {
                // Give the table a header of its own, above its first sub-table.
                let first = (1..self.blocks.len())
                    .find(|&b| self.block_path(b).is_some_and(|p| p.starts_with(path)))
                    .ok_or_else(|| unsupported(what))?;
                let at = self.leading_start(first);
                return Ok(Splice {
                    range: at..at,
                    with: format!("[{}]\n{}\n", header_name(path), line("", "").trim_end()) + "\n",
                });
            }
        };
        let names = header_keys(path);
        let rank_of = |l: &Line| rank(&names, &l.keys[0]);
        let mine = rank(&names, key);
        let lines = &self.blocks[block].lines;
        if let Some(later) = lines.iter().position(|l| rank_of(l) > mine) {
            let anchor = &lines[later];
            let floor = match later {
                0 => self.blocks[block].header.as_ref().map_or(0, |h| h.line.end),
                n => lines[n - 1].range.end,
            };
            let at = self.comments_above(anchor.range.start, floor);
            let indent = indent_of(&self.text[anchor.range.clone()]);
            return Ok(Splice {
                range: at..at,
                with: line("", indent),
            });
        }
        let (at, indent) = match (lines.last(), &self.blocks[block].header) {
            (Some(last), _) => (last.range.end, indent_of(&self.text[last.range.clone()])),
            (None, Some(header)) => (header.line.end, ""),
            (None, None) => {
                // The first key of an empty file's top: after its opening comments.
                let at = self.content_end(0);
                let mut with = line("", "");
                if at > 0 {
                    with.insert(0, '\n');
                }
                if self.blocks.len() > 1
                    && !self.text[at..].starts_with("\n\n")
                    && !self.text[at..].starts_with('\n')
                {
                    with.push('\n');
                }
                return Ok(Splice {
                    range: at..at,
                    with: self.after_newline(at, with),
                });
            }
        };
        Ok(Splice {
            range: at..at,
            with: self.after_newline(at, line("", indent)),
        })
    }

    /// Where the comment lines directly above `at` start (not above `floor`).
    fn comments_above(&self, at: usize, floor: usize) -> usize {
        let mut start = at;
        while start > floor {
            let previous = line_start(&self.text, start - 1);
            if previous < floor || !is_comment(&self.text[previous..start]) {
                break;
            }
            start = previous;
        }
        start
    }

    /// Text to insert at `at`, on a line of its own.
    fn after_newline(&self, at: usize, text: String) -> String {
        if at > 0 && !self.text[..at].ends_with('\n') {
            format!("\n{text}")
        } else {
            text
        }
    }

    /// Creates a missing table under an existing one, at the end of it.
    fn create_table(&self, path: &[Seg], content: Element) -> Result<String, EditError> {
        let what = describe(path, None);
        let (Some(Seg::Key(_)), parent) = (path.last(), &path[..path.len().saturating_sub(1)])
        else {
            return Err(unsupported(&what));
        };
        let Some(found) = self.table(parent) else {
            return Err(EditError(format!(
                "{} does not exist, so nothing was changed.",
                describe(parent, None)
            )));
        };
        let text = encode_element(path, false, &content);
        let at = match &found.origin {
            Origin::Root => return self.insert_at_top(path, &text),
            Origin::Header(_) => self.region(parent, &what)?.end,
            _ => return Err(unsupported(&what)),
        };
        Ok(apply(
            &self.text,
            vec![Splice {
                range: at..at,
                with: self.after_newline(at, format!("\n{text}")),
            }],
        ))
    }

    /// Inserts a table that sits at the top level (a cast role, a key action,
    /// a scene) where the guide puts it: cast, then key actions, then scenes.
    fn insert_at_top(&self, path: &[Seg], text: &str) -> Result<String, EditError> {
        let top = |p: &[Seg]| match p.first() {
            Some(Seg::Key(k)) => rank(&[], k),
            _ => 0,
        };
        let mine = top(path);
        let later =
            (1..self.blocks.len()).find(|&b| self.block_path(b).is_some_and(|p| top(p) > mine));
        let splice = match later {
            Some(b) => {
                let at = self.leading_start(b);
                Splice {
                    range: at..at,
                    with: format!("{text}\n"),
                }
            }
            None => {
                let at = self.text.len();
                let lead = if self.text.trim().is_empty() || self.text.ends_with("\n\n") {
                    ""
                } else if self.text.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                Splice {
                    range: at..at,
                    with: format!("{lead}{text}"),
                }
            }
        };
        Ok(apply(&self.text, vec![splice]))
    }

    /// Adds an element to an array of tables at `at` (0 first; the count or
    /// more, last), e.g. a scene, an option, a route.
    pub fn insert(&self, array: &[Seg], at: usize, element: &Element) -> Result<String, EditError> {
        let what = describe(array, None);
        let count = self.count(array);
        let text = encode_element(array, true, element);
        let element_path = |n: usize| [array, &[Seg::Index(n)]].concat();
        let splice = if at < count {
            let region = self.region(&element_path(at), &what)?;
            let lead = if region.start == 0 || self.text[..region.start].ends_with("\n\n") {
                ""
            } else {
                "\n"
            };
            Splice {
                range: region.start..region.start,
                with: format!("{lead}{text}\n"),
            }
        } else if count > 0 {
            let end = self.region(&element_path(count - 1), &what)?.end;
            Splice {
                range: end..end,
                with: self.after_newline(end, format!("\n{text}")),
            }
        } else {
            let parent = &array[..array.len() - 1];
            match self.table(parent).map(|t| &t.origin) {
                _ if parent.is_empty() => return self.insert_at_top(array, &text),
                None | Some(Origin::Implicit) if parent.len() == 1 => {
                    return self.insert_at_top(array, &text)
                }
                Some(Origin::Header(_)) => {
                    let end = self.region(parent, &what)?.end;
                    Splice {
                        range: end..end,
                        with: self.after_newline(end, format!("\n{text}")),
                    }
                }
                _ => return Err(unsupported(&what)),
            }
        };
        Ok(apply(&self.text, vec![splice]))
    }

    /// Removes a table or element with its sub-tables and the comments that
    /// introduce it, or a single value.
    pub fn remove(&self, path: &[Seg]) -> Result<String, EditError> {
        let what = describe(path, None);
        if let Some(Seg::Key(key)) = path.last() {
            let parent = &path[..path.len() - 1];
            if !matches!(self.table(path).map(|t| &t.origin), Some(Origin::Header(_))) {
                return self.set(parent, key, None);
            }
        }
        let region = self.region(path, &what)?;
        let (mut start, mut end) = (region.start, region.end);
        let mut blank_after = end;
        for line in lines(&self.text, end, self.text.len()) {
            if is_blank(&self.text[line.clone()]) {
                blank_after = line.end;
            } else {
                break;
            }
        }
        // Of the blank lines on either side, one side's go with it, so the
        // gap left is what was there before it was added.
        let mut blank_before = start;
        while blank_before > 0 && self.text[..blank_before].ends_with("\n\n") {
            blank_before -= 1;
        }
        if blank_after > end && (start == 0 || blank_before < start) {
            end = blank_after;
        } else if blank_before < start {
            start = blank_before;
        }
        Ok(apply(
            &self.text,
            vec![Splice {
                range: start..end,
                with: String::new(),
            }],
        ))
    }

    /// Swaps an element of an array of tables with the one before (`up`) or after it.
    pub fn swap(&self, path: &[Seg], up: bool) -> Result<String, EditError> {
        let what = describe(path, None);
        let (Some(Seg::Index(index)), array) = (path.last(), &path[..path.len() - 1]) else {
            return Err(unsupported(&what));
        };
        let other = match up {
            true if *index > 0 => index - 1,
            false if index + 1 < self.count(array) => index + 1,
            _ => return Ok(self.text.clone()),
        };
        let (first, second) = (index.min(&other), index.max(&other));
        let a = self.region(&[array, &[Seg::Index(*first)]].concat(), &what)?;
        let b = self.region(&[array, &[Seg::Index(*second)]].concat(), &what)?;
        let text = &self.text;
        let mut moved = text[b.start..b.end].to_string();
        if !moved.ends_with('\n') {
            moved.push('\n');
        }
        let mut out = String::with_capacity(text.len() + 1);
        out.push_str(&text[..a.start]);
        out.push_str(&moved);
        out.push_str(&text[a.end..b.start]);
        out.push_str(&text[a.start..a.end]);
        out.push_str(&text[b.end..]);
        Ok(out)
    }

    /// Copies an element just after itself, with a new value for `id`.
    pub fn duplicate(&self, path: &[Seg], id: &str) -> Result<String, EditError> {
        let what = describe(path, None);
        let region = self.region(path, &what)?;
        let mut copy = self.text[region.header..region.end].to_string();
        if let Some(Entry {
            node: Node::Scalar(s),
            line: Some((block, _)),
        }) = self.table(path).and_then(|t| t.entry("id"))
        {
            if self.block_of(path) == Some(*block) {
                let span = (s.span.start - region.header)..(s.span.end - region.header);
                copy.replace_range(span, &Value::str(id).encode(s.encoding));
            }
        }
        if !copy.ends_with('\n') {
            copy.push('\n');
        }
        let at = region.end;
        Ok(apply(
            &self.text,
            vec![Splice {
                range: at..at,
                with: self.after_newline(at, format!("\n{copy}")),
            }],
        ))
    }

    /// Creates a table that is missing, with its content.
    pub fn create(&self, path: &[Seg], content: &Element) -> Result<String, EditError> {
        if self.table(path).is_some() {
            return Ok(self.text.clone());
        }
        self.create_table(path, content.clone())
    }

    /// Sets several values at once (a rename and every reference to it).
    pub fn replace_all(&self, edits: &[(Path, String, Value)]) -> Result<String, EditError> {
        let mut splices = Vec::new();
        let mut missing = Vec::new();
        for (path, key, value) in edits {
            match self.table(path).and_then(|t| t.entry(key)) {
                Some(entry) => {
                    self.replace(&entry.node, value, &mut splices, &describe(path, Some(key)))?
                }
                None => missing.push((path, key, value)),
            }
        }
        let mut text = apply(&self.text, splices);
        for (path, key, value) in missing {
            let doc = Doc::parse(&text).map_err(|_| {
                EditError("the change would not read as TOML, so nothing was changed".into())
            })?;
            text = doc.set(path, key, Some(value))?;
        }
        Ok(text)
    }

    /// Makes several edits as one: each applies to the text the last made.
    pub fn chain(&self, steps: &[&Step<'_>]) -> Result<String, EditError> {
        let mut doc = self.clone();
        for step in steps {
            let text = step(&doc)?;
            doc = Doc::parse(&text).map_err(|_| {
                EditError("the change would not read as TOML, so nothing was changed".into())
            })?;
        }
        Ok(doc.text)
    }
}

/// Whether an item as written holds the value.
fn same(node: &Node, value: &Value) -> bool {
    match (node, value) {
        (Node::Scalar(s), Value::Str(t)) => s.kind == Kind::Str && s.text == *t,
        (Node::Scalar(s), Value::Int(n)) => s.kind == Kind::Int(*n),
        (Node::Scalar(s), Value::Bool(b)) => s.kind == Kind::Bool(*b),
        _ => false,
    }
}

/// The one item taken out of a list, if that is the only change.
fn removed_one(items: &[Node], values: &[Value]) -> Option<usize> {
    if items.len() != values.len() + 1 || items.len() < 2 {
        return None;
    }
    let gone = (0..values.len())
        .find(|&n| !same(&items[n], &values[n]))
        .unwrap_or(values.len());
    items[gone + 1..]
        .iter()
        .zip(&values[gone..])
        .all(|(i, v)| same(i, v))
        .then_some(gone)
}

fn node_span(node: &Node) -> Option<Range<usize>> {
    match node {
        Node::Scalar(s) => Some(s.span.clone()),
        Node::List { span, .. } => Some(span.clone()),
        Node::Table(Table {
            origin: Origin::Inline(span),
            ..
        }) => Some(span.clone()),
        _ => None,
    }
}

/// The value of an inline table as written, to write it again changed.
fn inline_value(table: &Table) -> Vec<(String, Value)> {
    table
        .entries
        .iter()
        .filter_map(|(k, e)| Some((k.clone(), node_value(&e.node)?)))
        .collect()
}

fn node_value(node: &Node) -> Option<Value> {
    Some(match node {
        Node::Scalar(s) => match s.kind {
            Kind::Str => Value::Str(s.text.clone()),
            Kind::Int(n) => Value::Int(n),
            Kind::Bool(b) => Value::Bool(b),
            Kind::Other => return None,
        },
        Node::List { items, .. } => Value::List(items.iter().filter_map(node_value).collect()),
        Node::Table(t) => Value::Table(inline_value(t)),
        Node::Tables(_) => return None,
    })
}

fn dotted_lines(table: &Table) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = table.entries.iter().filter_map(|(_, e)| e.line).collect();
    out.sort();
    out
}

fn indent_of(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

fn header_name(path: &[Seg]) -> String {
    header_keys(path)
        .iter()
        .map(|k| toml_key(k))
        .collect::<Vec<_>>()
        .join(".")
}

/// A new table as TOML: its header, its lines, then its sub-tables.
fn encode_element(path: &[Seg], array: bool, element: &Element) -> String {
    let name = header_name(path);
    let mut out = if array {
        format!("[[{name}]]\n")
    } else {
        format!("[{name}]\n")
    };
    for (key, value) in &element.entries {
        out.push_str(&format!("{} = {}\n", toml_key(key), value.encode(None)));
    }
    for (key, array, table) in &element.tables {
        out.push('\n');
        out.push_str(&encode_element(
            &[path, &[Seg::Key(key.clone())]].concat(),
            *array,
            table,
        ));
    }
    out
}

/// "the scene's `title`", for messages.
fn describe(path: &[Seg], key: Option<&str>) -> String {
    let names = header_keys(path);
    let what = match names.last().copied() {
        None => "the scenario's details".to_string(),
        Some("scene") => "this scene".to_string(),
        Some("option") => "this option".to_string(),
        Some("decision") => "this decision".to_string(),
        Some("ending") => "this ending".to_string(),
        Some(other) => format!("this {}", other.replace('_', " ")),
    };
    match key {
        Some(key) => format!("`{key}` in {what}"),
        None => crate::core::text::capitalise(&what),
    }
}
