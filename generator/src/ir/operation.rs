//! The operations half of the IR: parameters, bodies, responses and paging,
//! each decided by lowering so the emitter only prints them.

use super::TypeRef;

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
    /// The [`SharedErrors`](super::SharedErrors) enum `error_name` is an
    /// alias of, when other operations declare the same errors.
    pub shared_error: Option<String>,
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
    /// The schema's default, as JSON, when one is given (documented).
    pub default: Option<serde_json::Value>,
    /// A method argument (required, no default) rather than a builder setter.
    pub argument: bool,
    /// What a required parameter with a default sends when the caller sets
    /// nothing; `None` for every other parameter.
    pub fallback: Option<DefaultValue>,
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

/// A parameter's default as the Rust value the client sends in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultValue {
    /// `String::from(text)`; also a number or boolean written for a string
    /// parameter (unquoted YAML), as its text.
    Text(String),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal.
    Integer(i64),
    /// `Type::from(value)` of a named type (a string enum or an alias of text).
    From(String),
    /// The type's `Default`, when the spec's value has no literal form here.
    TypeDefault,
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
    /// variants (`ir::analysis::variant_size`).
    pub boxed: bool,
}

/// How a limit/offset operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The item type of the returned array.
    pub item: TypeRef,
    /// The largest `limit` a caller may ask for: the spec's `maximum` of
    /// the limit parameter, or [`Pagination::DEFAULT_PAGE_SIZE`] when it declares none.
    pub page_size_max: u64,
    /// The page size a stream asks for when the caller sets no `limit`: the
    /// smaller of [`Pagination::DEFAULT_PAGE_SIZE`] and `page_size_max`.
    pub page_size_default: u64,
    /// Whether the operation takes `count` (so the total can be asked for).
    pub has_count: bool,
}

impl Pagination {
    /// SailPoint's usual page size and the limit most of its list operations
    /// declare; used where the spec declares no `maximum`.
    pub const DEFAULT_PAGE_SIZE: u64 = 250;
}
