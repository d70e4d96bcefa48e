//! The security schemes a document declares, as the generated client's
//! configuration reads credentials for them.

/// One security scheme of `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the document.
    pub name: String,
    /// What credential it takes.
    pub kind: SecurityKind,
}

/// The credential a scheme takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// A bearer token: `http` with `scheme: bearer`, an OAuth2 flow other
    /// than client credentials, or OpenID Connect.
    Bearer,
    /// `http` with `scheme: basic`.
    Basic,
    /// An API key sent in a header, the query or a cookie.
    ApiKey {
        /// Where it goes.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// OAuth2 client credentials exchanged at `token_url`.
    ClientCredentials {
        /// The flow's token URL as written.
        token_url: String,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}
