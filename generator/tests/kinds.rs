//! Diagnostics are chosen by kind: every kind has a hint unless its message
//! is known to say what to do itself, a hint follows the kind whatever the
//! message says, and `--strict` promotes warnings by kind.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use isc_codegen::diagnostic::hints::{Hint, error_kind_hint, warning_kind_hint};
use isc_codegen::diagnostic::{Diagnostic, Severity, promote};
use isc_codegen::{
    ErrorKind, InvalidKind, Location, UnsupportedKind, Warning, WarningKind, kinds::exit_code,
};
use strum::IntoEnumIterator;

/// The kinds whose message already says what to do, so that a hint would
/// only repeat it. A kind that joins this list must show such a message.
const ERRORS_SAID_IN_MESSAGE: &[ErrorKind] = &[
    ErrorKind::Invalid(InvalidKind::SchemaNotMapping),
    ErrorKind::Invalid(InvalidKind::KeywordShape),
    ErrorKind::Invalid(InvalidKind::SelfContaining),
    ErrorKind::Invalid(InvalidKind::BodyWithoutContent),
    ErrorKind::Invalid(InvalidKind::OverlayShape),
    ErrorKind::Invalid(InvalidKind::SettingsValue),
    ErrorKind::Unsupported(UnsupportedKind::TypeNull),
    ErrorKind::Unsupported(UnsupportedKind::TypeList),
];

const WARNINGS_SAID_IN_MESSAGE: &[WarningKind] = &[
    WarningKind::PathStyle,
    WarningKind::MultipartNotObject,
    WarningKind::WebhookWithoutBody,
];

#[test]
fn every_error_kind_has_a_hint_where_one_is_expected() {
    let all = ErrorKind::all();
    assert!(all.len() > 30, "{} kinds", all.len());
    for kind in all {
        let hint = error_kind_hint(kind);
        if ERRORS_SAID_IN_MESSAGE.contains(&kind) {
            assert_eq!(hint, Hint::InMessage, "{}", kind.name());
        } else {
            match hint {
                Hint::Say(text) => assert!(text.len() > 20, "{}: `{text}`", kind.name()),
                // Only a read error's hint depends on more than its kind.
                Hint::FromData => assert_eq!(kind, ErrorKind::Read),
                Hint::InMessage => panic!("{} has no hint", kind.name()),
            }
        }
    }
}

#[test]
fn every_warning_kind_has_a_hint_where_one_is_expected() {
    for kind in WarningKind::iter() {
        let hint = warning_kind_hint(kind);
        if WARNINGS_SAID_IN_MESSAGE.contains(&kind) {
            assert_eq!(hint, Hint::InMessage, "{}", kind.name());
        } else {
            let Hint::Say(text) = hint else {
                panic!("{} has no hint", kind.name());
            };
            assert!(text.len() > 20, "{}: `{text}`", kind.name());
        }
    }
}

fn warning(kind: WarningKind, message: &str) -> Warning {
    Warning {
        location: Location::new("spec.yaml", "/paths"),
        message: message.to_owned(),
        kind,
    }
}

/// The hint comes from the kind: a message that reads like another kind's
/// does not change it.
#[test]
fn hints_follow_the_kind_not_the_message() {
    let misleading = "cookie parameters are not sent by this client";
    let diagnostic = Diagnostic::from_warning(&warning(WarningKind::Link, misleading));
    let cookie = Diagnostic::from_warning(&warning(WarningKind::CookieParameter, misleading));
    assert_ne!(diagnostic.hint, cookie.hint);
    let Hint::Say(link) = warning_kind_hint(WarningKind::Link) else {
        panic!("links have a hint");
    };
    assert_eq!(diagnostic.hint.as_deref(), Some(link));
}

/// Under `--strict`, every warning of a kind it promotes becomes an error
/// with the same message and hint; without it, none does.
#[test]
fn strict_promotes_by_kind() {
    let warnings: Vec<Warning> = WarningKind::iter()
        .map(|kind| warning(kind, kind.name()))
        .collect();
    let (errors, kept) = promote(&warnings, true);
    let promoted = warnings
        .iter()
        .filter(|w| w.kind.promoted_by_strict())
        .count();
    assert_eq!(errors.len(), promoted);
    assert_eq!(kept.len(), warnings.len() - promoted);
    for (error, warning) in errors
        .iter()
        .zip(warnings.iter().filter(|w| w.kind.promoted_by_strict()))
    {
        assert_eq!(error.severity, Severity::Error);
        assert_eq!(error.message, warning.message);
        assert_eq!(error.hint, Diagnostic::from_warning(warning).hint);
    }
    let (errors, kept) = promote(&warnings, false);
    assert!(errors.is_empty());
    assert!(kept.iter().all(|d| d.severity == Severity::Warning));
}

/// Bad input and generator bugs alike exit 2 (1 is a stale `check`).
#[test]
fn every_error_kind_exits_2() {
    for kind in ErrorKind::all() {
        assert_eq!(exit_code(kind), 2, "{}", kind.name());
    }
}

/// Kind names are unique, so they can name a kind in output and tests.
#[test]
fn kind_names_are_unique() {
    let mut names: Vec<String> = ErrorKind::all().into_iter().map(ErrorKind::name).collect();
    names.extend(WarningKind::iter().map(|k| k.name().to_owned()));
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count);
}

/// `ErrorKind::all` lists every variant: the match below stops compiling
/// when a variant is added, and the test fails until `all` has it too.
#[test]
fn all_error_kinds_are_listed() {
    fn variant(kind: ErrorKind) -> usize {
        match kind {
            ErrorKind::Read => 0,
            ErrorKind::Syntax(_) => 1,
            ErrorKind::BrokenRef(_) => 2,
            ErrorKind::RefCycle => 3,
            ErrorKind::Invalid(_) => 4,
            ErrorKind::Unsupported(_) => 5,
            ErrorKind::Write => 6,
            ErrorKind::Format => 7,
            ErrorKind::Internal => 8,
        }
    }
    let mut seen: Vec<usize> = ErrorKind::all().into_iter().map(variant).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 9, "{seen:?}");
}
