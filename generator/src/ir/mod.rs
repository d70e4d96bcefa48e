//! The intermediate representation: plain data describing the client to emit.
//! No tokens and no `openapiv3` types: the emitter works from this alone.
//! Named types live in one arena ([`Api::types`], sorted by name) and are
//! referred to by [`TypeId`], their index there.

pub mod analysis;
mod custom;
mod lookup;
#[cfg(test)]
pub(crate) use lookup::{api_of, operation_returning};
mod operation;
mod security;
pub mod visit;

pub use custom::Custom;
pub use operation::{
    BodyEncoding, BodyField, Case, DefaultValue, Deprecation, FileKind, Operation, Pagination,
    ParamLocation, Parameter, Payload, QueryStyle, RequestBody, StatusMatch, Success,
};
pub use security::{KeyLocation, SecurityKind, SecurityScheme};

/// Everything needed to emit one client crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The document's title.
    pub title: String,
    /// The document's `info.version`.
    pub version: String,
    /// The document's description, if any.
    pub description: Option<String>,
    /// Path prefix of the first server URL (`/beta`), prepended to every path.
    pub base_path: String,
    /// The first server URL as written, for documentation.
    pub server_url: Option<String>,
    /// The first server URL with each `{variable}` replaced by its default,
    /// when every variable has one: where a generic client sends requests
    /// unless configured otherwise.
    pub default_server_url: Option<String>,
    /// Named types, sorted by name; a [`TypeId`] is an index into it.
    pub types: Vec<TypeDef>,
    /// Operations grouped by tag, groups sorted by module name.
    pub tags: Vec<Tag>,
    /// Callbacks the API sends to subscribers (`webhooks`/`x-webhooks`), by name.
    pub webhooks: Vec<Webhook>,
    /// One cargo feature per tag: only when there is more than one tag to
    /// choose from.
    pub tag_features: bool,
    /// The `recursion_limit` the crate needs when rustc's default is too
    /// small for its types ([`analysis::depth`]).
    pub recursion_limit: Option<usize>,
    /// The security schemes the document declares, in document order.
    pub security: Vec<SecurityScheme>,
    /// Error enums that several operations declare identically, printed
    /// once (`src/errors/`) behind each operation's own alias
    /// ([`Operation::shared_error`]); sorted by name.
    pub shared_errors: Vec<SharedErrors>,
}

/// One error enum for every operation whose error responses are the same
/// (statuses, payload types and descriptions).
#[derive(Debug, Clone, PartialEq)]
pub struct SharedErrors {
    /// Rust name, from the statuses (`Status400_401_500`), unique among them.
    pub name: String,
    /// Its file in `src/errors/` (snake_case of the name).
    pub module: String,
    /// The variants: the operations' error cases.
    pub cases: Vec<Case>,
    /// The `operationId`s of the operations that use it, in tag order.
    pub operations: Vec<String>,
    /// Indices into [`Api::tags`] of their tags (for the cargo features).
    pub tags: Vec<usize>,
}

/// A named type: its index in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Where a named type's schema is defined.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// The file, relative to the root document's folder, `/`-separated
    /// (`beta/schemas/Account.yaml`), so it does not depend on where the
    /// generator ran.
    pub file: String,
    /// JSON pointer of the schema in that file; empty for the whole file.
    pub pointer: String,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.file)
        } else {
            write!(f, "{}#{}", self.file, self.pointer)
        }
    }
}

/// A request the API sends to a subscriber's URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The webhook's name in the spec.
    pub name: String,
    /// Rust name of the payload alias.
    pub type_name: String,
    /// The payload's type.
    pub payload: TypeRef,
    /// Summary or description.
    pub doc: Option<String>,
}

/// The operations of one tag; each tag becomes one module and one API struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The tag as written in the spec ("Accounts").
    pub name: String,
    /// Module name (`accounts`).
    pub module: String,
    /// API struct name (`AccountsApi`).
    pub type_name: String,
    /// Accessor on the client (`accounts`).
    pub accessor: String,
    /// The cargo feature that compiles the tag (its module name, prefixed
    /// where that would repeat one of cargo's own keys).
    pub feature: String,
    /// The tag's description.
    pub description: Option<String>,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name (UpperCamelCase, unique).
    pub name: String,
    /// Module file name (snake_case, unique).
    pub module: String,
    /// Where the schema is defined, for documentation and diagnostics.
    pub origin: Origin,
    /// The schema's title or description.
    pub doc: Option<String>,
    /// Marked `deprecated: true`.
    pub deprecated: bool,
    /// The shape.
    pub kind: TypeKind,
    /// Indices into [`Api::tags`] of the tags whose operations reach this
    /// type ([`analysis::reach`]), ascending; empty when none does.
    pub reached_by: Vec<usize>,
    /// What the settings add to the type or put in its place.
    pub custom: Custom,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum that also keeps values it does not know.
    Enum(StringEnum),
    /// Another name for a type expression (`pub type X = Vec<Y>`).
    Alias(TypeRef),
    /// One of several types (`oneOf`/`anyOf`).
    OneOf(OneOf),
}

/// A value that is one of several types.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOf {
    /// The property whose value says which variant a JSON object is, if the
    /// spec names one; without it, variants are tried in order.
    pub discriminator: Option<String>,
    /// Variants, most specific first.
    pub variants: Vec<OneOfVariant>,
}

/// One alternative of a [`OneOf`].
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    /// Rust variant name.
    pub name: String,
    /// The variant's type.
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Must be boxed to break a cycle.
    pub boxed: bool,
    /// The kind of JSON value the variant can be, so an untagged decode only
    /// tries the variants that can match.
    pub json: JsonKind,
}

/// The kind of a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `{...}`
    Object,
    /// `[...]`
    Array,
    /// `"..."`
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true`/`false`.
    Boolean,
    /// Could be anything.
    Any,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in spec order (allOf members in order, then own properties).
    pub fields: Vec<Field>,
    /// `additionalProperties` beside the properties: kept in a flattened map.
    pub additional: Option<TypeRef>,
    /// The Rust name of the field holding the additional properties
    /// (`additional_properties`, or `other_properties` when a property
    /// already takes that name).
    pub additional_name: String,
    /// The Rust names of the fields `new` takes, in field order: those that
    /// are not an `Option`. The struct is `#[non_exhaustive]`, so `new` (and
    /// `Default`) is how other crates build one, and a new optional property
    /// stays a minor change for them.
    pub new_arguments: Vec<String>,
    /// Derives `Default`: `new` takes no argument.
    pub default: bool,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name (snake_case, keyword-safe, unique in the struct).
    pub name: String,
    /// Property name on the wire.
    pub json_name: String,
    /// The value's type, without the `Option` that presence adds.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Must be boxed to break a cycle of types that contain each other.
    pub boxed: bool,
    /// Marked `readOnly` (sent by the server only).
    pub read_only: bool,
    /// Marked `deprecated`.
    pub deprecated: bool,
    /// The property's description.
    pub doc: Option<String>,
    /// The schema's `default`, documented (the value is not invented on decode).
    pub default: Option<serde_json::Value>,
}

impl Field {
    /// Whether the Rust field is an `Option`: absent, null, or both are allowed.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// The name of the catch-all variant of string enums and untagged choices,
/// which keeps values the spec does not list. Lowering reserves it, so no
/// spec value's variant takes it.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// Known values, in spec order.
    pub variants: Vec<Variant>,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust variant name (UpperCamelCase, unique).
    pub name: String,
    /// The value on the wire.
    pub value: String,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// Text.
    String,
    /// Whole number with a width (32 or 64 bits).
    Integer {
        /// 32 or 64.
        bits: u8,
    },
    /// Floating point with a width (32 or 64 bits).
    Number {
        /// 32 or 64.
        bits: u8,
    },
    /// true / false.
    Boolean,
    /// RFC 3339 timestamp (seconds optional).
    DateTime,
    /// Calendar date.
    Date,
    /// Any JSON value.
    Json,
    /// A free-form JSON object whose key order is kept.
    JsonMap,
    /// A list.
    Array(Box<TypeRef>),
    /// A string-keyed map of one value type, in document order.
    Map(Box<TypeRef>),
    /// An array item or map value that may be `null`.
    Nullable(Box<TypeRef>),
    /// A named type of [`Api::types`].
    Named(TypeId),
}
