//! The kinds of errors and warnings: what sort of problem a diagnostic is
//! about, decided where it is raised. Hints, `--strict` promotion and exit
//! codes are chosen from these (see `diagnostic::hints`), never from the text
//! of a message, so a message can be reworded without changing behaviour.

use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

/// Why a file is not valid YAML or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum SyntaxKind {
    /// Nested deeper than the parser allows.
    TooDeep,
    /// YAML aliases that expand into too many nodes.
    AliasExpansion,
    /// The text ends before the document does.
    UnexpectedEnd,
    /// A comma before a closing bracket (JSON).
    TrailingComma,
    /// Any other JSON syntax error.
    Json,
    /// A tab in indentation, or a character that cannot start a YAML token.
    YamlBadCharacter,
    /// Any other YAML syntax error.
    Yaml,
}

impl SyntaxKind {
    /// The kind of a JSON parser error. serde_json types only the end of
    /// input; its other codes are private, so the rest is read from its
    /// message, once, here at the boundary.
    pub fn of_json(err: &serde_json::Error) -> Self {
        if err.classify() == serde_json::error::Category::Eof {
            return Self::UnexpectedEnd;
        }
        Self::of_parser_message(&err.to_string(), false)
    }

    /// The kind of a YAML parser error. The YAML parser's errors carry no
    /// public code, so its message is read once, here at the boundary.
    pub fn of_yaml(err: &serde_yaml::Error) -> Self {
        Self::of_parser_message(&err.to_string(), true)
    }

    fn of_parser_message(message: &str, yaml: bool) -> Self {
        if message.contains("recursion limit exceeded") {
            Self::TooDeep
        } else if message.contains("repetition limit exceeded") {
            Self::AliasExpansion
        } else if message.contains("EOF while parsing") {
            Self::UnexpectedEnd
        } else if message.contains("trailing comma") {
            Self::TrailingComma
        } else if !yaml {
            Self::Json
        } else if message.contains("found character that cannot start any token")
            || message.contains("tab")
        {
            Self::YamlBadCharacter
        } else {
            Self::Yaml
        }
    }
}

/// Why a `$ref` does not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum RefKind {
    /// The file exists but has no node at the pointer.
    NothingAtPointer,
    /// The reference is not written as `file#/pointer`.
    Malformed,
}

/// What makes a readable document unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum InvalidKind {
    /// The root is not a mapping.
    NotAMapping,
    /// No `openapi:` field.
    MissingVersion,
    /// `openapi:` names no known version.
    UnknownVersion,
    /// The typed parse rejects a node.
    NotOpenApi,
    /// A parameter or header with neither `schema` nor `content`.
    ParameterWithoutSchema,
    /// A mapping key that is not a string.
    KeyNotString,
    /// A schema that is not a mapping.
    SchemaNotMapping,
    /// A keyword whose value has the wrong shape (`properties` not a mapping).
    KeywordShape,
    /// A `type` OpenAPI does not know.
    UnknownType,
    /// A `type` that is not a string.
    TypeNotString,
    /// A `$ref` that resolves, but not to a component of the kind it stands for.
    WrongComponent,
    /// An `allOf` that includes the schema itself.
    SelfContaining,
    /// A request body without media types.
    BodyWithoutContent,
    /// A path item `$ref` the loader should have inlined (a loader bug).
    PathItemRef,
    /// `--tag` names no tag of the document.
    UnknownTag,
    /// `--operation` names no operationId of the document.
    UnknownOperation,
    /// The overlay file does not have the overlay's shape.
    OverlayShape,
    /// The overlay names a property the schema does not have.
    OverlayUnknownProperty,
    /// The overlay names properties of a schema that is not an object.
    OverlayNotObject,
    /// The settings file is not TOML of the settings' shape (an unknown key, say).
    SettingsShape,
    /// A settings value that is not what its key takes (a Rust path, an
    /// identifier, an attribute).
    SettingsValue,
    /// A settings selector that matches no type.
    SettingsUnknownType,
    /// A settings selector `Type.property` whose type has no such property.
    SettingsUnknownField,
    /// A settings entry names an operationId the selection does not generate.
    SettingsUnknownOperation,
    /// A rename to a name another type or operation already has.
    SettingsNameClash,
}

/// What is valid OpenAPI but not handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum UnsupportedKind {
    /// Swagger 2.0 / OpenAPI 2.
    Swagger,
    /// A 3.x version after 3.1 (3.0.x and 3.1.x are read).
    LaterOpenApi,
    /// A `$ref` to a URL.
    RemoteRef,
    /// `type: null` (3.1).
    TypeNull,
    /// A list of types (3.1).
    TypeList,
}

/// What sort of error an [`Error`](crate::Error) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorKind {
    /// A file could not be read.
    Read,
    /// A file is not valid YAML or JSON.
    Syntax(SyntaxKind),
    /// A `$ref` does not resolve.
    BrokenRef(RefKind),
    /// `$ref`s that only lead to each other.
    RefCycle,
    /// The document cannot be used.
    Invalid(InvalidKind),
    /// Valid OpenAPI this generator does not handle.
    Unsupported(UnsupportedKind),
    /// Writing the output failed.
    Write,
    /// The emitter produced tokens that do not parse (a generator bug).
    Format,
    /// Something else the generator got wrong.
    Internal,
}

impl ErrorKind {
    /// Every kind there is, for tables and tests that must cover them all.
    pub fn all() -> Vec<Self> {
        let mut all = vec![Self::Read, Self::RefCycle];
        all.extend(SyntaxKind::iter().map(Self::Syntax));
        all.extend(RefKind::iter().map(Self::BrokenRef));
        all.extend(InvalidKind::iter().map(Self::Invalid));
        all.extend(UnsupportedKind::iter().map(Self::Unsupported));
        all.extend([Self::Write, Self::Format, Self::Internal]);
        all
    }

    /// A stable name, for tests and machine-readable output.
    pub fn name(self) -> String {
        let (group, inner): (&str, Option<&'static str>) = match self {
            Self::Read => ("read", None),
            Self::Syntax(kind) => ("syntax", Some(kind.into())),
            Self::BrokenRef(kind) => ("broken-ref", Some(kind.into())),
            Self::RefCycle => ("ref-cycle", None),
            Self::Invalid(kind) => ("invalid", Some(kind.into())),
            Self::Unsupported(kind) => ("unsupported", Some(kind.into())),
            Self::Write => ("write", None),
            Self::Format => ("format", None),
            Self::Internal => ("internal", None),
        };
        match inner {
            Some(inner) => format!("{group}/{inner}"),
            None => group.to_owned(),
        }
    }
}

/// What sort of fallback a [`Warning`](crate::Warning) reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum WarningKind {
    /// A schema is generated as `serde_json::Value`.
    UntypedFallback,
    /// The loader read an unknown `type` some other way.
    TypeRepaired,
    /// A scalar `type` with `properties`: generated as an object.
    PropertiesOnScalar,
    /// A keyword the schema's `type` makes meaningless is ignored.
    KeywordIgnored,
    /// A discriminator over variants that are not all named schemas.
    UntaggedDiscriminator,
    /// Two operations ask for the same method name.
    DuplicateOperationId,
    /// A path parameter the path template does not have; left out.
    PathParameterNotInPath,
    /// A `{name}` in the path with no parameter declared for it.
    UndeclaredPathParameter,
    /// A path parameter style the client does not write.
    PathStyle,
    /// A cookie parameter; not sent.
    CookieParameter,
    /// A multipart body that is not an object of properties.
    MultipartNotObject,
    /// A webhook without a request body schema.
    WebhookWithoutBody,
    /// The overlay names a schema the selection does not include.
    OverlayUnknownSchema,
    /// A `links` entry that cannot be read; ignored.
    Link,
    /// A `callbacks` entry that cannot be read; ignored.
    Callback,
    /// An `example`/`examples` entry that cannot be read; ignored.
    Example,
    /// An `externalDocs` that cannot be read; ignored.
    ExternalDocs,
    /// A tag `description` that is not text (a `$ref` to prose, say); ignored.
    TagDescription,
    /// A discriminator `mapping` entry that does not resolve; ignored.
    DiscriminatorMapping,
    /// A server variable that cannot be read; ignored.
    ServerVariable,
    /// An `x-*` extension that cannot be read; ignored.
    Extension,
    /// An OpenAPI 3.1 / JSON Schema 2020-12 construct read with a documented
    /// fallback.
    OpenApi31Fallback,
    /// A security scheme of a type the typed model does not know
    /// (`mutualTLS`); operations that use it are generated without it.
    SecurityScheme,
    /// A derive the settings ask for cannot hold for a type (`Eq` on a type
    /// holding a floating-point number); the type is generated without it.
    DeriveNotValid,
}

impl WarningKind {
    /// Whether `--strict` turns warnings of this kind into errors. Every
    /// kind is a place where the client is less exact than the spec, so all
    /// are, but each new kind has to say so here.
    pub fn promoted_by_strict(self) -> bool {
        match self {
            Self::UntypedFallback
            | Self::TypeRepaired
            | Self::PropertiesOnScalar
            | Self::KeywordIgnored
            | Self::UntaggedDiscriminator
            | Self::DuplicateOperationId
            | Self::PathParameterNotInPath
            | Self::UndeclaredPathParameter
            | Self::PathStyle
            | Self::CookieParameter
            | Self::MultipartNotObject
            | Self::WebhookWithoutBody
            | Self::OverlayUnknownSchema
            | Self::Link
            | Self::Callback
            | Self::Example
            | Self::ExternalDocs
            | Self::TagDescription
            | Self::DiscriminatorMapping
            | Self::ServerVariable
            | Self::Extension
            | Self::OpenApi31Fallback
            | Self::SecurityScheme
            | Self::DeriveNotValid => true,
        }
    }

    /// A stable name, for tests and machine-readable output.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// The kind of any diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagnosticKind {
    /// An error's.
    Error(ErrorKind),
    /// A warning's.
    Warning(WarningKind),
}

/// The CLI's exit status for a run that stops with an error of this kind.
/// Bad input and generator bugs alike end in 2: scripts only need to tell
/// them from success (0) and a stale `check` (1).
pub fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Read
        | ErrorKind::Syntax(_)
        | ErrorKind::BrokenRef(_)
        | ErrorKind::RefCycle
        | ErrorKind::Invalid(_)
        | ErrorKind::Unsupported(_)
        | ErrorKind::Write
        | ErrorKind::Format
        | ErrorKind::Internal => 2,
    }
}
