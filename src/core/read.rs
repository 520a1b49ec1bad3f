//! Reads a scenario file into `file::ScenarioFile` by walking TOML's spanned
//! document tree by hand.
//!
//! ## Implementation note
//! Deriving serde's `Deserialize` for the file model made toml generate a
//! deserializer for every field type, which was the largest part of the
//! browser download. Walking the tree costs a fraction of that, recovers
//! after syntax errors, and reports every shape error in a file (an unknown
//! field, a missing one, a value of the wrong kind) instead of only the first.
//! Messages keep the wording trainers already see from `parse_toml`.

use crate::core::diagnostic::{Diagnostic, SourceFile, Span};
use crate::core::file::*;
use crate::core::lower::closest;
use crate::core::parse::toml_error;
use std::collections::BTreeMap;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

type Value<'i> = Spanned<DeValue<'i>>;

/// Reads a scenario file, or returns every problem found in it.
pub fn scenario_file(source: &SourceFile) -> Result<ScenarioFile, Vec<Diagnostic>> {
    let (root, syntax) = DeTable::parse_recoverable(&source.text);
    if !syntax.is_empty() {
        let errors = syntax.iter().map(toml_error).collect();
        return Err(crate::core::syntax::explain(&source.text, errors));
    }
    let mut reader = Reader { errors: Vec::new() };
    let file = reader.scenario(root.get_ref(), root.span());
    match file {
        Some(file) if reader.errors.is_empty() => Ok(file),
        _ => Err(reader.errors),
    }
}

struct Reader {
    errors: Vec<Diagnostic>,
}

/// A table whose keys have been checked against the fields it may have.
struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Span,
    /// Fields an unknown key looks like a misspelling of: that key's error
    /// already says so, so the field is not reported missing as well.
    misspelt: Vec<&'static str>,
}

impl<'t, 'i> Fields<'t, 'i> {
    fn get(&self, name: &str) -> Option<&'t Value<'i>> {
        self.table.get(name)
    }
}

/// How serde names a value in "wrong kind of value" messages.
fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("string {s:?}"),
        DeValue::Integer(i) => format!("integer `{i}`"),
        DeValue::Float(f) => format!("floating point `{f}`"),
        DeValue::Boolean(b) => format!("boolean `{b}`"),
        DeValue::Datetime(d) => format!("date `{d}`"),
        DeValue::Array(_) => "sequence".into(),
        DeValue::Table(_) => "map".into(),
    }
}

/// A required field that is absent, with the fix for the fields trainers most often forget.
fn missing(name: &str, span: Span) -> Diagnostic {
    match name {
        "kind" => Diagnostic::error(
            "missing-kind",
            span,
            "this decision has no `kind`, so the app cannot tell whether the trainee picks one option or ticks several",
        )
        .with_hint("add `kind = \"single\"` (choose one: radio buttons) or `kind = \"multiple\"` (select all that apply: tick boxes) under [scene.decision]"),
        _ => Diagnostic::error("toml", span, format!("missing field `{name}`")).with_hint(
            "every scenario, scene and option needs the fields listed in scenarios/README.md",
        ),
    }
}

const QUOTES_HINT: &str = "put text values in quotes, e.g. `age = \"34\"`";

impl Reader {
    fn wrong_kind(&mut self, value: &Value<'_>, expected: &str) {
        let mut error = Diagnostic::error(
            "toml",
            value.span(),
            format!(
                "wrong kind of value: {}, expected {expected}",
                describe(value.get_ref())
            ),
        );
        error.hint = match (value.get_ref(), expected) {
            (DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_), "a string") => {
                Some(QUOTES_HINT.into())
            }
            (DeValue::String(_), "a whole number") => {
                Some("write the number without quotes, e.g. `minutes = 15`".into())
            }
            (_, "a list") => Some("write a list in square brackets, e.g. `[\"a\", \"b\"]`".into()),
            _ => None,
        };
        self.errors.push(error);
    }

    fn fields<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        span: Span,
        allowed: &[&'static str],
    ) -> Fields<'t, 'i> {
        let mut misspelt = Vec::new();
        for (key, _) in table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                let expected = match allowed {
                    [only] => format!("expected `{only}`"),
                    _ => format!(
                        "expected one of {}",
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let near = closest(
                    key.get_ref(),
                    allowed.iter().copied().filter(|a| !table.contains_key(*a)),
                );
                let hint = match near {
                    Some(near) => {
                        misspelt.extend(allowed.iter().copied().filter(|a| *a == near));
                        format!("did you mean `{near}`?")
                    }
                    None => "check the spelling against scenarios/README.md; field names are lowercase with `_`".into(),
                };
                self.errors.push(
                    Diagnostic::error(
                        "toml",
                        key.span(),
                        format!("unknown field `{}`, {expected}", key.get_ref()),
                    )
                    .with_hint(hint),
                );
            }
        }
        Fields {
            table,
            span,
            misspelt,
        }
    }

    fn required<'t, 'i, T>(
        &mut self,
        fields: &Fields<'t, 'i>,
        name: &str,
        read: impl FnOnce(&mut Self, &'t Value<'i>) -> Option<T>,
    ) -> Option<T> {
        match fields.get(name) {
            Some(value) => read(self, value),
            None if fields.misspelt.contains(&name) => None,
            None => {
                self.errors.push(missing(name, fields.span.clone()));
                None
            }
        }
    }

    /// An optional field: `Some(None)` when absent, `None` when present but unreadable.
    fn optional<'t, 'i, T>(
        &mut self,
        fields: &Fields<'t, 'i>,
        name: &str,
        read: impl FnOnce(&mut Self, &'t Value<'i>) -> Option<T>,
    ) -> Option<Option<T>> {
        match fields.get(name) {
            Some(value) => read(self, value).map(Some),
            None => Some(None),
        }
    }

    /// A field holding a list, empty when absent.
    fn list<'t, 'i, T>(
        &mut self,
        fields: &Fields<'t, 'i>,
        name: &str,
        read: impl FnOnce(&mut Self, &'t Value<'i>) -> Option<Vec<T>>,
    ) -> Option<Vec<T>> {
        self.optional(fields, name, read)
            .map(Option::unwrap_or_default)
    }

    fn string(&mut self, value: &Value<'_>) -> Option<Str> {
        match value.get_ref() {
            DeValue::String(s) => Some(Spanned::new(value.span(), s.to_string())),
            _ => {
                self.wrong_kind(value, "a string");
                None
            }
        }
    }

    fn integer(&mut self, value: &Value<'_>) -> Option<i64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.wrong_kind(value, "a whole number");
        }
        parsed
    }

    fn whole<T: TryFrom<i64>>(&mut self, value: &Value<'_>) -> Option<Spanned<T>> {
        let number = self.integer(value)?;
        match T::try_from(number) {
            Ok(n) => Some(Spanned::new(value.span(), n)),
            Err(_) => {
                self.errors.push(Diagnostic::error(
                    "toml",
                    value.span(),
                    format!("the number `{number}` is out of range here"),
                ));
                None
            }
        }
    }

    fn boolean(&mut self, value: &Value<'_>) -> Option<Spanned<bool>> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Spanned::new(value.span(), *b)),
            _ => {
                self.wrong_kind(value, "`true` or `false`");
                None
            }
        }
    }

    fn array<'t, 'i>(&mut self, value: &'t Value<'i>) -> Option<&'t [Value<'i>]> {
        match value.get_ref() {
            DeValue::Array(items) => Some(items),
            _ => {
                self.wrong_kind(value, "a list");
                None
            }
        }
    }

    fn strings(&mut self, value: &Value<'_>) -> Option<Vec<Str>> {
        let items = self.array(value)?;
        let read: Vec<Option<Str>> = items.iter().map(|item| self.string(item)).collect();
        read.into_iter().collect()
    }

    fn table<'t, 'i>(&mut self, value: &'t Value<'i>) -> Option<(&'t DeTable<'i>, Span)> {
        match value.get_ref() {
            DeValue::Table(table) => Some((table, value.span())),
            _ => {
                self.wrong_kind(value, "a table");
                None
            }
        }
    }

    /// `[[name]]` tables, each read by `read`.
    fn tables<'t, 'i, T>(
        &mut self,
        value: &'t Value<'i>,
        mut read: impl FnMut(&mut Self, &'t DeTable<'i>, Span) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = self.array(value)?;
        let mut out = Vec::with_capacity(items.len());
        let mut failed = false;
        for item in items {
            match self
                .table(item)
                .and_then(|(table, span)| read(self, table, span))
            {
                Some(v) => out.push(v),
                None => failed = true,
            }
        }
        (!failed).then_some(out)
    }

    /// `{ key = number, ... }`
    fn numbers<T: TryFrom<i64>>(
        &mut self,
        value: &Value<'_>,
    ) -> Option<Spanned<BTreeMap<String, Spanned<T>>>> {
        let (table, span) = self.table(value)?;
        let mut out = BTreeMap::new();
        let mut failed = false;
        for (key, number) in table.iter() {
            match self.whole::<T>(number) {
                Some(n) => {
                    out.insert(key.get_ref().to_string(), n);
                }
                None => failed = true,
            }
        }
        (!failed).then(|| Spanned::new(span, out))
    }

    fn scenario(&mut self, root: &DeTable<'_>, span: Span) -> Option<ScenarioFile> {
        let f = self.fields(
            root,
            span,
            &[
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
        );
        let id = self.required(&f, "id", Self::string);
        let title = self.required(&f, "title", Self::string);
        let summary = self.required(&f, "summary", Self::string);
        let pattern = self.required(&f, "pattern", Self::string);
        let role = self.required(&f, "role", Self::string);
        let minutes = self.required(&f, "minutes", Self::whole::<u32>);
        let version = self.required(&f, "version", Self::string);
        let content_note = self.required(&f, "content_note", Self::string);
        let start = self.required(&f, "start", Self::string);
        let clock_start = self.optional(&f, "clock_start", Self::string);
        let cast = self
            .optional(&f, "cast", Self::cast)
            .map(Option::unwrap_or_default);
        let key_action = self.list(&f, "key_action", |r, v| r.tables(v, Self::key_action));
        let scene = self.list(&f, "scene", |r, v| r.tables(v, Self::scene));
        Some(ScenarioFile {
            id: id?,
            title: title?,
            summary: summary?,
            pattern: pattern?,
            role: role?,
            minutes: minutes?,
            version: version?,
            content_note: content_note?,
            start: start?,
            clock_start: clock_start?,
            cast: cast?,
            key_action: key_action?,
            scene: scene?,
        })
    }

    fn cast(&mut self, value: &Value<'_>) -> Option<CastFile> {
        let (roles, _) = self.table(value)?;
        let mut cast = BTreeMap::new();
        let mut failed = false;
        for (role, variants) in roles.iter() {
            let read = self.tables(variants, |r, table, span| {
                let mut variant = BTreeMap::new();
                let mut failed = false;
                for (key, text) in table.iter() {
                    match r.string(text) {
                        Some(text) => {
                            variant.insert(key.get_ref().to_string(), text);
                        }
                        None => failed = true,
                    }
                }
                (!failed).then(|| Spanned::new(span, variant))
            });
            match read {
                Some(list) => {
                    cast.insert(
                        role.get_ref().to_string(),
                        Spanned::new(variants.span(), list),
                    );
                }
                None => failed = true,
            }
        }
        (!failed).then_some(cast)
    }

    fn key_action(&mut self, table: &DeTable<'_>, span: Span) -> Option<Spanned<KeyActionFile>> {
        let f = self.fields(
            table,
            span.clone(),
            &["id", "text", "competency", "why", "cite"],
        );
        let id = self.required(&f, "id", Self::string);
        let text = self.required(&f, "text", Self::string);
        let competency = self.required(&f, "competency", Self::string);
        let why = self.required(&f, "why", Self::string);
        let cite = self.required(&f, "cite", Self::string);
        Some(Spanned::new(
            span,
            KeyActionFile {
                id: id?,
                text: text?,
                competency: competency?,
                why: why?,
                cite: cite?,
            },
        ))
    }

    fn scene(&mut self, table: &DeTable<'_>, span: Span) -> Option<Spanned<SceneFile>> {
        let f = self.fields(
            table,
            span.clone(),
            &[
                "id", "title", "text", "advance", "set", "aside", "exhibit", "decision", "ending",
                "next", "route",
            ],
        );
        let id = self.required(&f, "id", Self::string);
        let title = self.required(&f, "title", Self::string);
        let text = self.required(&f, "text", Self::string);
        let advance = self.optional(&f, "advance", Self::string);
        let set = self.list(&f, "set", Self::strings);
        let aside = self.list(&f, "aside", |r, v| r.tables(v, Self::aside));
        let exhibit = self.list(&f, "exhibit", |r, v| r.tables(v, Self::exhibit));
        let decision = self.optional(&f, "decision", |r, v| {
            r.table(v).and_then(|(t, s)| r.decision(t, s))
        });
        let ending = self.optional(&f, "ending", |r, v| {
            r.table(v).and_then(|(t, s)| r.ending(t, s))
        });
        let next = self.optional(&f, "next", Self::string);
        let route = self.list(&f, "route", |r, v| r.tables(v, Self::route));
        Some(Spanned::new(
            span,
            SceneFile {
                id: id?,
                title: title?,
                text: text?,
                advance: advance?,
                set: set?,
                aside: aside?,
                exhibit: exhibit?,
                decision: decision?,
                ending: ending?,
                next: next?,
                route: route?,
            },
        ))
    }

    fn aside(&mut self, table: &DeTable<'_>, span: Span) -> Option<AsideFile> {
        let f = self.fields(table, span, &["when", "text", "claims"]);
        let when = self.required(&f, "when", Self::strings);
        let text = self.required(&f, "text", Self::string);
        let claims = self.list(&f, "claims", Self::strings);
        Some(AsideFile {
            when: when?,
            text: text?,
            claims: claims?,
        })
    }

    fn exhibit(&mut self, table: &DeTable<'_>, span: Span) -> Option<Spanned<ExhibitFile>> {
        let f = self.fields(
            table,
            span.clone(),
            &["id", "kind", "title", "text", "entry"],
        );
        let id = self.required(&f, "id", Self::string);
        let kind = self.required(&f, "kind", Self::string);
        let title = self.required(&f, "title", Self::string);
        let text = self.optional(&f, "text", Self::string);
        let entry = self.list(&f, "entry", |r, v| r.tables(v, Self::entry));
        Some(Spanned::new(
            span,
            ExhibitFile {
                id: id?,
                kind: kind?,
                title: title?,
                text: text?,
                entry: entry?,
            },
        ))
    }

    fn entry(&mut self, table: &DeTable<'_>, span: Span) -> Option<EntryFile> {
        let f = self.fields(table, span, &["at", "from", "text"]);
        let at = self.optional(&f, "at", Self::string);
        let from = self.optional(&f, "from", Self::string);
        let text = self.required(&f, "text", Self::string);
        Some(EntryFile {
            at: at?,
            from: from?,
            text: text?,
        })
    }

    fn decision(&mut self, table: &DeTable<'_>, span: Span) -> Option<Spanned<DecisionFile>> {
        let f = self.fields(
            table,
            span.clone(),
            &["prompt", "kind", "goto", "route", "option"],
        );
        let prompt = self.required(&f, "prompt", Self::string);
        let kind = self.required(&f, "kind", Self::string);
        let goto = self.optional(&f, "goto", Self::string);
        let route = self.list(&f, "route", |r, v| r.tables(v, Self::route));
        let option = self.list(&f, "option", |r, v| r.tables(v, Self::option));
        Some(Spanned::new(
            span,
            DecisionFile {
                prompt: prompt?,
                kind: kind?,
                goto: goto?,
                route: route?,
                option: option?,
            },
        ))
    }

    fn route(&mut self, table: &DeTable<'_>, span: Span) -> Option<Spanned<RouteFile>> {
        let f = self.fields(table, span.clone(), &["when", "goto"]);
        let when = self.required(&f, "when", Self::strings);
        let goto = self.required(&f, "goto", Self::string);
        Some(Spanned::new(
            span,
            RouteFile {
                when: when?,
                goto: goto?,
            },
        ))
    }

    fn option(&mut self, table: &DeTable<'_>, span: Span) -> Option<Spanned<OptionFile>> {
        let f = self.fields(
            table,
            span.clone(),
            &[
                "id",
                "text",
                "when",
                "goto",
                "route",
                "set",
                "clear",
                "add",
                "mark",
                "advance",
                "points",
                "achieves",
                "practices",
                "critical",
                "feedback",
                "cite",
            ],
        );
        let id = self.required(&f, "id", Self::string);
        let text = self.required(&f, "text", Self::string);
        let when = self.list(&f, "when", Self::strings);
        let goto = self.optional(&f, "goto", Self::string);
        let route = self.list(&f, "route", |r, v| r.tables(v, Self::route));
        let set = self.list(&f, "set", Self::strings);
        let clear = self.list(&f, "clear", Self::strings);
        let add = self.optional(&f, "add", Self::numbers::<i64>);
        let mark = self.list(&f, "mark", Self::strings);
        let advance = self.optional(&f, "advance", Self::string);
        let points = self.optional(&f, "points", Self::numbers::<i32>);
        let achieves = self.list(&f, "achieves", Self::strings);
        let practices = self.list(&f, "practices", Self::strings);
        let critical = self.optional(&f, "critical", Self::boolean);
        let feedback = self.optional(&f, "feedback", Self::string);
        let cite = self.optional(&f, "cite", Self::string);
        Some(Spanned::new(
            span,
            OptionFile {
                id: id?,
                text: text?,
                when: when?,
                goto: goto?,
                route: route?,
                set: set?,
                clear: clear?,
                add: add?,
                mark: mark?,
                advance: advance?,
                points: points?,
                achieves: achieves?,
                practices: practices?,
                critical: critical?,
                feedback: feedback?,
                cite: cite?,
            },
        ))
    }

    fn ending(&mut self, table: &DeTable<'_>, span: Span) -> Option<Spanned<EndingFile>> {
        let f = self.fields(
            table,
            span.clone(),
            &["outcome", "debrief", "claims", "note"],
        );
        let outcome = self.required(&f, "outcome", Self::string);
        let debrief = self.required(&f, "debrief", Self::string);
        let claims = self.list(&f, "claims", Self::strings);
        let note = self.list(&f, "note", |r, v| r.tables(v, Self::note));
        Some(Spanned::new(
            span,
            EndingFile {
                outcome: outcome?,
                debrief: debrief?,
                claims: claims?,
                note: note?,
            },
        ))
    }

    fn note(&mut self, table: &DeTable<'_>, span: Span) -> Option<Spanned<NoteFile>> {
        let f = self.fields(table, span.clone(), &["when", "text", "claims"]);
        let when = self.list(&f, "when", Self::strings);
        let text = self.required(&f, "text", Self::string);
        let claims = self.list(&f, "claims", Self::strings);
        Some(Spanned::new(
            span,
            NoteFile {
                when: when?,
                text: text?,
                claims: claims?,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(usize, String)> {
        scenario_file(&SourceFile::new("t.toml", text))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.span.start, d.message))
            .collect()
    }

    #[test]
    fn every_shape_error_in_a_file_is_reported_not_just_the_first() {
        let text = "id = \"a\"\ntitel = \"x\"\nsummary = 3\npattern = \"p\"\nrole = \"r\"\nminutes = \"5\"\nversion = \"1\"\ncontent_note = \"c\"\nstart = \"s\"\n[[scene]]\nid = \"s\"\ntext = \"t\"\nnext = \"s\"\n";
        let found = errors(text);
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert!(messages[0].starts_with("unknown field `titel`, expected one of `id`, `title`"));
        // `titel` is reported once, as a misspelling of `title`, not also as
        // a missing `title`; the scene's missing title is still reported.
        assert_eq!(
            messages[1..],
            [
                "wrong kind of value: integer `3`, expected a string",
                "wrong kind of value: string \"5\", expected a whole number",
                "missing field `title`",
            ]
        );
        let first = scenario_file(&SourceFile::new("t.toml", text))
            .unwrap_err()
            .remove(0);
        assert_eq!(first.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn every_syntax_error_is_reported_after_recovery() {
        let found = errors("id = \"a\nsummary = = 3\n");
        assert!(found.len() >= 2, "{found:?}");
    }
}
