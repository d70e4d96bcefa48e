//! The beta Accounts client, generated at build time by `build.rs` with
//! `isc_codegen`'s library API instead of being committed.
//!
//! The generated modules sit at this crate's root, where the generated code
//! expects them (`crate::models`, `crate::apis`, `crate::BASE_PATH`):
//! [`Client`], [`apis`], [`models`].

// The spec marks every beta Accounts operation deprecated (superseded by v2025).
#![allow(deprecated)]

include!(concat!(env!("OUT_DIR"), "/sailpoint.rs"));

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::future::IntoFuture;

    use super::apis::accounts::GetAccountError;
    use super::{Client, Error, models};

    /// The output type of a request builder, checked at compile time.
    fn output<F: IntoFuture>(_: &F, _: fn(F::Output)) {}

    #[test]
    fn generated_client_builds_requests() {
        let config = isc_runtime::Config::builder()
            .base_url("http://127.0.0.1:9")
            .bearer_token("static-token")
            .build()
            .unwrap();
        let client = Client::new(isc_runtime::Client::new(config).unwrap());
        assert_eq!(client.runtime().config().base_url(), "http://127.0.0.1:9");

        // Built, never sent: no network.
        let request = client
            .accounts()
            .get_account("2c9180835d2e5168015d32f890ca1581");
        output(
            &request,
            |_: Result<models::Account, Error<GetAccountError>>| {},
        );
        assert!(format!("{request:?}").contains("2c9180835d2e5168015d32f890ca1581"));
        assert_eq!(super::BASE_PATH, "/beta");
    }

    #[test]
    fn generated_models_decode() {
        let origin: models::AccountOrigin = serde_json::from_str("\"AGGREGATED\"").unwrap();
        assert_eq!(serde_json::to_string(&origin).unwrap(), "\"AGGREGATED\"");
    }
}
