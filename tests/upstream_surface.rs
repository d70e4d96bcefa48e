//! Our `spec/` restates SailPoint's published beta spec for the Accounts tag in
//! our own words. Generating from either must give the same client surface:
//! operations, parameters, bodies, responses, types, fields, required and
//! nullable flags. Only documentation text may differ.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use isc_codegen::ir::{Api, Origin, TypeKind};
use isc_codegen::{Selection, lower_spec};
use isc_tests::{accounts_spec, overlay, upstream_root};

/// The API with every piece of prose removed.
fn surface(mut api: Api) -> Api {
    api.title.clear();
    api.description = None;
    for def in &mut api.types {
        def.doc = None;
        def.origin = Origin::default();
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.doc = None;
            }
        }
    }
    for tag in &mut api.tags {
        tag.description = None;
        for op in &mut tag.operations {
            op.summary = None;
            op.description = None;
            if let Some(d) = &mut op.deprecated {
                d.note = d.note.as_ref().map(|_| String::from("(note)"));
            }
            for p in &mut op.parameters {
                p.doc = None;
            }
            if let Some(body) = &mut op.body {
                body.doc = None;
            }
            for case in op.success.cases.iter_mut().chain(op.errors.iter_mut()) {
                case.doc = None;
            }
        }
    }
    for shared in &mut api.shared_errors {
        for case in &mut shared.cases {
            case.doc = None;
        }
    }
    api
}

#[test]
fn upstream_accounts_tag_gives_the_same_client_surface() {
    let Some(upstream) = upstream_root("sailpoint-api.beta.yaml") else {
        return;
    };
    let (ours, our_warnings, _) = lower_spec(
        &accounts_spec(),
        &Selection::tag("Accounts"),
        Some(&overlay()),
    )
    .expect("our spec");
    let (theirs, their_warnings, files) =
        lower_spec(&upstream, &Selection::tag("Accounts"), Some(&overlay()))
            .expect("upstream spec");
    assert!(
        files > 1000,
        "the upstream root is multi-file; read {files} files"
    );
    assert_eq!(our_warnings.len(), their_warnings.len());
    let (ours, theirs) = (surface(ours), surface(theirs));

    let names = |api: &Api| api.types.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ours), names(&theirs), "the same named types");
    for (a, b) in ours.types.iter().zip(&theirs.types) {
        assert_eq!(a, b, "type {}", a.name);
    }
    assert_eq!(ours.tags.len(), 1);
    let ops = |api: &Api| {
        api.tags
            .iter()
            .flat_map(|t| t.operations.iter().map(|o| o.operation_id.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ops(&ours), ops(&theirs), "the same operations");
    for (a, b) in ours.tags[0]
        .operations
        .iter()
        .zip(&theirs.tags[0].operations)
    {
        assert_eq!(a, b, "operation {}", a.operation_id);
    }
    assert_eq!(ours.base_path, theirs.base_path);
    assert_eq!(ours.version, theirs.version);
    assert_eq!(ours, theirs);
}

#[test]
fn our_spec_has_the_sixteen_accounts_operations() {
    let (api, warnings, _) =
        lower_spec(&accounts_spec(), &Selection::all(), Some(&overlay())).expect("our spec");
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut methods: Vec<String> = api
        .tags
        .iter()
        .flat_map(|t| t.operations.iter().map(|o| o.method_name.clone()))
        .collect();
    methods.sort();
    assert_eq!(
        methods,
        [
            "create_account",
            "delete_account",
            "delete_account_async",
            "disable_account",
            "disable_account_for_identity",
            "disable_accounts_for_identities",
            "enable_account",
            "enable_account_for_identity",
            "enable_accounts_for_identities",
            "get_account",
            "get_account_entitlements",
            "list_accounts",
            "put_account",
            "submit_reload_account",
            "unlock_account",
            "update_account",
        ]
    );
}
