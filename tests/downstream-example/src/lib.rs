//! A downstream crate: account housekeeping on top of a generated client.
//! It disables the accounts no identity owns and asks for new accounts
//! with attributes it keeps in its own map type (the client's settings
//! replace the schema with it).

// The beta accounts operations are deprecated upstream in favour of v2025;
// this example still uses them.
#![allow(deprecated)]

use std::collections::{BTreeMap, HashSet};

use accounts_client::apis::accounts::{CreateAccountError, DisableAccountError, ListAccountsError};
use accounts_client::models::{AccountAttributesCreate, AccountToggleRequest, AccountsAsyncResult};
use accounts_client::{Client, Error};
use futures_util::TryStreamExt;

/// What housekeeping can fail with.
#[derive(Debug)]
pub enum HousekeepingError {
    /// Listing the accounts failed.
    List(Error<ListAccountsError>),
    /// Disabling one account failed.
    Disable(String, Error<DisableAccountError>),
}

/// Disables every enabled account that is not correlated to an identity
/// and returns the tasks the server started (each once).
pub async fn disable_uncorrelated(
    client: &Client,
) -> Result<HashSet<AccountsAsyncResult>, HousekeepingError> {
    let accounts: Vec<_> = client
        .accounts()
        .list_accounts()
        .stream()
        .try_collect()
        .await
        .map_err(HousekeepingError::List)?;
    let mut tasks = HashSet::new();
    for account in accounts {
        let (Some(id), Some(true), false) = (account.id, account.uncorrelated, account.disabled)
        else {
            continue;
        };
        let task = client
            .accounts()
            .disable_account(id.clone(), AccountToggleRequest::default())
            .await
            .map_err(|e| HousekeepingError::Disable(id, e))?;
        tasks.insert(task);
    }
    Ok(tasks)
}

/// Asks for a new account on `source_id` with `attributes`.
pub async fn request_account(
    client: &Client,
    source_id: &str,
    attributes: &[(&str, &str)],
) -> Result<AccountsAsyncResult, Error<CreateAccountError>> {
    let mut map: BTreeMap<String, String> = attributes
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    map.insert("sourceId".to_owned(), source_id.to_owned());
    client
        .accounts()
        .create_account(AccountAttributesCreate::new(map))
        .await
}
