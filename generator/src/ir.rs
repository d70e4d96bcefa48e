//! The intermediate representation: plain data describing the client to emit.
//! No tokens and no `openapiv3` types: the emitter works from this alone.

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
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations grouped by tag, groups sorted by module name.
    pub tags: Vec<Tag>,
    /// Callbacks the API sends to subscribers (`webhooks`/`x-webhooks`), by name.
    pub webhooks: Vec<Webhook>,
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
    /// Where the schema is defined, for documentation (`beta/schemas/Account.yaml`).
    pub origin: String,
    /// The schema's title or description.
    pub doc: Option<String>,
    /// Marked `deprecated: true`.
    pub deprecated: bool,
    /// The shape.
    pub kind: TypeKind,
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
    Named(String),
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's operationId (or one derived from method and path).
    pub operation_id: String,
    /// Method name on the API struct (snake_case).
    pub method_name: String,
    /// Request builder type name (UpperCamelCase).
    pub builder_name: String,
    /// Error enum type name.
    pub error_name: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// Path template without the base path (`/accounts/{id}`).
    pub path: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Deprecated, with the spec's note when it gives one.
    pub deprecated: Option<Deprecation>,
    /// Path, query and header parameters, in spec order.
    pub parameters: Vec<Parameter>,
    /// The request body, if the operation takes one.
    pub body: Option<RequestBody>,
    /// The success responses the method returns.
    pub success: Success,
    /// Error responses the spec declares, by status.
    pub errors: Vec<Case>,
    /// Whether any security requirement applies (a token is sent).
    pub authenticated: bool,
    /// Present when the operation pages with `limit`/`offset`.
    pub pagination: Option<Pagination>,
}

/// A deprecated operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    /// `x-deprecated-description`, when the spec has one.
    pub note: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// `?name=value`.
    Query,
    /// A request header.
    Header,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Name on the wire.
    pub name: String,
    /// Rust name (snake_case, unique within the operation).
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Listed as required.
    pub required: bool,
    /// The schema's default, as JSON, when one is given.
    pub default: Option<serde_json::Value>,
    /// Description.
    pub doc: Option<String>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// Largest allowed value of an integer parameter.
    pub maximum: Option<i64>,
    /// How a query parameter's arrays and objects are written.
    pub style: QueryStyle,
    /// For path and header parameters (`style: simple`): objects are written
    /// `k1=v1,k2=v2` rather than `k1,v1,k2,v2`.
    pub explode: bool,
    /// The value is one scalar (string, number, boolean, date, string enum,
    /// or an alias of one), so its text is its wire form; arrays and objects
    /// need a style.
    pub scalar: bool,
    /// The Rust type is `Copy` (numbers, booleans, dates and aliases of
    /// them), so the request passes it by value rather than by reference.
    pub copy: bool,
}

/// OpenAPI `style`/`explode` of a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryStyle {
    /// `form`, `explode: true` (the default): `a=1&a=2`, `k1=v1&k2=v2`.
    #[default]
    FormExploded,
    /// `form`, `explode: false`: `a=1,2`.
    Form,
    /// `spaceDelimited`: `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[k1]=v1`.
    DeepObject,
}

/// The request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Media type sent as Content-Type.
    pub media_type: String,
    /// How the body is encoded, and its shape.
    pub encoding: BodyEncoding,
    /// Whether a body must be sent.
    pub required: bool,
    /// Description.
    pub doc: Option<String>,
}

/// How a request body goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `*+json`) of a type.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded` of an object type.
    Form(TypeRef),
    /// `multipart/form-data`: each property is its own part.
    Multipart(Vec<BodyField>),
    /// Raw bytes (`application/octet-stream`, images, ...).
    Binary,
    /// Text (`text/plain`, `text/csv`, ...).
    Text,
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyField {
    /// Part name on the wire.
    pub name: String,
    /// Rust name (unique among the operation's parameters).
    pub rust_name: String,
    /// Type of a non-file field.
    pub ty: TypeRef,
    /// Whether the part is a file, or a list of files.
    pub file: FileKind,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// Description.
    pub doc: Option<String>,
}

/// Whether a multipart field carries file contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An ordinary field.
    No,
    /// One file (`format: binary`).
    One,
    /// Several files (an array of `format: binary`).
    Many,
}

/// Which statuses a response case covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// Exactly this status.
    Code(u16),
    /// Every status of a class (`4XX` is `Range(4)`).
    Range(u16),
    /// Every status no other case covers.
    Default,
}

/// What a response body decodes into.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// No body.
    Empty,
    /// JSON of a type.
    Json(TypeRef),
    /// Text, as `String`.
    Text,
    /// Bytes.
    Binary,
}

/// The successful responses of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// One case per declared 2xx status (exact codes before ranges).
    pub cases: Vec<Case>,
    /// When the cases carry different payloads, the name of the enum the
    /// operation returns; otherwise the shared payload is returned directly.
    pub enum_name: Option<String>,
}

impl Success {
    /// The payload every case shares, when there is no enum.
    pub fn payload(&self) -> Payload {
        match (&self.enum_name, self.cases.first()) {
            (None, Some(case)) => case.payload.clone(),
            _ => Payload::Empty,
        }
    }
}

/// One declared response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// Variant name in the success or error enum.
    pub variant: String,
    /// The body.
    pub payload: Payload,
    /// Description.
    pub doc: Option<String>,
    /// The JSON payload is boxed: it is far larger than the enum's other
    /// variants (`lower::variant_size`).
    pub boxed: bool,
}

/// How a limit/offset operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The item type of the returned array.
    pub item: TypeRef,
    /// The largest page the server allows (`limit` maximum), if declared.
    pub max_page_size: Option<u64>,
    /// Whether the operation takes `count` (so the total can be asked for).
    pub has_count: bool,
}

/// A struct with optional, plain fields, for tests of the passes over the IR.
#[cfg(test)]
pub(crate) fn struct_def(name: &str, fields: &[(&str, TypeRef)]) -> TypeDef {
    TypeDef {
        name: name.to_owned(),
        module: name.to_lowercase(),
        origin: String::new(),
        doc: None,
        deprecated: false,
        kind: TypeKind::Struct(Struct {
            fields: fields
                .iter()
                .map(|(n, ty)| Field {
                    name: (*n).to_owned(),
                    json_name: (*n).to_owned(),
                    ty: ty.clone(),
                    required: false,
                    nullable: false,
                    boxed: false,
                    read_only: false,
                    deprecated: false,
                    doc: None,
                    default: None,
                })
                .collect(),
            additional: None,
        }),
    }
}
