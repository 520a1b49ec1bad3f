//! Located, plain-language diagnostics in the style of the Rust compiler:
//! what is wrong, where (file:line:column with the line shown), and a hint.

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
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            span,
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
        out
    }
}

/// Locate and sort a file's diagnostics: by position, errors before warnings at the same place.
pub fn locate_all(source: &SourceFile, diagnostics: &[Diagnostic]) -> Vec<LocatedDiagnostic> {
    let mut located: Vec<_> = diagnostics.iter().map(|d| source.locate(d)).collect();
    located.sort_by_key(|d| (d.line, d.column, d.severity));
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
