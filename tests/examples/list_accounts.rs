//! Lists every account of the tenant as a stream, fetching pages of 250 lazily.
//!
//! ```sh
//! export SAIL_BASE_URL=https://acme.api.identitynow.com
//! export SAIL_CLIENT_ID=...        # a personal access token's client id
//! export SAIL_CLIENT_SECRET=...    # and its secret
//! cargo run -p isc-tests --example list_accounts
//! ```
//!
//! Without the environment variables the settings come from `./config.json` or the
//! sailpoint CLI's `~/.sailpoint/config.yaml`.

use std::process::ExitCode;

use futures_util::TryStreamExt;
use sailpoint_beta::Client;

#[tokio::main]
async fn main() -> ExitCode {
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

    // The beta Accounts operations are deprecated in favour of the v2025 API.
    #[allow(deprecated)]
    let accounts = client.accounts().list_accounts().stream();
    let mut accounts = std::pin::pin!(accounts);
    let mut seen: u64 = 0;
    loop {
        match accounts.try_next().await {
            Ok(Some(account)) => {
                seen += 1;
                println!(
                    "{}\t{}",
                    account.id.as_deref().unwrap_or("-"),
                    account.name.as_deref().unwrap_or("-"),
                );
            }
            Ok(None) => break,
            Err(error) => {
                eprintln!("error: listing accounts failed after {seen} account(s): {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!("{seen} account(s)");
    ExitCode::SUCCESS
}
