//! Decode throughput of a 250-account page: the runtime's `decode_json` (what
//! `send`/`send_page` use) and serde_json straight into the generated
//! `Account`, each against serde_json into a hand-written struct of the same
//! fields. A plain harness: `cargo bench -p isc-tests --bench decode`, run by
//! tests/bench.sh; it prints figures, it does not pass or fail.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use sailpoint_beta::models::Account;
use serde::Deserialize;

/// What someone would write by hand for the same body: the same fields and
/// optionality and the same value types (the runtime's lenient `DateTime`,
/// an order-keeping map), enums kept as text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HandAccount {
    id: Option<String>,
    name: Option<String>,
    created: Option<isc_runtime::DateTime>,
    modified: Option<isc_runtime::DateTime>,
    source_id: String,
    source_name: Option<String>,
    identity_id: Option<String>,
    cloud_lifecycle_state: Option<String>,
    identity_state: Option<String>,
    connection_type: Option<String>,
    is_machine: Option<bool>,
    recommendation: Option<HandRecommendation>,
    attributes: Option<isc_runtime::JsonMap>,
    authoritative: Option<bool>,
    description: Option<String>,
    disabled: bool,
    locked: bool,
    native_identity: String,
    system_account: Option<bool>,
    uncorrelated: Option<bool>,
    uuid: Option<String>,
    manually_correlated: bool,
    has_entitlements: bool,
    identity: Option<HandReference>,
    source_owner: Option<HandReference>,
    features: Option<String>,
    origin: Option<String>,
    owner_identity: Option<HandReference>,
}

#[derive(Deserialize)]
struct HandRecommendation {
    r#type: String,
    method: String,
}

#[derive(Deserialize)]
struct HandReference {
    r#type: Option<String>,
    id: Option<String>,
    name: Option<String>,
}

/// Best time per decode over `rounds` rounds of `per_round` decodes: the
/// minimum is the figure least disturbed by other work on a shared machine.
fn best(rounds: u32, per_round: u32, mut decode: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..per_round {
            decode();
        }
        best = best.min(start.elapsed() / per_round);
    }
    best
}

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/accounts-page-250.json"
    );
    let body = std::fs::read(path).expect("the fixture is readable");
    let (rounds, per_round) = (15, 40);
    let hand = best(rounds, per_round, || {
        let page: Vec<HandAccount> = serde_json::from_slice(black_box(&body)).unwrap();
        assert_eq!(black_box(page).len(), 250);
    });
    let generated = best(rounds, per_round, || {
        let page: Vec<Account> = serde_json::from_slice(black_box(&body)).unwrap();
        assert_eq!(black_box(page).len(), 250);
    });
    let runtime = best(rounds, per_round, || {
        let page: Vec<Account> = isc_runtime::decode_json(black_box(&body)).unwrap();
        assert_eq!(black_box(page).len(), 250);
    });
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let ratio = |d: Duration| d.as_secs_f64() / hand.as_secs_f64();
    let mb_s = |d: Duration| body.len() as f64 / d.as_secs_f64() / 1e6;
    println!(
        "decode a 250-account page ({} bytes), best of {rounds} rounds of {per_round}:",
        body.len()
    );
    for (label, d) in [
        ("serde_json into a hand-written struct", hand),
        ("serde_json into the generated Account", generated),
        ("isc_runtime::decode_json into Account", runtime),
    ] {
        println!(
            "  {label:<40} {:>8.1} µs  {:>6.1} MB/s  {:.2}×",
            micros(d),
            mb_s(d),
            ratio(d)
        );
    }
}
