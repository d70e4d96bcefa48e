//! Diagnostics for people: every error and warning rendered with the file,
//! line and column, the offending line with a marker under it, the JSON
//! pointer of the node, the message and a `help:` hint that says what to do.
//!
//! Errors carry a [`Location`] (file and JSON pointer; line and column only
//! for parse errors) and a kind. The parts: [`hints`] chooses the hint by
//! kind; [`locate`] re-reads the file and finds the line of a JSON pointer;
//! `render` lays it all out.
//!
//! ```
//! use isc_codegen::diagnostic::{Diagnostic, Style};
//!
//! let err = isc_codegen::generate(&isc_codegen::Options {
//!     input: "does/not/exist.yaml".into(),
//!     ..Default::default()
//! })
//! .unwrap_err();
//! let text = Diagnostic::from_error(&err).render(Style::plain());
//! assert!(text.starts_with("error: cannot read does/not/exist.yaml"));
//! assert!(text.contains("help: check the path given to `--input`"));
//! ```

pub mod hints;
pub mod locate;
mod render;

pub use locate::{Found, find_pointer};
pub use render::{Style, color_allowed};

use crate::error::{Error, Location, Warning};
use crate::kinds::DiagnosticKind;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The run fails.
    Error,
    /// A fallback was used; the run goes on (unless `--strict`).
    Warning,
}

/// One message about the input, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What sort of problem: what the hint and `--strict` are chosen by.
    pub kind: DiagnosticKind,
    /// What is wrong, without the location.
    pub message: String,
    /// The file and JSON pointer (and, for parse errors, the line).
    pub location: Option<Location>,
    /// 1-based column, when the parser reported one.
    pub column: Option<usize>,
    /// When the node at the pointer is a mapping with this key, the key is
    /// marked instead (the `$ref` of a reference that does not resolve).
    pub focus_key: Option<&'static str>,
    /// One actionable sentence.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// The diagnostic for an error, with its hint.
    pub fn from_error(err: &Error) -> Self {
        Self {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(err.kind()),
            message: err.message(),
            location: err.location().cloned(),
            column: match err {
                Error::Syntax { column, .. } => column.and_then(|c| usize::try_from(c).ok()),
                _ => None,
            },
            focus_key: hints::focus_key(err.kind()),
            hint: hints::error_hint(err),
        }
    }

    /// The diagnostic for a warning, with a hint where one helps.
    pub fn from_warning(warning: &Warning) -> Self {
        Self {
            severity: Severity::Warning,
            kind: DiagnosticKind::Warning(warning.kind),
            message: warning.message.clone(),
            location: Some(warning.location.clone()),
            column: None,
            focus_key: None,
            hint: hints::warning_hint(warning.kind),
        }
    }

    /// The same diagnostic as an error (`--strict`).
    pub fn into_error(self) -> Self {
        Self {
            severity: Severity::Error,
            ..self
        }
    }

    /// Renders the diagnostic; the file is re-read to show the offending line.
    pub fn render(&self, style: Style) -> String {
        let source = self
            .location
            .as_ref()
            .and_then(|l| std::fs::read_to_string(&l.file).ok());
        self.render_with_source(source.as_deref(), style)
    }
}

/// The diagnostics for a run's warnings: those `strict` turns into errors
/// (as [`WarningKind::promoted_by_strict`](crate::WarningKind::promoted_by_strict)
/// says for their kind), and those that stay warnings.
pub fn promote(warnings: &[Warning], strict: bool) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (errors, kept): (Vec<&Warning>, Vec<&Warning>) = warnings
        .iter()
        .partition(|w| strict && w.kind.promoted_by_strict());
    (
        errors
            .into_iter()
            .map(|w| Diagnostic::from_warning(w).into_error())
            .collect(),
        kept.into_iter().map(Diagnostic::from_warning).collect(),
    )
}

/// Renders an error for people (see [`Diagnostic`]).
pub fn render_error(err: &Error, style: Style) -> String {
    Diagnostic::from_error(err).render(style)
}

/// Renders a warning for people (see [`Diagnostic`]).
pub fn render_warning(warning: &Warning, style: Style) -> String {
    Diagnostic::from_warning(warning).render(style)
}
