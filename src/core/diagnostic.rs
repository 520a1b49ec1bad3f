//! Located, plain-language diagnostics in the style of the Rust compiler:
//! what is wrong, where (file:line:column with the line shown), and a hint.
//!
//! One mistake often sets off others: a misspelt `goto` leaves scenes
//! unreachable and key actions unachievable. A check that knows its problem
//! follows from another names that cause (`Diagnostic::cause`), and
//! `locate_all` folds each consequence under its root cause, so every shell
//! (the CLI, the app's list of broken files, the workshop) shows the mistake
//! to fix first and "9 more errors are caused by this" under it.

use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;

/// A byte range in a source file.
pub type Span = Range<usize>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found in a file, before it is placed on a line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable name for the kind of problem, e.g. `unknown-scene`.
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    pub span: Span,
    /// The problem this one follows from, when it is a consequence.
    pub cause: Option<Cause>,
}

/// Names a diagnostic by its code and span, which together identify it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    pub code: &'static str,
    pub span: Span,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            span,
            cause: None,
        }
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn caused_by(mut self, cause: Cause) -> Self {
        self.cause = Some(cause);
        self
    }

    /// How another diagnostic names this one as its cause.
    pub fn as_cause(&self) -> Cause {
        Cause {
            code: self.code,
            span: self.span.clone(),
        }
    }

    /// The same problem: used to tell which problems a repair makes go away.
    pub fn same_problem(&self, other: &Diagnostic) -> bool {
        self.code == other.code && self.span == other.span && self.message == other.message
    }
}

/// A source file's name and text, with the start of each line for fast
/// byte-offset to line/column conversion.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, column + 1)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    pub fn locate(&self, diagnostic: &Diagnostic) -> LocatedDiagnostic {
        let (line, column) = self.line_col(diagnostic.span.start);
        LocatedDiagnostic {
            file: self.name.clone(),
            line,
            column,
            severity: diagnostic.severity,
            code: diagnostic.code.to_string(),
            message: diagnostic.message.clone(),
            hint: diagnostic.hint.clone(),
            source_line: self.line_text(line).to_string(),
            underline: self.underline_width(diagnostic, line),
            consequences: Vec::new(),
        }
    }

    fn underline_width(&self, diagnostic: &Diagnostic, line: usize) -> usize {
        let start = diagnostic.span.start.min(self.text.len());
        let line_end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e - 1);
        let end = diagnostic.span.end.clamp(start, line_end.max(start));
        self.text[floor_char_boundary(&self.text, start)..floor_char_boundary(&self.text, end)]
            .chars()
            .count()
            .max(1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How many consequences `render` lists by name under their cause.
pub const SHOWN_CONSEQUENCES: usize = 8;

/// A diagnostic placed in its file, ready to show to a trainer or export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocatedDiagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
    pub source_line: String,
    /// How many characters of `source_line` from `column` the problem covers.
    pub underline: usize,
    /// Problems caused by this one, which go away when it is fixed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consequences: Vec<LocatedDiagnostic>,
}

impl LocatedDiagnostic {
    /// `file:line:column: error[code]: message`, the one-line summary.
    pub fn headline(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}:{}:{}: {severity}[{}]: {}",
            self.file, self.line, self.column, self.code, self.message
        )
    }

    /// The headline, the offending line with a caret under the problem, and the hint.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = write!(
            out,
            "\n{pad} |\n{} | {}\n{pad} | ",
            self.line, self.source_line
        );
        let lead: String = self
            .source_line
            .chars()
            .take(self.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = write!(out, "{lead}{}", "^".repeat(self.underline));
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n{pad} = hint: {hint}");
        }
        if let Some(summary) = self.consequences_summary() {
            let _ = write!(out, "\n{pad} = {summary}:");
            for consequence in self.consequences.iter().take(SHOWN_CONSEQUENCES) {
                let _ = write!(out, "\n{pad}     {}", consequence.headline());
            }
            let more = self.consequences.len().saturating_sub(SHOWN_CONSEQUENCES);
            if more > 0 {
                let _ = write!(out, "\n{pad}     ... and {more} more");
            }
        }
        out
    }

    /// "9 more errors are caused by this", or `None` when nothing is folded under it.
    pub fn consequences_summary(&self) -> Option<String> {
        if self.consequences.is_empty() {
            return None;
        }
        let (errors, warnings) = count(&self.consequences);
        let more = match (errors, warnings) {
            (0, w) => plural(w, "more warning", "more warnings"),
            (e, 0) => plural(e, "more error", "more errors"),
            (e, w) => format!(
                "{} and {}",
                plural(e, "more error", "more errors"),
                plural(w, "warning", "warnings")
            ),
        };
        let (verb, them) = if errors + warnings == 1 {
            ("is", "it")
        } else {
            ("are", "them")
        };
        Some(format!(
            "{more} {verb} caused by this; fixing it should clear {them}"
        ))
    }

    /// This diagnostic and every consequence folded under it.
    pub fn all(&self) -> impl Iterator<Item = &LocatedDiagnostic> {
        std::iter::once(self).chain(self.consequences.iter())
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Errors and warnings in a list, counting those folded under a cause.
pub fn count(diagnostics: &[LocatedDiagnostic]) -> (usize, usize) {
    diagnostics
        .iter()
        .flat_map(LocatedDiagnostic::all)
        .fold((0, 0), |(e, w), d| match d.severity {
            Severity::Error => (e + 1, w),
            Severity::Warning => (e, w + 1),
        })
}

/// "2 errors and 1 warning (1 of them caused by another)": how the CLI,
/// the app and the workshop count a file's problems.
pub fn count_in_words(diagnostics: &[LocatedDiagnostic]) -> String {
    let (errors, warnings) = count(diagnostics);
    let folded: usize = diagnostics.iter().map(|d| d.consequences.len()).sum();
    let mut words = format!(
        "{} and {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    );
    if folded > 0 {
        let _ = write!(
            words,
            " ({folded} of them caused by another, and listed under it)"
        );
    }
    words
}

/// Locate a file's diagnostics, root causes first: errors before warnings,
/// each in file order, with every consequence folded under its root cause
/// (in file order too). A consequence of a consequence goes under the root.
pub fn locate_all(source: &SourceFile, diagnostics: &[Diagnostic]) -> Vec<LocatedDiagnostic> {
    let root_of = |start: usize| {
        let mut at = start;
        // Causes form chains, never loops, but a bound keeps a slip harmless.
        for _ in 0..diagnostics.len() {
            let Some(cause) = &diagnostics[at].cause else {
                return at;
            };
            match diagnostics
                .iter()
                .position(|d| d.code == cause.code && d.span == cause.span)
            {
                Some(next) if next != at => at = next,
                _ => return at,
            }
        }
        start
    };
    let mut roots: Vec<(usize, LocatedDiagnostic)> = Vec::new();
    let mut folded: Vec<(usize, LocatedDiagnostic)> = Vec::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        let root = root_of(index);
        let located = source.locate(diagnostic);
        if root == index {
            roots.push((index, located));
        } else {
            folded.push((root, located));
        }
    }
    let order = |d: &LocatedDiagnostic| (d.severity, d.line, d.column);
    folded.sort_by_key(|(_, d)| order(d));
    for (root, consequence) in folded {
        if let Some((_, cause)) = roots.iter_mut().find(|(i, _)| *i == root) {
            if !cause.consequences.contains(&consequence) {
                cause.consequences.push(consequence);
            }
        }
    }
    let mut located: Vec<LocatedDiagnostic> = roots.into_iter().map(|(_, d)| d).collect();
    located.sort_by_key(order);
    located.dedup();
    located
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let source = SourceFile::new("a.toml", "ab\n£cd\n\nx");
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(3), (2, 1));
        // '£' is two bytes but one column.
        assert_eq!(source.line_col(5), (2, 2));
        assert_eq!(source.line_col(9), (4, 1));
        assert_eq!(source.line_col(999), (4, 2));
    }

    #[test]
    fn consequences_fold_under_their_root_cause_which_comes_first() {
        let source = SourceFile::new("s.toml", "a = 1\nb = 2\nc = 3\n");
        let root = Diagnostic::error("unknown-scene", 12..13, "no scene `x`");
        let diagnostics = vec![
            Diagnostic::warning("w", 0..1, "unrelated warning"),
            Diagnostic::error("no-way-out", 0..1, "stuck").caused_by(root.as_cause()),
            Diagnostic::error("unreachable", 6..7, "orphan").caused_by(Cause {
                code: "no-way-out",
                span: 0..1,
            }),
            root,
        ];
        let located = locate_all(&source, &diagnostics);
        let heads: Vec<String> = located.iter().map(|d| d.headline()).collect();
        assert_eq!(
            heads,
            [
                "s.toml:3:1: error[unknown-scene]: no scene `x`",
                "s.toml:1:1: warning[w]: unrelated warning"
            ]
        );
        let folded: Vec<(usize, &str)> = located[0]
            .consequences
            .iter()
            .map(|d| (d.line, d.code.as_str()))
            .collect();
        assert_eq!(folded, [(1, "no-way-out"), (2, "unreachable")]);
        assert_eq!(count(&located), (3, 1));
        assert_eq!(
            count_in_words(&located),
            "3 errors and 1 warning (2 of them caused by another, and listed under it)"
        );
        let text = located[0].render();
        assert!(
            text.ends_with("  = 2 more errors are caused by this; fixing it should clear them:\n      s.toml:1:1: error[no-way-out]: stuck\n      s.toml:2:1: error[unreachable]: orphan"),
            "{text}"
        );
    }

    #[test]
    fn render_shows_the_line_and_a_caret_under_the_span() {
        let source = SourceFile::new("s.toml", "id = \"x\"\ngoto = \"nowhere\"\n");
        let d = Diagnostic::error("unknown-scene", 16..25, "no scene called `nowhere`")
            .with_hint("check the spelling");
        let text = source.locate(&d).render();
        assert_eq!(
            text,
            "s.toml:2:8: error[unknown-scene]: no scene called `nowhere`\n  |\n2 | goto = \"nowhere\"\n  |        ^^^^^^^^^\n  = hint: check the spelling"
        );
    }
}
