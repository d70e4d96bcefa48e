//! The `help:` hints, one table for error kinds and one for warning kinds:
//! each says what to do about that kind of problem. Chosen by kind only, so
//! rewording a message never loses its hint.

use std::io::ErrorKind as IoKind;
use std::path::Path;

use crate::error::{
    Error, ErrorKind, InvalidKind, RefKind, SyntaxKind, UnsupportedKind, WarningKind,
};

/// What a kind's table entry says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// This sentence.
    Say(&'static str),
    /// The sentence depends on the error's data (see [`error_hint`]).
    FromData,
    /// The message already says what to do; a hint would repeat it.
    InMessage,
}

/// The hint an error kind has.
pub fn error_kind_hint(kind: ErrorKind) -> Hint {
    use Hint::{FromData, Say};
    match kind {
        ErrorKind::Read => FromData,
        ErrorKind::Syntax(kind) => Say(syntax_hint(kind)),
        ErrorKind::BrokenRef(RefKind::NothingAtPointer) => Say(
            "check the spelling of the part after `#`: it must be the path of keys to an existing node in that file (keys are case-sensitive; `/` in a key is written `~1`)",
        ),
        ErrorKind::BrokenRef(RefKind::Malformed) => Say(
            "write the $ref as `file.yaml#/json/pointer` (or `#/components/schemas/Name` inside one file)",
        ),
        ErrorKind::RefCycle => Say(
            "a schema cannot consist only of references to itself; give one of them properties (or point one at a real schema)",
        ),
        ErrorKind::Invalid(kind) => invalid_hint(kind),
        ErrorKind::Unsupported(kind) => unsupported_hint(kind),
        ErrorKind::Write => {
            Say("check that the output directory exists or can be created, and is writable")
        }
        ErrorKind::Format | ErrorKind::Internal => {
            Say("this is a bug in isc-codegen; please report it with the spec that triggers it")
        }
    }
}

/// One actionable sentence that says what to do about the error.
pub fn error_hint(err: &Error) -> Option<String> {
    match error_kind_hint(err.kind()) {
        Hint::Say(text) => Some(text.to_owned()),
        Hint::InMessage => None,
        Hint::FromData => match err {
            Error::Io {
                location,
                path,
                source,
            } => io_hint(location.file != *path, &location.file, source.kind()),
            _ => None,
        },
    }
}

/// The hint for a file that cannot be read: `from_ref` when a `$ref` in
/// `referrer` names it (rather than `--input`).
fn io_hint(from_ref: bool, referrer: &Path, kind: IoKind) -> Option<String> {
    Some(match kind {
        IoKind::NotFound if from_ref => format!(
            "check the relative path; it is resolved from the directory of the file that contains the $ref ({})",
            dir_label(referrer)
        ),
        IoKind::NotFound => "check the path given to `--input`; a relative path is resolved from the current directory".to_owned(),
        IoKind::PermissionDenied => "check the file's permissions".to_owned(),
        IoKind::IsADirectory => "name the document's file, not its directory".to_owned(),
        IoKind::InvalidData => "save the file as UTF-8 text".to_owned(),
        _ => return None,
    })
}

/// The directory part of a file name, for messages (`./` for none).
fn dir_label(file: &Path) -> String {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => format!("{}/", dir.display()),
        _ => "./".to_owned(),
    }
}

fn syntax_hint(kind: SyntaxKind) -> &'static str {
    match kind {
        SyntaxKind::TooDeep => {
            "the document nests more than 128 levels deep, which no API description needs; flatten it or move inner parts into `components`"
        }
        SyntaxKind::AliasExpansion => {
            "the YAML aliases expand into too many nodes (an \"alias bomb\"); write shared parts once under `components` and `$ref` them"
        }
        SyntaxKind::UnexpectedEnd => {
            "the file ends before the document does: check that it is not empty or cut short, and that every `{` and `[` is closed"
        }
        SyntaxKind::TrailingComma => {
            "remove the comma before the closing bracket; JSON allows no trailing commas"
        }
        SyntaxKind::Json => {
            "fix the JSON at the marked position (JSON has no comments, trailing commas or single quotes); a file named .json is always read as JSON"
        }
        SyntaxKind::YamlBadCharacter => {
            "YAML indentation must use spaces, not tabs; and a value that starts with `@`, `` ` `` or `%` must be quoted"
        }
        SyntaxKind::Yaml => {
            "fix the YAML at the marked line: keys of one mapping must be indented by the same number of spaces, and a value with `: ` or ` #` in it must be quoted"
        }
    }
}

const PARAMETER_SCHEMA: &str = "give every parameter a `schema` (for example `schema: {type: string}`) or a `content` map with one media type";
const KNOWN_TYPES: &str = "use one of OpenAPI 3.0's types (string, number, integer, boolean, array, object); `format` refines them";

fn invalid_hint(kind: InvalidKind) -> Hint {
    use Hint::{InMessage, Say};
    match kind {
        InvalidKind::NotAMapping => Say(
            "an OpenAPI document is a mapping that starts with `openapi: 3.0.3`, `info:` and `paths:`; check that the file is not empty",
        ),
        InvalidKind::MissingVersion => Say("add `openapi: 3.0.3` at the top of the document"),
        InvalidKind::UnknownVersion => Say("set `openapi:` to a 3.0.x version such as 3.0.3"),
        InvalidKind::NotOpenApi => Say(
            "compare the node with the OpenAPI 3.0 specification: a required field may be missing, or a value may have the wrong type",
        ),
        InvalidKind::ParameterWithoutSchema => Say(PARAMETER_SCHEMA),
        InvalidKind::KeyNotString => Say("quote the key so that it is a string"),
        InvalidKind::UnknownType | InvalidKind::TypeNotString => Say(KNOWN_TYPES),
        InvalidKind::WrongComponent => Say("point the $ref at an existing component of that kind"),
        InvalidKind::UnknownTag => {
            Say("pick one of the tags listed (tags are matched case-insensitively)")
        }
        InvalidKind::UnknownOperation => {
            Say("operationIds are case-sensitive; `isc-codegen list` shows every operation")
        }
        InvalidKind::OverlayUnknownProperty | InvalidKind::OverlayNotObject => {
            Say("fix or remove the property in the overlay")
        }
        InvalidKind::SettingsShape => {
            Say("the README's Settings section lists every table and key of isc-codegen.toml")
        }
        InvalidKind::SettingsUnknownType | InvalidKind::SettingsUnknownField => Say(
            "match a schema by its name (`Account`), its Rust type name, or its JSON pointer (`/components/schemas/Account`); a field as `Type.property`; `isc-codegen list` shows every type",
        ),
        InvalidKind::SettingsUnknownOperation => Say(
            "operationIds are case-sensitive; `isc-codegen list` shows every operation the selection generates",
        ),
        InvalidKind::SettingsNameClash => {
            Say("pick a name no other type (or operation of the same tag) has")
        }
        // Each message names the node and what it must be instead.
        InvalidKind::SchemaNotMapping
        | InvalidKind::KeywordShape
        | InvalidKind::SelfContaining
        | InvalidKind::BodyWithoutContent
        | InvalidKind::OverlayShape
        | InvalidKind::SettingsValue => InMessage,
        InvalidKind::PathItemRef => {
            Say("this is a bug in isc-codegen; please report it with the spec that triggers it")
        }
    }
}

fn unsupported_hint(kind: UnsupportedKind) -> Hint {
    use Hint::{InMessage, Say};
    match kind {
        UnsupportedKind::Swagger => Say(
            "convert the document to OpenAPI 3.0 first, for example `npx swagger2openapi openapi.yaml -o openapi3.yaml`",
        ),
        UnsupportedKind::LaterOpenApi => Say(
            "this generator reads OpenAPI 3.0.x and 3.1.x: if the document uses no newer feature, set `openapi: 3.1.1`",
        ),
        UnsupportedKind::RemoteRef => {
            Say("download the file next to the spec and refer to it by a relative path")
        }
        // The message says what to write in 3.0 instead.
        UnsupportedKind::TypeNull | UnsupportedKind::TypeList => InMessage,
    }
}

const NOT_READ: &str = "a client does not need it, so the rest of the document is generated; fix the node to silence the warning";

/// The hint a warning kind has.
pub fn warning_kind_hint(kind: WarningKind) -> Hint {
    use Hint::{InMessage, Say};
    match kind {
        WarningKind::PathParameterNotInPath => {
            Say("rename the parameter or the `{...}` segment of the path so that they match")
        }
        WarningKind::UndeclaredPathParameter => {
            Say("declare it under `parameters` with `in: path` and `required: true`")
        }
        WarningKind::OverlayUnknownSchema => {
            Say("remove the entry from the overlay, or select operations that use the schema")
        }
        WarningKind::CookieParameter => {
            Say("send the cookie with a default header of the HTTP client you pass to the runtime")
        }
        WarningKind::UntypedFallback => {
            Say("the field still works as untyped JSON; restructure the schema to get a Rust type")
        }
        WarningKind::TypeRepaired => Say(
            "use one of OpenAPI 3.0's types; `format` refines them (`type: string, format: date-time`)",
        ),
        WarningKind::DuplicateOperationId => {
            Say("give every operation its own operationId: method and type names are made from it")
        }
        WarningKind::PropertiesOnScalar | WarningKind::KeywordIgnored => Say(
            "say `type: object` if it is an object, or drop `properties` if it really is a scalar",
        ),
        WarningKind::UntaggedDiscriminator => {
            Say("make every variant a `$ref` to a named schema to get a tagged enum")
        }
        WarningKind::Link
        | WarningKind::Callback
        | WarningKind::Example
        | WarningKind::ExternalDocs
        | WarningKind::TagDescription
        | WarningKind::ServerVariable
        | WarningKind::Extension => Say(NOT_READ),
        WarningKind::SecurityScheme => Say(
            "the client authenticates with the schemes it knows; this one is left to the caller (for example a TLS client certificate set on the HTTP client)",
        ),
        WarningKind::DiscriminatorMapping => Say(
            "point the mapping at an existing schema (`#/components/schemas/Name`); until then that value is matched by trying the variants in order",
        ),
        WarningKind::DeriveNotValid => Say(
            "match fewer types with the derive, or replace the type that lacks the trait with your own (`[replace]`)",
        ),
        WarningKind::OpenApi31Fallback => Say(
            "the node is read as the nearest OpenAPI 3.0 construct (the message says which); the README's OpenAPI 3.1 section lists what is not expressed yet",
        ),
        // Each message says what was done instead and how to change it.
        WarningKind::PathStyle
        | WarningKind::MultipartNotObject
        | WarningKind::WebhookWithoutBody => InMessage,
    }
}

/// The hint for a warning, where its message does not already say what to do.
pub fn warning_hint(kind: WarningKind) -> Option<String> {
    match warning_kind_hint(kind) {
        Hint::Say(text) => Some(text.to_owned()),
        Hint::FromData | Hint::InMessage => None,
    }
}

/// The key of the node to mark instead of the node itself: the `$ref` of a
/// reference that does not resolve (or that names a file not read).
pub fn focus_key(kind: ErrorKind) -> Option<&'static str> {
    match kind {
        ErrorKind::BrokenRef(_)
        | ErrorKind::RefCycle
        | ErrorKind::Read
        | ErrorKind::Unsupported(UnsupportedKind::RemoteRef) => Some("$ref"),
        _ => None,
    }
}
