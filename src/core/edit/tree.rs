//! The scenario file read twice over in one pass of toml's own parser: its
//! physical layout (each table header and each `key = value` line, with the
//! comments and blank lines around them) and the logical tree a form reads
//! (tables, arrays of tables, values), each value keeping its byte span.
//! Edits (`ops.rs`) use the layout to change only the bytes they must.

use std::ops::Range;
use toml_parser::decoder::{Encoding, IntegerRadix, ScalarKind};
use toml_parser::parser::{parse_document, Event, EventKind};
use toml_parser::{Raw, Source};

/// One step into the tree: a key of a table, or an element of an array of tables.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where a table lives in the tree, e.g. `scene[2].decision.option[0]`.
pub type Path = Vec<Seg>;

/// Builds a path: `path(&[k("scene"), i(2), k("decision")])`.
pub fn k(key: &str) -> Seg {
    Seg::Key(key.to_string())
}

pub fn i(index: usize) -> Seg {
    Seg::Index(index)
}

/// The keys of a path without its indexes: what a table header names.
pub fn header_keys(path: &[Seg]) -> Vec<&str> {
    path.iter()
        .filter_map(|s| match s {
            Seg::Key(key) => Some(key.as_str()),
            Seg::Index(_) => None,
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Str,
    Int(i64),
    Bool(bool),
    /// Floats and dates: shown as written, never produced by a form.
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub kind: Kind,
    /// The decoded value (a string's text, a number's digits).
    pub text: String,
    /// The value as written, quotes included.
    pub span: Range<usize>,
    pub encoding: Option<Encoding>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Scalar(Scalar),
    List {
        items: Vec<Node>,
        span: Range<usize>,
    },
    Table(Table),
    /// `[[name]]` tables, in file order.
    Tables(Vec<Table>),
}

/// How a table came to be written, which decides how a key is added to it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Origin {
    #[default]
    Root,
    /// Its own header: the index of its block.
    Header(usize),
    /// Named only on the way to a deeper header (`cast` in `[[cast.victim]]`).
    Implicit,
    /// Made by a dotted key (`points.identify = 2`).
    Dotted,
    /// An inline table `{ … }`, with the span of its braces.
    Inline(Range<usize>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub entries: Vec<(String, Entry)>,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub node: Node,
    /// The block and line where a `key = value` line wrote it.
    pub line: Option<(usize, usize)>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.node)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, e)| e)
    }

    fn entry_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, e)| e)
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Node::Scalar(s) if s.kind == Kind::Str => Some(&s.text),
            _ => None,
        }
    }
}

/// A `[header]` line, or none for the top of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The whole line, newline included.
    pub line: Range<usize>,
    pub array: bool,
}

/// A `key = value` line (or lines, for a value that spans several).
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub keys: Vec<String>,
    /// From the start of the key's line to the end of the value's line,
    /// newline and any comment after the value included.
    pub range: Range<usize>,
    pub value: Range<usize>,
}

/// A header and the lines under it, up to the next header.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The table the header opens; `None` if the header clashes with
    /// another (the checker reports that).
    pub path: Option<Path>,
    pub header: Option<Header>,
    pub lines: Vec<Line>,
}

/// A scenario file's text, layout and tree. Only a file that reads as TOML
/// has one: the forms wait for the text view to fix a syntax error.
#[derive(Clone, Debug)]
pub struct Doc {
    pub text: String,
    pub blocks: Vec<Block>,
    pub root: Table,
}

/// Why a file cannot be edited by form: it is not yet TOML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotToml;

impl Doc {
    pub fn parse(text: &str) -> Result<Doc, NotToml> {
        // toml's own reader decides what is TOML (duplicate keys and
        // clashing tables included), so the forms and the checker agree.
        let (_, errors) = toml::de::DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            return Err(NotToml);
        }
        let source = Source::new(text);
        let tokens = source.lex().into_vec();
        let mut events: Vec<Event> = Vec::new();
        let mut parse_errors = Vec::new();
        parse_document(&tokens, &mut |e| events.push(e), &mut parse_errors);
        if !parse_errors.is_empty() {
            return Err(NotToml);
        }
        let mut reader = Reader {
            text,
            events: &events,
            at: 0,
        };
        let (blocks, root) = reader.document().ok_or(NotToml)?;
        Ok(Doc {
            text: text.to_string(),
            blocks,
            root,
        })
    }

    /// The value at a path: a key's value, or an item of a list.
    pub fn node(&self, path: &[Seg]) -> Option<&Node> {
        match path.split_last()? {
            (Seg::Key(key), parent) => self.table(parent)?.get(key),
            (Seg::Index(index), parent) => match self.node(parent)? {
                Node::List { items, .. } => items.get(*index),
                _ => None,
            },
        }
    }

    /// The table at a path (the root for an empty path).
    pub fn table(&self, path: &[Seg]) -> Option<&Table> {
        let mut table = &self.root;
        let mut pending: Option<&Vec<Table>> = None;
        for seg in path {
            match (seg, pending) {
                (Seg::Index(index), Some(list)) => {
                    table = list.get(*index)?;
                    pending = None;
                }
                (Seg::Key(key), None) => match table.get(key)? {
                    Node::Table(t) => table = t,
                    Node::Tables(list) => pending = Some(list),
                    _ => return None,
                },
                _ => return None,
            }
        }
        pending.is_none().then_some(table)
    }

    /// How many `[[…]]` tables an array of tables holds (0 when absent).
    pub fn count(&self, path: &[Seg]) -> usize {
        match self.node(path) {
            Some(Node::Tables(list)) => list.len(),
            _ => 0,
        }
    }

    /// A string value, or `""` when absent or of another kind.
    pub fn str(&self, table: &[Seg], key: &str) -> &str {
        self.table(table).and_then(|t| t.str(key)).unwrap_or("")
    }

    pub fn has(&self, table: &[Seg], key: &str) -> bool {
        self.table(table).is_some_and(|t| t.get(key).is_some())
    }

    pub fn int(&self, table: &[Seg], key: &str) -> Option<i64> {
        match self.table(table)?.get(key)? {
            Node::Scalar(Scalar {
                kind: Kind::Int(n), ..
            }) => Some(*n),
            _ => None,
        }
    }

    pub fn bool(&self, table: &[Seg], key: &str) -> Option<bool> {
        match self.table(table)?.get(key)? {
            Node::Scalar(Scalar {
                kind: Kind::Bool(b),
                ..
            }) => Some(*b),
            _ => None,
        }
    }

    /// A list of strings (anything else in it is left out).
    pub fn strs(&self, table: &[Seg], key: &str) -> Vec<String> {
        match self.table(table).and_then(|t| t.get(key)) {
            Some(Node::List { items, .. }) => items
                .iter()
                .filter_map(|n| match n {
                    Node::Scalar(s) if s.kind == Kind::Str => Some(s.text.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A table of whole numbers, such as `points` or `add`, in file order.
    pub fn ints(&self, table: &[Seg], key: &str) -> Vec<(String, i64)> {
        match self.table(table).and_then(|t| t.get(key)) {
            Some(Node::Table(t)) => t
                .entries
                .iter()
                .filter_map(|(k, e)| match &e.node {
                    Node::Scalar(Scalar {
                        kind: Kind::Int(n), ..
                    }) => Some((k.clone(), *n)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The index of the block whose header opens the table at `path`.
    pub fn block_of(&self, path: &[Seg]) -> Option<usize> {
        match self.table(path)?.origin {
            Origin::Header(b) => Some(b),
            _ => None,
        }
    }
}

/// Where a line starts: just after the newline before `at`.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

/// Where the line holding `at` ends: just after its newline.
pub fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |n| at + n + 1)
}

struct Reader<'t, 'e> {
    text: &'t str,
    events: &'e [Event],
    at: usize,
}

impl Reader<'_, '_> {
    fn peek(&self) -> Option<&Event> {
        self.events.get(self.at)
    }

    fn next(&mut self) -> Option<Event> {
        let event = self.events.get(self.at).cloned();
        self.at += 1;
        event
    }

    fn span(event: &Event) -> Range<usize> {
        event.span().start()..event.span().end()
    }

    fn raw(&self, event: &Event) -> Raw<'_> {
        let span = event.span();
        Raw::new_unchecked(&self.text[span.start()..span.end()], event.encoding(), span)
    }

    fn key(&self, event: &Event) -> String {
        let mut out = String::new();
        self.raw(event).decode_key(&mut out, &mut ());
        out
    }

    fn skip_blank(&mut self) {
        while matches!(
            self.peek().map(Event::kind),
            Some(EventKind::Whitespace | EventKind::Newline | EventKind::Comment)
        ) {
            self.at += 1;
        }
    }

    /// Dotted key parts up to (and past) `=` or the closing bracket(s).
    fn keys(&mut self, end: &[EventKind]) -> Vec<String> {
        let mut keys = Vec::new();
        while let Some(event) = self.next() {
            match event.kind() {
                EventKind::SimpleKey => keys.push(self.key(&event)),
                kind if end.contains(&kind) => break,
                _ => {}
            }
        }
        keys
    }

    fn value(&mut self) -> Option<Node> {
        self.skip_blank();
        let event = self.next()?;
        match event.kind() {
            EventKind::Scalar => {
                let mut text = String::new();
                let kind = match self.raw(&event).decode_scalar(&mut text, &mut ()) {
                    ScalarKind::String => Kind::Str,
                    ScalarKind::Boolean(b) => Kind::Bool(b),
                    ScalarKind::Integer(radix) => {
                        let radix = match radix {
                            IntegerRadix::Dec => 10,
                            IntegerRadix::Hex => 16,
                            IntegerRadix::Oct => 8,
                            IntegerRadix::Bin => 2,
                        };
                        // The decoder gives the digits alone: no prefix, no `_`.
                        match i64::from_str_radix(&text, radix) {
                            Ok(n) => Kind::Int(n),
                            Err(_) => Kind::Other,
                        }
                    }
                    ScalarKind::Float | ScalarKind::DateTime => Kind::Other,
                };
                Some(Node::Scalar(Scalar {
                    kind,
                    text,
                    span: Self::span(&event),
                    encoding: event.encoding(),
                }))
            }
            EventKind::ArrayOpen => {
                let mut items = Vec::new();
                loop {
                    self.skip_blank();
                    match self.peek().map(Event::kind)? {
                        EventKind::ArrayClose => break,
                        EventKind::ValueSep => self.at += 1,
                        _ => items.push(self.value()?),
                    }
                }
                let close = self.next()?;
                Some(Node::List {
                    items,
                    span: event.span().start()..close.span().end(),
                })
            }
            EventKind::InlineTableOpen => {
                let mut table = Table::default();
                loop {
                    self.skip_blank();
                    match self.peek().map(Event::kind)? {
                        EventKind::InlineTableClose => break,
                        EventKind::ValueSep => self.at += 1,
                        _ => {
                            let keys = self.keys(&[EventKind::KeyValSep]);
                            let node = self.value()?;
                            insert(&mut table, &keys, node, None);
                        }
                    }
                }
                let close = self.next()?;
                table.origin = Origin::Inline(event.span().start()..close.span().end());
                Some(Node::Table(table))
            }
            _ => None,
        }
    }

    fn document(&mut self) -> Option<(Vec<Block>, Table)> {
        let mut root = Table::default();
        let mut blocks = vec![Block {
            path: Some(Vec::new()),
            header: None,
            lines: Vec::new(),
        }];
        while let Some(event) = self.peek().cloned() {
            match event.kind() {
                EventKind::Whitespace | EventKind::Newline | EventKind::Comment => {
                    self.at += 1;
                }
                EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                    self.at += 1;
                    let array = event.kind() == EventKind::ArrayTableOpen;
                    let close = if array {
                        EventKind::ArrayTableClose
                    } else {
                        EventKind::StdTableClose
                    };
                    let keys = self.keys(&[close]);
                    let end = self.events.get(self.at - 1)?.span().end();
                    let index = blocks.len();
                    let path = open_table(&mut root, &keys, array, index);
                    blocks.push(Block {
                        path,
                        header: Some(Header {
                            line: line_start(self.text, event.span().start())
                                ..line_end(self.text, end),
                            array,
                        }),
                        lines: Vec::new(),
                    });
                }
                EventKind::SimpleKey => {
                    let keys = self.keys(&[EventKind::KeyValSep]);
                    let node = self.value()?;
                    let value = match &node {
                        Node::Scalar(s) => s.span.clone(),
                        Node::List { span, .. } => span.clone(),
                        Node::Table(Table {
                            origin: Origin::Inline(span),
                            ..
                        }) => span.clone(),
                        _ => return None,
                    };
                    let block = blocks.len() - 1;
                    let line = blocks[block].lines.len();
                    if let Some(path) = blocks[block].path.clone() {
                        if let Some(table) = table_mut(&mut root, &path) {
                            insert(table, &keys, node, Some((block, line)));
                        }
                    }
                    blocks[block].lines.push(Line {
                        keys,
                        range: line_start(self.text, event.span().start())
                            ..line_end(self.text, value.end),
                        value,
                    });
                }
                _ => return None,
            }
        }
        Some((blocks, root))
    }
}

/// Adds a value under dotted keys, making the tables between (first write wins).
fn insert(table: &mut Table, keys: &[String], node: Node, line: Option<(usize, usize)>) {
    let Some((last, between)) = keys.split_last() else {
        return;
    };
    let mut table = table;
    for key in between {
        if table.entry(key).is_none() {
            table.entries.push((
                key.clone(),
                Entry {
                    node: Node::Table(Table {
                        entries: Vec::new(),
                        origin: Origin::Dotted,
                    }),
                    line: None,
                },
            ));
        }
        match table.entry_mut(key).map(|e| &mut e.node) {
            Some(Node::Table(t)) => table = t,
            _ => return,
        }
    }
    if table.entry(last).is_none() {
        table.entries.push((last.clone(), Entry { node, line }));
    }
}

fn table_mut<'a>(root: &'a mut Table, path: &[Seg]) -> Option<&'a mut Table> {
    let mut table = root;
    let mut segs = path.iter().peekable();
    while let Some(seg) = segs.next() {
        let Seg::Key(key) = seg else { return None };
        table = match &mut table.entry_mut(key)?.node {
            Node::Table(t) => t,
            Node::Tables(list) => match segs.next() {
                Some(Seg::Index(index)) => list.get_mut(*index)?,
                _ => return None,
            },
            _ => return None,
        };
    }
    Some(table)
}

/// Opens the table a header names and returns its path, or `None` if the
/// header clashes with what is already there.
fn open_table(root: &mut Table, keys: &[String], array: bool, block: usize) -> Option<Path> {
    let (last, between) = keys.split_last()?;
    let mut path = Vec::new();
    let mut table = root;
    for key in between {
        if table.entry(key).is_none() {
            table.entries.push((
                key.clone(),
                Entry {
                    node: Node::Table(Table {
                        entries: Vec::new(),
                        origin: Origin::Implicit,
                    }),
                    line: None,
                },
            ));
        }
        path.push(Seg::Key(key.clone()));
        table = match &mut table.entry_mut(key)?.node {
            Node::Table(t) => t,
            Node::Tables(list) => {
                path.push(Seg::Index(list.len().checked_sub(1)?));
                list.last_mut()?
            }
            _ => return None,
        };
    }
    path.push(Seg::Key(last.clone()));
    let fresh = Table {
        entries: Vec::new(),
        origin: Origin::Header(block),
    };
    match table.entry_mut(last).map(|e| &mut e.node) {
        None => {
            let node = if array {
                path.push(Seg::Index(0));
                Node::Tables(vec![fresh])
            } else {
                Node::Table(fresh)
            };
            table
                .entries
                .push((last.clone(), Entry { node, line: None }));
        }
        Some(Node::Tables(list)) if array => {
            path.push(Seg::Index(list.len()));
            list.push(fresh);
        }
        Some(Node::Table(t)) if !array && t.origin == Origin::Implicit => {
            t.origin = Origin::Header(block)
        }
        _ => return None,
    }
    Some(path)
}
