//! [`Credentials`]: how a client authenticates, with a `Debug` that names
//! the scheme and never a secret.

use std::fmt;

use secrecy::SecretString;

/// How the client authenticates.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// OAuth2 client credentials (a personal access token's id and secret), exchanged
    /// at `{base}/oauth/token` for access tokens.
    ClientCredentials {
        /// The client id (not secret).
        client_id: String,
        /// The client secret.
        client_secret: SecretString,
    },
    /// A ready access token, sent as is; it is never refreshed.
    BearerToken(SecretString),
    /// HTTP basic authentication (`Authorization: Basic ...`).
    Basic {
        /// The user name (not secret).
        username: String,
        /// The password.
        password: SecretString,
    },
    /// An API key, sent in the header, query parameter or cookie the
    /// document's `apiKey` scheme names.
    ApiKey {
        /// Where it goes.
        location: crate::auth::ApiKeyLocation,
        /// The key.
        key: SecretString,
    },
    /// No credentials: only operations without security can be called, unless a
    /// custom [`Authenticator`](crate::Authenticator) is given to the client.
    None,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ClientCredentials { client_id, .. } => f
                .debug_struct("ClientCredentials")
                .field("client_id", client_id)
                .field("client_secret", &"[REDACTED]")
                .finish(),
            Credentials::BearerToken(_) => f.write_str("BearerToken([REDACTED])"),
            Credentials::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"[REDACTED]")
                .finish(),
            Credentials::ApiKey { location, .. } => f
                .debug_struct("ApiKey")
                .field("location", location)
                .field("key", &"[REDACTED]")
                .finish(),
            Credentials::None => f.write_str("None"),
        }
    }
}
