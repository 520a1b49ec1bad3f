//! What the workshop's forms know about a scenario file: where each part
//! lives in the tree, the names a form offers (scenes, flags, counters,
//! marks, key actions, practices, placeholders) so nothing is typed from
//! memory, the parts of a condition and a citation, and the edits that
//! change more than one value (renaming a scene renames every way to it).

use super::ops::{EditError, Element};
use super::tree::{k, Doc, Kind, Node, Path, Seg, Table};
use super::value::Value;
use crate::core::condition::{parse_condition, parse_duration};
use crate::core::lower::is_id;
use crate::core::text::{capitalise, pronoun_form, PRONOUN_KEYS};
use std::collections::{BTreeMap, BTreeSet};

pub fn scenes() -> Path {
    vec![k("scene")]
}

pub fn scene(n: usize) -> Path {
    vec![k("scene"), Seg::Index(n)]
}

pub fn decision(n: usize) -> Path {
    vec![k("scene"), Seg::Index(n), k("decision")]
}

pub fn options(n: usize) -> Path {
    vec![k("scene"), Seg::Index(n), k("decision"), k("option")]
}

pub fn option(n: usize, o: usize) -> Path {
    with(options(n), Seg::Index(o))
}

pub fn ending(n: usize) -> Path {
    vec![k("scene"), Seg::Index(n), k("ending")]
}

pub fn key_actions() -> Path {
    vec![k("key_action")]
}

pub fn cast_role(role: &str) -> Path {
    vec![k("cast"), k(role)]
}

/// A path one step deeper.
pub fn with(mut path: Path, seg: Seg) -> Path {
    path.push(seg);
    path
}

pub fn child(path: &[Seg], key: &str) -> Path {
    with(path.to_vec(), k(key))
}

pub fn nth(path: &[Seg], n: usize) -> Path {
    with(path.to_vec(), Seg::Index(n))
}

/// What a scene leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SceneKind {
    Decision,
    Next,
    Ending,
    /// Not yet chosen (the checker says it leads nowhere).
    Open,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SceneSummary {
    pub index: usize,
    pub id: String,
    pub title: String,
    pub kind: SceneKind,
}

pub fn scene_summaries(doc: &Doc) -> Vec<SceneSummary> {
    (0..doc.count(&scenes()))
        .map(|n| {
            let path = scene(n);
            let kind = if doc.table(&decision(n)).is_some() {
                SceneKind::Decision
            } else if doc.table(&ending(n)).is_some() {
                SceneKind::Ending
            } else if doc.has(&path, "next") {
                SceneKind::Next
            } else {
                SceneKind::Open
            };
            SceneSummary {
                index: n,
                id: doc.str(&path, "id").to_string(),
                title: doc.str(&path, "title").to_string(),
                kind,
            }
        })
        .collect()
}

/// Every table in the file with its path, in tree order.
pub fn tables(doc: &Doc) -> Vec<(Path, &Table)> {
    fn walk<'a>(path: Path, table: &'a Table, out: &mut Vec<(Path, &'a Table)>) {
        out.push((path.clone(), table));
        for (key, entry) in &table.entries {
            match &entry.node {
                Node::Table(t) => walk(with(path.clone(), k(key)), t, out),
                Node::Tables(list) => {
                    for (n, t) in list.iter().enumerate() {
                        walk(with(with(path.clone(), k(key)), Seg::Index(n)), t, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(Vec::new(), &doc.root, &mut out);
    out
}

/// The names the scenario already uses, which conditions are built from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Symbols {
    pub flags: BTreeSet<String>,
    pub counters: BTreeSet<String>,
    pub marks: BTreeSet<String>,
    /// Durations written anywhere (`advance`, conditions), for suggestions.
    pub durations: BTreeSet<String>,
    /// Key actions: id and text.
    pub key_actions: Vec<(String, String)>,
    /// Practices the scenario's options show.
    pub practices: BTreeSet<String>,
}

impl Symbols {
    pub fn of(doc: &Doc) -> Symbols {
        let mut out = Symbols::default();
        for (path, table) in tables(doc) {
            let strings = |key: &str| doc.strs(&path, key);
            for flag in strings("set").into_iter().chain(strings("clear")) {
                out.flags.insert(flag);
            }
            out.marks.extend(strings("mark"));
            out.practices.extend(strings("practices"));
            if !matches!(path.first(), Some(Seg::Key(key)) if key == "key_action") {
                out.counters
                    .extend(doc.ints(&path, "add").into_iter().map(|(name, _)| name));
            }
            if let Some(advance) = table.str("advance").filter(|d| parse_duration(d).is_ok()) {
                out.durations.insert(advance.to_string());
            }
            for condition in strings("when") {
                if let Some(parts) = ConditionParts::read(&condition) {
                    if matches!(parts.kind, ConditionKind::Elapsed | ConditionKind::Since) {
                        out.durations.insert(parts.value);
                    }
                }
            }
        }
        for n in 0..doc.count(&key_actions()) {
            let path = nth(&key_actions(), n);
            out.key_actions.push((
                doc.str(&path, "id").to_string(),
                doc.str(&path, "text").to_string(),
            ));
        }
        out
    }
}

/// `base`, or `base-2`, `base-3`… whichever is not taken.
pub fn fresh_id<'a>(taken: impl IntoIterator<Item = &'a str> + Clone, base: &str) -> String {
    let base = if is_id(base) {
        base.to_string()
    } else {
        "new".to_string()
    };
    let free = |candidate: &str| !taken.clone().into_iter().any(|t| t == candidate);
    if free(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| free(c))
        .expect("some number is free")
}

/// An id from a title: lowercase words joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out.truncate(40);
    out.trim_end_matches('-').to_string()
}

/// Adds a scene at the end; the first scene becomes the start.
pub fn add_scene(doc: &Doc, id: &str, title: &str) -> Result<String, EditError> {
    let element = Element::default()
        .with("id", Value::str(id))
        .with("title", Value::str(title))
        .with("text", Value::str(""));
    let needs_start = doc.str(&[], "start").is_empty();
    let id = id.to_string();
    doc.chain(&[
        &|d: &Doc| d.insert(&scenes(), usize::MAX, &element),
        &|d: &Doc| {
            if needs_start {
                d.set(&[], "start", Some(&Value::str(id.clone())))
            } else {
                Ok(d.text.clone())
            }
        },
    ])
}

/// Adds a scene and points `key` of the table at `from` to it, as one edit.
pub fn add_scene_from(
    doc: &Doc,
    from: &[Seg],
    key: &str,
    id: &str,
    title: &str,
) -> Result<String, EditError> {
    let added = Doc::parse(&add_scene(doc, id, title)?)
        .map_err(|_| EditError("the new scene could not be added".into()))?;
    added.set(from, key, Some(&Value::str(id)))
}

/// Copies a scene just after itself, with a new id.
pub fn duplicate_scene(doc: &Doc, n: usize) -> Result<String, EditError> {
    let ids: Vec<String> = scene_summaries(doc).into_iter().map(|s| s.id).collect();
    let id = fresh_id(
        ids.iter().map(String::as_str),
        &format!("{}-copy", doc.str(&scene(n), "id")),
    );
    doc.duplicate(&scene(n), &id)
}

/// Copies an option just after itself, with a new id.
pub fn duplicate_option(doc: &Doc, n: usize, o: usize) -> Result<String, EditError> {
    let ids: Vec<String> = (0..doc.count(&options(n)))
        .map(|j| doc.str(&option(n, j), "id").to_string())
        .collect();
    let id = fresh_id(
        ids.iter().map(String::as_str),
        &format!("{}-copy", doc.str(&option(n, o), "id")),
    );
    doc.duplicate(&option(n, o), &id)
}

/// Adds an option at the end of a scene's decision.
pub fn add_option(doc: &Doc, n: usize) -> Result<String, EditError> {
    let ids: Vec<String> = (0..doc.count(&options(n)))
        .map(|j| doc.str(&option(n, j), "id").to_string())
        .collect();
    let id = fresh_id(
        ids.iter().map(String::as_str),
        &format!("option-{}", ids.len() + 1),
    );
    doc.insert(
        &options(n),
        usize::MAX,
        &Element::default()
            .with("id", Value::str(id))
            .with("text", Value::str("")),
    )
}

/// What a scene becomes: a decision, a scene that continues to `next`, or
/// an ending. What it was is taken out (an undo brings it back).
pub fn set_scene_kind(doc: &Doc, n: usize, kind: SceneKind) -> Result<String, EditError> {
    let keep = |d: &Doc| Ok(d.text.clone());
    let drop_decision = |d: &Doc| {
        if kind != SceneKind::Decision && d.table(&decision(n)).is_some() {
            d.remove(&decision(n))
        } else {
            keep(d)
        }
    };
    let drop_ending = |d: &Doc| {
        if kind != SceneKind::Ending && d.table(&ending(n)).is_some() {
            d.remove(&ending(n))
        } else {
            keep(d)
        }
    };
    let drop_next = |d: &Doc| {
        if kind != SceneKind::Next {
            d.set(&scene(n), "next", None)
        } else {
            keep(d)
        }
    };
    let add = |d: &Doc| match kind {
        SceneKind::Decision if d.table(&decision(n)).is_none() => d.create(
            &decision(n),
            &Element::default()
                .with("prompt", Value::str(""))
                .with("kind", Value::str("single")),
        ),
        SceneKind::Ending if d.table(&ending(n)).is_none() => d.create(
            &ending(n),
            &Element::default()
                .with("outcome", Value::str(""))
                .with("debrief", Value::str("")),
        ),
        SceneKind::Next if !d.has(&scene(n), "next") => {
            d.set(&scene(n), "next", Some(&Value::str("")))
        }
        _ => keep(d),
    };
    doc.chain(&[&drop_decision, &drop_ending, &drop_next, &add])
}

/// The places a scene id is written as a destination: `start`, `next` and
/// every `goto`.
fn destinations(doc: &Doc, id: &str) -> Vec<(Path, String)> {
    let mut out = Vec::new();
    for (path, table) in tables(doc) {
        for key in ["start", "next", "goto"] {
            if table.str(key) == Some(id) && (key != "start" || path.is_empty()) {
                out.push((path.clone(), key.to_string()));
            }
        }
    }
    out
}

/// Renames a scene, and every `start`, `next` and `goto` that leads to it.
pub fn rename_scene(doc: &Doc, n: usize, new_id: &str) -> Result<String, EditError> {
    let old = doc.str(&scene(n), "id").to_string();
    let mut edits = vec![(scene(n), "id".to_string(), Value::str(new_id))];
    if !old.is_empty() && old != new_id {
        let unique = scene_summaries(doc).iter().filter(|s| s.id == old).count() == 1;
        if unique {
            edits.extend(
                destinations(doc, &old)
                    .into_iter()
                    .map(|(path, key)| (path, key, Value::str(new_id))),
            );
        }
    }
    doc.replace_all(&edits)
}

/// How many places lead to a scene (for "deleting it leaves N ways to nowhere").
pub fn ways_in(doc: &Doc, id: &str) -> usize {
    if id.is_empty() {
        0
    } else {
        destinations(doc, id).len()
    }
}

/// Renames a key action, and every `achieves`, `done` condition and claim that names it.
pub fn rename_key_action(doc: &Doc, n: usize, new_id: &str) -> Result<String, EditError> {
    let path = nth(&key_actions(), n);
    let old = doc.str(&path, "id").to_string();
    let mut edits = vec![(path, "id".to_string(), Value::str(new_id))];
    if !old.is_empty() && old != new_id {
        for (path, _) in tables(doc) {
            for key in ["achieves", "when", "claims"] {
                let items = doc.strs(&path, key);
                let renamed: Vec<String> = items
                    .iter()
                    .map(|item| rename_in(key, item, &old, new_id))
                    .collect();
                if renamed != items {
                    edits.push((path.clone(), key.to_string(), Value::strs(&renamed)));
                }
            }
        }
    }
    doc.replace_all(&edits)
}

fn rename_in(key: &str, item: &str, old: &str, new: &str) -> String {
    let words: Vec<&str> = item.split_whitespace().collect();
    let renamed = match (key, words.as_slice()) {
        ("achieves", [id]) | ("claims", [id]) if *id == old => new.to_string(),
        ("claims", ["not", id]) if *id == old => format!("not {new}"),
        ("when", ["done", id]) if *id == old => format!("done {new}"),
        ("when", ["not", "done", id]) if *id == old => format!("not done {new}"),
        _ => return item.to_string(),
    };
    renamed
}

/// The kinds of condition a form builds, in the words a trainer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionKind {
    FlagSet,
    FlagNotSet,
    Counter,
    Elapsed,
    Since,
    Done,
    NotDone,
}

impl ConditionKind {
    pub const ALL: [ConditionKind; 7] = [
        ConditionKind::FlagSet,
        ConditionKind::FlagNotSet,
        ConditionKind::Counter,
        ConditionKind::Elapsed,
        ConditionKind::Since,
        ConditionKind::Done,
        ConditionKind::NotDone,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ConditionKind::FlagSet => "flag",
            ConditionKind::FlagNotSet => "not-flag",
            ConditionKind::Counter => "counter",
            ConditionKind::Elapsed => "elapsed",
            ConditionKind::Since => "since",
            ConditionKind::Done => "done",
            ConditionKind::NotDone => "not-done",
        }
    }

    pub fn from_code(code: &str) -> Option<ConditionKind> {
        ConditionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConditionKind::FlagSet => "A flag is set",
            ConditionKind::FlagNotSet => "A flag is not set",
            ConditionKind::Counter => "A counter compares with a number",
            ConditionKind::Elapsed => "Time since the start",
            ConditionKind::Since => "Time since a mark",
            ConditionKind::Done => "A key action or practice was done",
            ConditionKind::NotDone => "A key action or practice was not done",
        }
    }

    /// Whether the condition names something (a flag, counter, mark or key action).
    pub fn has_name(self) -> bool {
        self != ConditionKind::Elapsed
    }

    /// Whether it compares (`>=` and a number or a duration).
    pub fn compares(self) -> bool {
        matches!(
            self,
            ConditionKind::Counter | ConditionKind::Elapsed | ConditionKind::Since
        )
    }
}

pub const COMPARISONS: [(&str, &str); 6] = [
    (">=", "at least"),
    (">", "more than"),
    ("<=", "at most"),
    ("<", "less than"),
    ("==", "exactly"),
    ("!=", "not"),
];

/// A condition as a form shows it: its kind, the name it reads, and a
/// comparison with a number or duration exactly as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionParts {
    pub kind: ConditionKind,
    pub name: String,
    pub compare: String,
    pub value: String,
}

impl ConditionParts {
    /// The parts of a condition the checker can read; `None` for one it cannot.
    pub fn read(text: &str) -> Option<ConditionParts> {
        parse_condition(text).ok()?;
        let words: Vec<&str> = text.split_whitespace().collect();
        let parts = |kind, name: &str, compare: &str, value: &str| ConditionParts {
            kind,
            name: name.to_string(),
            compare: compare.to_string(),
            value: value.to_string(),
        };
        Some(match words.as_slice() {
            ["done", id] => parts(ConditionKind::Done, id, "", ""),
            ["not", "done", id] => parts(ConditionKind::NotDone, id, "", ""),
            [flag] => parts(ConditionKind::FlagSet, flag, "", ""),
            ["not", flag] => parts(ConditionKind::FlagNotSet, flag, "", ""),
            ["elapsed", op, duration] => parts(ConditionKind::Elapsed, "", op, duration),
            ["since", mark, op, duration] => parts(ConditionKind::Since, mark, op, duration),
            [counter, op, value] => parts(ConditionKind::Counter, counter, op, value),
            _ => return None,
        })
    }

    /// The condition as the file writes it.
    pub fn text(&self) -> String {
        let ConditionParts {
            name,
            compare,
            value,
            ..
        } = self;
        match self.kind {
            ConditionKind::FlagSet => name.clone(),
            ConditionKind::FlagNotSet => format!("not {name}"),
            ConditionKind::Counter => format!("{name} {compare} {value}"),
            ConditionKind::Elapsed => format!("elapsed {compare} {value}"),
            ConditionKind::Since => format!("since {name} {compare} {value}"),
            ConditionKind::Done => format!("done {name}"),
            ConditionKind::NotDone => format!("not done {name}"),
        }
    }

    /// The names this kind of condition may read, from what the scenario has.
    pub fn names(kind: ConditionKind, symbols: &Symbols) -> Vec<&str> {
        match kind {
            ConditionKind::FlagSet | ConditionKind::FlagNotSet => {
                symbols.flags.iter().map(String::as_str).collect()
            }
            ConditionKind::Counter => symbols.counters.iter().map(String::as_str).collect(),
            ConditionKind::Since => symbols.marks.iter().map(String::as_str).collect(),
            ConditionKind::Done | ConditionKind::NotDone => symbols
                .key_actions
                .iter()
                .map(|(id, _)| id.as_str())
                .chain(symbols.practices.iter().map(String::as_str))
                .collect(),
            ConditionKind::Elapsed => Vec::new(),
        }
    }
}

/// One section a citation names, with any note after it (`(S-DASH)`,
/// `, case study 12`) as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitePart {
    pub section: String,
    pub note: String,
}

/// A citation's parts, `;` by `;`. A part that starts with no known
/// section is kept whole as its section (the checker reports it).
pub fn cite_parts(cite: &str, known: &[&str]) -> Vec<CitePart> {
    cite.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let section = known
                .iter()
                .filter(|s| {
                    part.starts_with(**s)
                        && !part[s.len()..]
                            .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.')
                })
                .max_by_key(|s| s.len());
            match section {
                Some(section) => CitePart {
                    section: section.to_string(),
                    note: part[section.len()..].trim().to_string(),
                },
                None => CitePart {
                    section: part.to_string(),
                    note: String::new(),
                },
            }
        })
        .collect()
}

/// A note as a trainer types it: without the brackets the file puts round it.
pub fn note_shown(note: &str) -> &str {
    note.strip_prefix('(')
        .and_then(|n| n.strip_suffix(')'))
        .unwrap_or(note)
}

pub fn cite_text(parts: &[CitePart]) -> String {
    parts
        .iter()
        .map(|p| {
            let note = p.note.trim();
            if note.is_empty() {
                p.section.clone()
            } else if note.starts_with(',') {
                format!("{}{note}", p.section)
            } else {
                format!("{} ({})", p.section, note_shown(note))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A placeholder the text of this scenario can use, and what it gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    pub text: String,
    /// What it reads as, e.g. "Nadia / Sam".
    pub gives: String,
}

/// Every placeholder the cast and the force offer: the keys every variant
/// of a role has, its pronoun forms (with capitals) when every variant has
/// pronouns, the force's details and the helpline.
pub fn placeholders(doc: &Doc, force: &BTreeMap<String, String>) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let roles = match doc.table(&[k("cast")]) {
        Some(table) => table.entries.iter().map(|(role, _)| role.clone()).collect(),
        None => Vec::new(),
    };
    for role in roles {
        let variants: Vec<&Table> = match doc.node(&cast_role(&role)) {
            Some(Node::Tables(list)) => list.iter().collect(),
            _ => continue,
        };
        let values = |key: &str| -> Vec<String> {
            variants
                .iter()
                .filter_map(|v| v.str(key).map(str::to_string))
                .collect()
        };
        let Some(first) = variants.first() else {
            continue;
        };
        let common: Vec<&str> = first
            .entries
            .iter()
            .map(|(key, _)| key.as_str())
            .filter(|key| *key != "pronouns" && variants.iter().all(|v| v.str(key).is_some()))
            .collect();
        for key in common {
            out.push(Placeholder {
                text: format!("{{{role}.{key}}}"),
                gives: values(key).join(" / "),
            });
        }
        let pronouns = values("pronouns");
        if pronouns.len() == variants.len()
            && pronouns.iter().all(|p| pronoun_form(p, "they").is_some())
        {
            for key in PRONOUN_KEYS {
                let forms: Vec<&str> = pronouns
                    .iter()
                    .filter_map(|p| pronoun_form(p, key))
                    .collect();
                out.push(Placeholder {
                    text: format!("{{{role}.{key}}}"),
                    gives: forms.join(" / "),
                });
            }
            for key in ["they", "their"] {
                let forms: Vec<String> = pronouns
                    .iter()
                    .filter_map(|p| pronoun_form(p, key))
                    .map(capitalise)
                    .collect();
                out.push(Placeholder {
                    text: format!("{{{role}.{}}}", capitalise(key)),
                    gives: forms.join(" / "),
                });
            }
        }
    }
    for (key, value) in force {
        out.push(Placeholder {
            text: format!("{{force.{key}}}"),
            gives: value.clone(),
        });
    }
    out.push(Placeholder {
        text: "{helpline}".into(),
        gives: crate::core::text::HELPLINE.into(),
    });
    out
}

/// The field a byte of the file belongs to: the table and, on a
/// `key = value` line, the key. Diagnostics are shown on that field.
pub fn field_at(doc: &Doc, offset: usize) -> Option<(Path, Option<String>)> {
    let block = doc
        .blocks
        .iter()
        .enumerate()
        .rev()
        .find(|(_, b)| b.header.as_ref().is_none_or(|h| h.line.start <= offset))?;
    let path = block.1.path.clone()?;
    let key = block
        .1
        .lines
        .iter()
        .find(|l| {
            l.range.contains(&offset) || (offset == l.range.end && l.range.end == doc.text.len())
        })
        .map(|l| l.keys[0].clone());
    Some((path, key))
}

/// The scene a byte of the file belongs to.
pub fn scene_at(doc: &Doc, offset: usize) -> Option<usize> {
    match field_at(doc, offset)?.0.as_slice() {
        [Seg::Key(key), Seg::Index(n), ..] if key == "scene" => Some(*n),
        _ => None,
    }
}

/// The `id` an element of the page gives a field: stable while the file
/// keeps its shape, and the same in a form and in the error summary.
pub fn field_id(path: &[Seg], key: Option<&str>) -> String {
    let mut out = String::from("f");
    let clean = |part: &str, out: &mut String| {
        out.push('-');
        out.extend(
            part.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
        );
    };
    for seg in path {
        match seg {
            Seg::Key(key) => clean(key, &mut out),
            Seg::Index(n) => clean(&n.to_string(), &mut out),
        }
    }
    if let Some(key) = key {
        clean(key, &mut out);
    }
    out
}

/// The key of a "missing field `x`" message: the field to show it on.
pub fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// Whether a value is a whole number the file writes as one.
pub fn is_int(node: Option<&Node>) -> bool {
    matches!(node, Some(Node::Scalar(s)) if matches!(s.kind, Kind::Int(_)))
}
