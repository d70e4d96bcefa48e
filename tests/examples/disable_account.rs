//! Disables one account and prints the ID of the task that does it.
//!
//! ```sh
//! export SAIL_BASE_URL=https://acme.api.identitynow.com
//! export SAIL_CLIENT_ID=...        # a personal access token's client id
//! export SAIL_CLIENT_SECRET=...    # and its secret
//! cargo run -p isc-tests --example disable_account -- 2c9180835d2e5168015d32f890ca1581
//! ```
//!
//! Without the environment variables the settings come from `./config.json` or the
//! sailpoint CLI's `~/.sailpoint/config.yaml`.

use std::process::ExitCode;

use sailpoint_beta::Client;
use sailpoint_beta::apis::accounts::DisableAccountError;
use sailpoint_beta::models::AccountToggleRequest;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(account_id), None) = (args.next(), args.next()) else {
        eprintln!("usage: cargo run -p isc-tests --example disable_account -- <account-id>");
        return ExitCode::from(2);
    };

    let client = match Client::load() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: cannot configure the client: {error}");
            eprintln!(
                "set SAIL_BASE_URL (e.g. https://acme.api.identitynow.com), SAIL_CLIENT_ID and \
                 SAIL_CLIENT_SECRET, or write ./config.json, or log in with the sailpoint CLI \
                 (~/.sailpoint/config.yaml)"
            );
            return ExitCode::from(2);
        }
    };

    // No external verification id, no forced provisioning: the defaults.
    let body = AccountToggleRequest::default();
    // The beta Accounts operations are deprecated in favour of the v2025 API.
    #[allow(deprecated)]
    let request = client.accounts().disable_account(&account_id, body);
    match request.await {
        Ok(task) => {
            println!("{}", task.id);
            ExitCode::SUCCESS
        }
        Err(error) => {
            match error.api_body() {
                Some(DisableAccountError::NotFound(_)) => {
                    eprintln!("error: no account with id {account_id}");
                }
                _ => eprintln!("error: disabling account {account_id} failed: {error}"),
            }
            ExitCode::FAILURE
        }
    }
}
