//! Obtaining the `Authorization` header: OAuth2 client credentials, a static
//! bearer token, or any scheme plugged in through [`Authenticator`].

mod client_credentials;
mod credential;
mod placement;
mod token;

pub use crate::auth_error::AuthError;
pub use client_credentials::ClientCredentialsAuth;
pub use credential::{AuthContext, Authenticator, BearerAuth, Credential, FixedAuth};
pub use placement::ApiKeyLocation;
pub(crate) use placement::Applied;
pub use token::{MAX_TOKEN_LIFETIME, MIN_TOKEN_LIFETIME};
