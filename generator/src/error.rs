//! Errors and warnings of every stage. Each one carries the spec location it
//! is about, so a user can open the file at the JSON pointer (and line, where
//! the parser knows it), and a kind (see [`crate::kinds`]) that says what sort
//! of problem it is.

use std::fmt;
use std::path::PathBuf;

pub use crate::kinds::{ErrorKind, InvalidKind, RefKind, SyntaxKind, UnsupportedKind, WarningKind};

/// A place in the input: a file, a JSON pointer inside it and, when known, a line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, as the user (or a `$ref`) named it.
    pub file: PathBuf,
    /// RFC 6901 JSON pointer into the file; empty for the whole document.
    pub pointer: String,
    /// 1-based line, when the parser reported one.
    pub line: Option<usize>,
}

impl Location {
    /// A location without a line number.
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
            line: None,
        }
    }

    /// The same file, one level deeper.
    pub fn child(&self, segment: &str) -> Self {
        Self::new(self.file.clone(), pointer_push(&self.pointer, segment))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file.display(), self.pointer)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// Appends one segment to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn pointer_push(pointer: &str, segment: &str) -> String {
    let escaped = segment.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}

/// Splits a JSON pointer into its unescaped segments.
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Everything that can go wrong between reading a spec and writing a client.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{location}: cannot read {}: {source}", path.display())]
    Io {
        /// Where the file is referenced (the `$ref`), or the file itself.
        location: Location,
        /// The file that could not be read.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file is not valid YAML or JSON.
    #[error("{location}: not valid {format}: {message}")]
    Syntax {
        /// The file and, when known, the line.
        location: Location,
        /// The 1-based column, when the parser reported one (`u32`: the
        /// error stays small enough to return by value).
        column: Option<u32>,
        /// "YAML" or "JSON".
        format: &'static str,
        /// What sort of syntax error.
        kind: SyntaxKind,
        /// The parser's message.
        message: String,
    },
    /// A `$ref` points at a file or pointer that does not exist.
    #[error("{location}: $ref `{reference}` does not resolve: {reason}")]
    BrokenRef {
        /// Where the `$ref` is written.
        location: Location,
        /// The `$ref` text.
        reference: String,
        /// Why, as a kind.
        kind: RefKind,
        /// Why it does not resolve.
        reason: String,
    },
    /// `$ref`s that lead back to themselves without ever reaching a value.
    #[error("{location}: $ref cycle: {chain}")]
    RefCycle {
        /// Where the cycle starts.
        location: Location,
        /// The refs of the cycle, in order.
        chain: String,
    },
    /// The document is readable but is not an OpenAPI document we can use.
    #[error("{location}: {message}")]
    Invalid {
        /// The offending node.
        location: Location,
        /// What is wrong, as a kind.
        kind: InvalidKind,
        /// What is wrong and what to do.
        message: String,
    },
    /// A construct that is valid OpenAPI but that this generator does not handle.
    #[error("{location}: not supported yet: {message}")]
    Unsupported {
        /// The offending node.
        location: Location,
        /// What is not supported, as a kind.
        kind: UnsupportedKind,
        /// What is not supported.
        message: String,
    },
    /// Writing the output failed.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The output file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The emitter produced tokens that do not parse as Rust (a generator bug).
    #[error("internal error while formatting {file}: {message}")]
    Format {
        /// The output file being formatted.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// Something the generator itself got wrong, not the spec.
    #[error("internal error: {message}")]
    Internal {
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// The spec location the error is about, if it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Io { location, .. }
            | Error::Syntax { location, .. }
            | Error::BrokenRef { location, .. }
            | Error::RefCycle { location, .. }
            | Error::Invalid { location, .. }
            | Error::Unsupported { location, .. } => Some(location),
            Error::Write { .. } | Error::Format { .. } | Error::Internal { .. } => None,
        }
    }

    /// The message without the location (which a diagnostic shows apart).
    pub fn message(&self) -> String {
        match self {
            Error::Io { path, source, .. } => {
                format!("cannot read {}: {source}", path.display())
            }
            Error::Syntax {
                format, message, ..
            } => format!("not valid {format}: {message}"),
            Error::BrokenRef {
                reference, reason, ..
            } => format!("$ref `{reference}` does not resolve: {reason}"),
            Error::RefCycle { chain, .. } => format!("$ref cycle: {chain}"),
            Error::Invalid { message, .. } => message.clone(),
            Error::Unsupported { message, .. } => format!("not supported yet: {message}"),
            Error::Write { .. } | Error::Format { .. } | Error::Internal { .. } => self.to_string(),
        }
    }

    /// What sort of error this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io { .. } => ErrorKind::Read,
            Error::Syntax { kind, .. } => ErrorKind::Syntax(*kind),
            Error::BrokenRef { kind, .. } => ErrorKind::BrokenRef(*kind),
            Error::RefCycle { .. } => ErrorKind::RefCycle,
            Error::Invalid { kind, .. } => ErrorKind::Invalid(*kind),
            Error::Unsupported { kind, .. } => ErrorKind::Unsupported(*kind),
            Error::Write { .. } => ErrorKind::Write,
            Error::Format { .. } => ErrorKind::Format,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }
}

/// Something the generator could not express exactly and replaced with a
/// documented fallback.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The spec node.
    pub location: Location,
    /// What was done instead.
    pub message: String,
    /// What sort of fallback (last, so that warnings sort by place and text).
    pub kind: WarningKind,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Result with the generator's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
