//! Secrets stay out of Debug and Display output and out of error text (the
//! tracing logs are checked in tests/tracing_logs.rs).

use std::time::Duration;

use isc_runtime::secrecy::SecretString;
use isc_runtime::{
    BearerAuth, ClientCredentialsAuth, Config, ConfigSources, Credential, RetryPolicy,
};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

#[test]
fn debug_output_hides_secrets() {
    let config = Config::builder()
        .tenant("acme")
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    let client = isc_runtime::Client::new(config.clone()).unwrap();
    let auth = ClientCredentialsAuth::new(
        "https://acme.api.identitynow.com/oauth/token",
        CLIENT_ID,
        SecretString::from(CLIENT_SECRET),
        Duration::from_secs(60),
    );
    let bearer = BearerAuth::new(SecretString::from("access-token-xyz"));
    let credential = Credential::bearer(&SecretString::from("access-token-xyz"));
    let from_env = Config::builder()
        .load_from(
            &ConfigSources::empty()
                .with_env("SAIL_BASE_URL", "https://acme.api.identitynow.com")
                .with_env("SAIL_CLIENT_ID", CLIENT_ID)
                .with_env("SAIL_CLIENT_SECRET", CLIENT_SECRET),
        )
        .unwrap();

    let outputs = [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{client:?}"),
        format!("{auth:?}"),
        format!("{bearer:?}"),
        format!("{credential:?}"),
        format!("{:?}", config.credentials()),
        format!("{from_env:?}"),
    ];
    for output in &outputs {
        assert!(!output.contains(CLIENT_SECRET), "{output}");
        assert!(!output.contains("access-token-xyz"), "{output}");
    }
    assert!(
        outputs[0].contains(CLIENT_ID),
        "the id is not secret: {}",
        outputs[0]
    );
}

/// A secret with characters every encoding spells differently.
const ODD_SECRET: &str = "probe+SECRET/x= é";

#[test]
fn no_public_type_shows_a_secret_in_debug_or_display() {
    let sources = ConfigSources::empty()
        .with_env("SAIL_BASE_URL", "https://acme.api.identitynow.com")
        .with_env("SAIL_CLIENT_ID", CLIENT_ID)
        .with_env("SAIL_CLIENT_SECRET", ODD_SECRET);
    let builder = Config::builder()
        .tenant("acme")
        .client_credentials(CLIENT_ID, ODD_SECRET);
    let config = builder.clone().build().unwrap();
    let bearer_config = Config::builder()
        .tenant("acme")
        .bearer_token("bearer-SECRET")
        .build()
        .unwrap();
    let client_builder = isc_runtime::Client::builder(config.clone());
    let client = isc_runtime::Client::new(config.clone()).unwrap();
    let credential = Credential::bearer(&SecretString::from("bearer-SECRET"));
    let from_process = ConfigSources::from_process();
    let shown = [
        format!("{sources:?}"),
        format!("{from_process:?}"),
        format!("{builder:?}"),
        format!("{config:?}"),
        format!("{:?}", config.credentials()),
        format!("{bearer_config:?}"),
        format!("{client_builder:?}"),
        format!("{client:?}"),
        format!("{credential:?}"),
        format!("{:?}", BearerAuth::new(SecretString::from("bearer-SECRET"))),
    ];
    for text in &shown {
        assert!(!text.contains("probe"), "{text}");
        assert!(!text.contains("bearer-SECRET"), "{text}");
    }
    // The variables that are set are named, without their values.
    assert!(shown[0].contains("SAIL_CLIENT_SECRET"), "{}", shown[0]);
    // from_process() holds only what it reads, not the whole environment.
    assert!(!shown[1].contains("PATH"), "{}", shown[1]);
}

#[tokio::test]
async fn a_token_endpoint_echoing_the_secret_in_any_spelling_is_redacted() {
    let encoded: String =
        isc_runtime::reqwest::Url::parse_with_params("http://x/", [("s", ODD_SECRET)])
            .unwrap()
            .query()
            .unwrap()
            .trim_start_matches("s=")
            .to_owned();
    let json = serde_json::to_string(ODD_SECRET).unwrap();
    let json = json.trim_matches('"');
    let spellings = [
        ODD_SECRET.to_owned(),
        encoded.clone(),
        "probe%2bSECRET%2fx%3d+%c3%a9".to_owned(),
        "probe%2BSECRET%2Fx%3D%20%C3%A9".to_owned(),
        json.to_owned(),
        json.replace('/', "\\/"),
        "probe+SECRET\\/x= \\u00e9".to_owned(),
    ];
    for spelling in spellings {
        let server = MockServer::start().await;
        let body = format!(
            r#"{{"error":"invalid_client","error_description":"bad secret {spelling}","echo":"{spelling}"}}"#
        );
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(ResponseTemplate::new(401).set_body_string(body))
            .mount(&server)
            .await;
        let config = Config::builder()
            .base_url(server.uri())
            .client_credentials(CLIENT_ID, ODD_SECRET)
            .retry(RetryPolicy::none());
        let client = client(config, &manual_clock());
        let error = client.execute::<Value>(get_things()).await.unwrap_err();
        let isc_runtime::Error::Auth(isc_runtime::AuthError::Rejected {
            status,
            error: oauth_error,
            error_description,
            ..
        }) = &error
        else {
            panic!("expected Rejected, got {error:?}");
        };
        assert_eq!(*status, 401);
        assert_eq!(oauth_error.as_deref(), Some("invalid_client"));
        assert!(
            error_description
                .as_deref()
                .unwrap()
                .starts_with("bad secret [REDACTED]"),
            "{spelling}: {error_description:?}"
        );
        for text in [format!("{error}"), format!("{error:?}")] {
            assert!(!text.contains("SECRET"), "{spelling}: {text}");
            assert!(text.chars().count() < 1500, "bounded");
        }
    }
}
