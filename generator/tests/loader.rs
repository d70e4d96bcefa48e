//! Pins the loader: multi-file `$ref` bundling, component naming,
//! normalisation of `$ref` siblings, cycles, errors, and selection.
//!
//! Every fixture lives under `tests/fixtures/<name>/`; the trees are small on
//! purpose so that each assertion can spell out the exact expected document.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use isc_codegen::Error;
use isc_codegen::ir::StatusMatch;
use isc_codegen::ir::TypeKind;
use isc_codegen::load::{self, Loaded};
use isc_codegen::select::{self, Selection};
use serde_json::{Value, json};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// The whole load → select → lower pipeline, without an overlay.
fn lower_spec(
    input: &Path,
    selection: &Selection,
) -> isc_codegen::Result<(isc_codegen::ir::Api, Vec<isc_codegen::Warning>, usize)> {
    isc_codegen::lower_spec(input, selection, None)
}

fn load_ok(relative: &str) -> Loaded {
    match load::load(&fixture(relative)) {
        Ok(loaded) => loaded,
        Err(err) => panic!("{relative} should load, got: {err}"),
    }
}

fn load_err(relative: &str) -> Error {
    match load::load(&fixture(relative)) {
        Ok(loaded) => panic!(
            "{relative} should not load, got:\n{}",
            serde_json::to_string_pretty(&loaded.document).unwrap()
        ),
        Err(err) => err,
    }
}

/// The names of one `components` section, in document order.
fn names(document: &Value, section: &str) -> Vec<String> {
    document["components"][section]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn schema_names(document: &Value) -> Vec<String> {
    names(document, "schemas")
}

/// The JSON schema of the `application/json` body of a response.
fn response_schema<'a>(document: &'a Value, path: &str, method: &str, status: &str) -> &'a Value {
    &document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Where a pointer into the bundled document came from, relative to the
/// fixture folder.
fn origin(loaded: &Loaded, pointer: &str, base: &str) -> (String, String) {
    let location = loaded.locate(pointer);
    let file = location
        .file
        .strip_prefix(fixture(base))
        .unwrap_or_else(|_| panic!("{} is not under {base}", location.file.display()))
        .to_string_lossy()
        .replace('\\', "/");
    (file, location.pointer)
}

// 1. Relative-file refs across directories.

#[test]
fn refs_across_directories_become_components_named_by_stem_or_pointer() {
    let loaded = load_ok("routes/root.yaml");
    let doc = &loaded.document;

    // `Unused` sits beside `W` in Z.yaml but nothing refers to it.
    assert_eq!(schema_names(doc), ["BW", "BY"]);
    assert_eq!(
        doc["components"]["schemas"]["BY"],
        json!({
            "type": "object",
            "properties": {
                "w": { "$ref": "#/components/schemas/BW" },
                "label": { "type": "string" }
            }
        })
    );
    assert_eq!(
        doc["components"]["schemas"]["BW"],
        json!({ "type": "object", "properties": { "n": { "type": "integer" } } })
    );
    // A whole-file ref from a path file two folders away.
    assert_eq!(
        response_schema(doc, "/things", "get", "200"),
        &schema_ref("BY")
    );
    // A `file#/pointer` ref from another path file.
    assert_eq!(
        response_schema(doc, "/others", "get", "202"),
        &schema_ref("BW")
    );
    // Path items are inlined, not kept as refs.
    assert_eq!(doc["paths"]["/things"]["get"]["operationId"], "listThings");
    assert_eq!(doc["paths"]["/others"]["get"]["operationId"], "listOthers");
    // No ref anywhere points outside the document.
    let text = serde_json::to_string(doc).unwrap();
    assert!(!text.contains(".yaml"), "a file ref survived: {text}");
    // root, two path files, Y.yaml and Z.yaml.
    assert_eq!(loaded.files_read, 5);
}

#[test]
fn bundled_pointers_map_back_to_their_source_files() {
    let loaded = load_ok("routes/root.yaml");
    assert_eq!(
        origin(&loaded, "/components/schemas/BW", "routes"),
        (
            "b/schemas/Z.yaml".to_owned(),
            "/components/schemas/W".to_owned()
        )
    );
    assert_eq!(
        origin(&loaded, "/components/schemas/BY/properties/w", "routes"),
        ("b/schemas/Y.yaml".to_owned(), "/properties/w".to_owned())
    );
    assert_eq!(
        origin(&loaded, "/paths/~1things/get/responses/200", "routes"),
        (
            "a/paths/things.yaml".to_owned(),
            "/get/responses/200".to_owned()
        )
    );
    assert_eq!(
        origin(&loaded, "/info/title", "routes"),
        ("root.yaml".to_owned(), "/info/title".to_owned())
    );
}

#[test]
fn a_relative_root_path_loads_the_same_document() {
    // Integration tests run in the package folder.
    let relative = load::load(Path::new("tests/fixtures/routes/root.yaml")).unwrap();
    let absolute = load_ok("routes/root.yaml");
    assert_eq!(relative.document, absolute.document);
    assert_eq!(relative.files_read, absolute.files_read);
    assert_eq!(
        relative.locate("/components/schemas/BY").file,
        PathBuf::from("tests/fixtures/routes/b/schemas/Y.yaml")
    );
}

// 2. One file, two routes, one component.

#[test]
fn the_same_file_by_two_routes_is_one_component() {
    let loaded = load_ok("routes/root.yaml");
    let doc = &loaded.document;
    // `../../b/schemas/Y.yaml` and `../../b/schemas/../schemas/./Y.yaml`.
    assert_eq!(
        response_schema(doc, "/things", "get", "200"),
        response_schema(doc, "/others", "get", "200")
    );
    // `./Z.yaml#/components/schemas/W` from Y.yaml and
    // `../../b/schemas/Z.yaml#/components/schemas/W` from a path file.
    assert_eq!(
        doc["components"]["schemas"]["BY"]["properties"]["w"],
        *response_schema(doc, "/others", "get", "202")
    );
    assert_eq!(schema_names(doc).len(), 2);
}

// 3. Same stem, different folders.

#[test]
fn same_stem_in_two_folders_prefixes_the_one_away_from_the_paths() {
    let loaded = load_ok("collide/root.yaml");
    let doc = &loaded.document;
    assert_eq!(schema_names(doc), ["Entitlement", "V3Entitlement"]);
    assert_eq!(
        doc["components"]["schemas"]["Entitlement"]["description"],
        "The beta entitlement"
    );
    assert_eq!(
        doc["components"]["schemas"]["V3Entitlement"]["description"],
        "The v3 entitlement"
    );
    assert_eq!(
        response_schema(doc, "/entitlements", "get", "200")["items"],
        schema_ref("Entitlement")
    );
    assert_eq!(
        response_schema(doc, "/v3-entitlements", "get", "200")["items"],
        schema_ref("V3Entitlement")
    );
    assert_eq!(
        origin(&loaded, "/components/schemas/V3Entitlement", "collide").0,
        "v3/schemas/Entitlement.yaml"
    );
}

#[test]
fn component_names_do_not_depend_on_the_order_of_paths() {
    let first = load_ok("collide/root.yaml");
    let second = load_ok("collide/root-reordered.yaml");
    assert_eq!(first.document["components"], second.document["components"]);
    for path in ["/entitlements", "/v3-entitlements"] {
        assert_eq!(
            first.document["paths"][path], second.document["paths"][path],
            "{path}"
        );
    }
    for name in ["Entitlement", "V3Entitlement"] {
        let pointer = format!("/components/schemas/{name}");
        assert_eq!(
            origin(&first, &pointer, "collide"),
            origin(&second, &pointer, "collide")
        );
    }
}

#[test]
fn the_folder_holding_the_path_files_keeps_the_plain_name() {
    // Same schema files, but the path files live in v3/ this time.
    let loaded = load_ok("collide/root-v3-home.yaml");
    let doc = &loaded.document;
    assert_eq!(schema_names(doc), ["BetaEntitlement", "Entitlement"]);
    assert_eq!(
        doc["components"]["schemas"]["Entitlement"]["description"],
        "The v3 entitlement"
    );
    assert_eq!(
        doc["components"]["schemas"]["BetaEntitlement"]["description"],
        "The beta entitlement"
    );
}

#[test]
fn distinct_files_always_get_distinct_component_names() {
    // beta/schemas/{Entitlement,V3Entitlement}.yaml and
    // v3/schemas/{Entitlement,V3Entitlement}.yaml: four distinct schemas.
    let loaded = load_ok("clash/root.yaml");
    let doc = &loaded.document;
    let names = schema_names(doc);
    assert_eq!(names.len(), 4, "four files, four components: {names:?}");
    let props = &response_schema(doc, "/things", "get", "200")["properties"];
    let targets: std::collections::BTreeSet<String> = ["a", "b", "c", "d"]
        .iter()
        .map(|p| props[*p]["$ref"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        targets.len(),
        4,
        "four properties, four targets: {targets:?}"
    );
    for name in &names {
        let file = origin(&loaded, &format!("/components/schemas/{name}"), "clash").0;
        let description = doc["components"]["schemas"][name]["description"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(format!("{description}.yaml"), file, "{name}");
    }
}

#[test]
fn names_do_not_depend_on_what_else_is_reachable() {
    // Only v3's entitlement: it is still `V3Entitlement`, so a later spec
    // that also reaches beta's or v2024's renames nothing.
    let alone = load_ok("collide/root-v3-only.yaml");
    assert_eq!(schema_names(&alone.document), ["V3Entitlement"]);
    let all = load_ok("collide/root-three-versions.yaml");
    let doc = &all.document;
    assert_eq!(
        schema_names(doc),
        [
            "Approved",
            "Entitlement",
            "EventsOutputApproved",
            "V2024Entitlement",
            "V3Entitlement"
        ]
    );
    assert_eq!(
        doc["components"]["schemas"]["V3Entitlement"]["description"],
        "The v3 entitlement"
    );
    assert_eq!(
        doc["components"]["schemas"]["V2024Entitlement"]["description"],
        "The v2024 entitlement"
    );
    // The same stem in two subfolders of one version truly collides: the
    // path decides, not which one was met first.
    assert_eq!(
        origin(&all, "/components/schemas/Approved", "collide").0,
        "beta/schemas/events/input/Approved.yaml"
    );
    assert_eq!(
        origin(&all, "/components/schemas/EventsOutputApproved", "collide").0,
        "beta/schemas/events/output/Approved.yaml"
    );
}

// 4. A root component that is only a `$ref` is its target, named by the
// target's own file: the alias can disappear while the file stays.

#[test]
fn a_root_alias_is_its_target_named_by_the_targets_file() {
    let loaded = load_ok("alias/root.yaml");
    let doc = &loaded.document;
    assert_eq!(schema_names(doc), ["Target"]);
    assert_eq!(
        doc["components"]["schemas"]["Target"],
        json!({ "type": "object", "properties": { "id": { "type": "string" } } })
    );
    // `#/components/schemas/Alias` in the root and `../x/Target.yaml` in a
    // path file are the same component.
    assert_eq!(
        response_schema(doc, "/internal", "get", "200"),
        &schema_ref("Target")
    );
    assert_eq!(
        response_schema(doc, "/external", "get", "200"),
        &schema_ref("Target")
    );
    assert_eq!(
        origin(&loaded, "/components/schemas/Target", "alias"),
        ("x/Target.yaml".to_owned(), String::new())
    );
}

#[test]
fn an_alias_listed_first_does_not_rename_its_target() {
    // components.schemas: AnAlias: {$ref: '#/components/schemas/Pet'}, then Pet.
    let loaded = load_ok("alias/root-order.yaml");
    let doc = &loaded.document;
    assert!(
        schema_names(doc).contains(&"Pet".to_owned()),
        "Pet is declared with that name: {:?}",
        schema_names(doc)
    );
    assert_eq!(
        response_schema(doc, "/pets", "get", "200"),
        &schema_ref("Pet")
    );
}

#[test]
fn one_of_members_across_files_become_components() {
    let loaded = load_ok("discriminator/root.yaml");
    let doc = &loaded.document;
    assert_eq!(schema_names(doc), ["Cat", "Dog", "Pet"]);
    assert_eq!(
        doc["components"]["schemas"]["Pet"]["oneOf"],
        json!([schema_ref("Dog"), schema_ref("Cat")])
    );
    assert_eq!(
        doc["components"]["schemas"]["Pet"]["discriminator"]["propertyName"],
        "kind"
    );
}

#[test]
fn discriminator_mappings_point_at_components() {
    // mapping: {dog: ./Dog.yaml, cat: Cat, kitty: ../root.yaml#/components/schemas/Cat}
    let loaded = load_ok("discriminator/root.yaml");
    assert_eq!(
        loaded.document["components"]["schemas"]["Pet"]["discriminator"]["mapping"],
        json!({
            "dog": "#/components/schemas/Dog",
            "cat": "#/components/schemas/Cat",
            "kitty": "#/components/schemas/Cat"
        })
    );
}

// 5 and 6. `$ref` siblings and `allOf: [{$ref}, {nullable: true}]`.

#[test]
fn ref_siblings_and_annotation_members_are_normalised() {
    let loaded = load_ok("nullable/root.yaml");
    let props = &loaded.document["components"]["schemas"]["Holder"]["properties"];
    assert_eq!(
        props["owner"],
        json!({
            "allOf": [{ "$ref": "#/components/schemas/Owner" }],
            "nullable": true,
            "description": "The owner, or null"
        })
    );
    assert_eq!(
        props["manager"],
        json!({
            "allOf": [{ "$ref": "#/components/schemas/Owner" }],
            "nullable": true
        })
    );
    assert_eq!(props["plain"], schema_ref("Owner"));
    assert_eq!(
        props["auditor"],
        json!({
            "allOf": [{ "$ref": "#/components/schemas/Owner" }],
            "readOnly": true,
            "deprecated": true
        })
    );
    assert_eq!(schema_names(&loaded.document), ["Holder", "Owner"]);
}

#[test]
fn nullable_refs_lower_to_nullable_fields_of_the_named_type() {
    let (api, warnings, _) = lower_spec(&fixture("nullable/root.yaml"), &Selection::all()).unwrap();
    assert_eq!(warnings, []);
    let holder = api
        .type_named("Holder")
        .and_then(|d| d.as_struct())
        .unwrap();
    let field = |name: &str| holder.field(name).unwrap();
    let owner = api.named("Owner").unwrap();

    let f = field("owner");
    assert_eq!(
        (&f.ty, f.required, f.nullable, f.doc.as_deref()),
        (&owner, true, true, Some("The owner, or null"))
    );
    assert!(f.optional());

    let f = field("manager");
    assert_eq!((&f.ty, f.required, f.nullable), (&owner, true, true));

    let f = field("plain");
    assert_eq!((&f.ty, f.required, f.nullable), (&owner, false, false));

    let f = field("auditor");
    assert_eq!(
        (&f.ty, f.nullable, f.read_only, f.deprecated),
        (&owner, false, true, true)
    );
    // `Owner` itself is one struct, not a wrapper per use.
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Holder", "Owner"]);
}

// 7. A schema cycle through files.

#[test]
fn a_schema_cycle_through_files_loads_as_components_referring_to_each_other() {
    let loaded = load_ok("cycle/root.yaml");
    let doc = &loaded.document;
    assert_eq!(schema_names(doc), ["A", "B", "C", "Node"]);
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["A"]["properties"]["b"], schema_ref("B"));
    assert_eq!(schemas["A"]["properties"]["many"]["items"], schema_ref("B"));
    // `../schemas/A.yaml` from B.yaml is the same A.
    assert_eq!(schemas["B"]["properties"]["a"], schema_ref("A"));
    assert_eq!(schemas["Node"]["properties"]["parent"], schema_ref("Node"));
}

#[test]
fn lowering_boxes_only_the_cycle_edges() {
    let (api, _, _) = lower_spec(&fixture("cycle/root.yaml"), &Selection::all()).unwrap();
    let mut boxed = Vec::new();
    let mut unboxed = Vec::new();
    for def in &api.types {
        let TypeKind::Struct(s) = &def.kind else {
            panic!("{} is a struct", def.name)
        };
        for field in &s.fields {
            let entry = format!("{}.{}", def.name, field.json_name);
            if field.boxed {
                boxed.push(entry);
            } else {
                unboxed.push(entry);
            }
        }
    }
    assert_eq!(boxed, ["A.b", "B.a", "Node.parent"]);
    assert_eq!(
        unboxed,
        [
            "A.c",
            "A.many",
            "B.name",
            "C.leaf",
            "Node.children",
            "Node.byName"
        ]
    );
}

// 8. `$ref` cycles that never reach a value.

fn cycle_chain(err: &Error) -> &str {
    match err {
        Error::RefCycle { chain, .. } => chain,
        other => panic!("expected a RefCycle, got {other:?}"),
    }
}

/// Shortens absolute paths in a chain to paths below `fixtures/<base>/`.
fn relative_chain(chain: &str, base: &str) -> String {
    let prefix = format!("{}/", fixture(base).display());
    chain.replace(&prefix, "")
}

#[test]
fn a_pure_ref_cycle_between_schema_files_is_a_ref_cycle_error() {
    let err = load_err("refcycle/schema-cycle.yaml");
    assert_eq!(
        relative_chain(cycle_chain(&err), "refcycle"),
        "schemas/A.yaml# -> schemas/B.yaml# -> schemas/A.yaml#"
    );
    let location = err.location().unwrap();
    assert_eq!(location.file, fixture("refcycle/schema-cycle.yaml"));
    assert_eq!(
        location.pointer,
        "/paths/~1x/get/responses/200/content/application~1json/schema"
    );
}

#[test]
fn a_pure_ref_cycle_between_path_item_files_is_a_ref_cycle_error() {
    let err = load_err("refcycle/path-cycle.yaml");
    assert_eq!(
        relative_chain(cycle_chain(&err), "refcycle"),
        "paths/x.yaml# -> paths/y.yaml# -> paths/x.yaml#"
    );
    let location = err.location().unwrap();
    assert_eq!(location.file, fixture("refcycle/path-cycle.yaml"));
    assert_eq!(location.pointer, "/paths/~1x");
}

#[test]
fn a_path_item_referring_to_itself_is_a_ref_cycle_error() {
    let err = load_err("refcycle/self-path.yaml");
    assert_eq!(
        relative_chain(cycle_chain(&err), "refcycle"),
        "self-path.yaml#/paths/~1a -> self-path.yaml#/paths/~1a"
    );
    assert_eq!(err.location().unwrap().pointer, "/paths/~1a");
}

#[test]
fn a_callback_including_its_own_path_item_is_a_ref_cycle_error() {
    let err = load_err("refcycle/callback-cycle.yaml");
    assert_eq!(
        relative_chain(cycle_chain(&err), "refcycle"),
        "paths/hook.yaml# -> paths/hook.yaml#"
    );
    let location = err.location().unwrap();
    assert_eq!(location.file, fixture("refcycle/paths/hook.yaml"));
    assert_eq!(
        location.pointer,
        "/post/callbacks/onEvent/{$request.body#~1url}"
    );
}

#[test]
fn a_ref_cycle_hidden_behind_siblings_is_an_error() {
    // P.yaml is `{$ref: ./Q.yaml, description}`, Q.yaml is `{$ref: ./P.yaml, description}`.
    // Loading is fine (each becomes `allOf: [{$ref}]` plus a description), but
    // no Rust type can be generated; lowering must say so.
    let result = lower_spec(&fixture("refcycle/sibling-cycle.yaml"), &Selection::all());
    match result {
        Err(Error::RefCycle { .. } | Error::Invalid { .. }) => {}
        Err(other) => panic!("expected RefCycle or Invalid, got {other}"),
        Ok((api, _, _)) => panic!("expected an error, got types {:#?}", api.types),
    }
}

// 9. Missing files and pointers, syntax errors, JSON input.

#[test]
fn a_missing_file_is_an_io_error_at_the_ref() {
    let err = load_err("errors/missing-file.yaml");
    let Error::Io {
        location, source, ..
    } = &err
    else {
        panic!("expected Io, got {err:?}")
    };
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(location.file, fixture("errors/missing-file.yaml"));
    assert_eq!(
        location.pointer,
        "/paths/~1x/get/responses/200/content/application~1json/schema"
    );
    assert_eq!(location.line, None);
}

#[test]
fn a_missing_file_referred_to_from_a_nested_file_names_that_file() {
    // root → schemas/Has.yaml → ./Gone.yaml
    let err = load_err("errors/missing-deep.yaml");
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    let location = err.location().unwrap();
    assert_eq!(location.file, fixture("errors/schemas/Has.yaml"));
    assert_eq!(location.pointer, "/properties/gone");
}

#[test]
fn a_missing_file_at_the_end_of_a_pure_ref_chain_names_the_last_ref() {
    // root → schemas/Hop.yaml (only `$ref: ./Gone.yaml`) → Gone.yaml
    let err = load_err("errors/missing-chained.yaml");
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    let location = err.location().unwrap();
    assert_eq!(location.file, fixture("errors/schemas/Hop.yaml"));
    assert_eq!(location.pointer, "/$ref");
}

#[test]
fn a_missing_file_behind_a_ref_with_siblings_is_reported_where_the_ref_is_written() {
    // schemas/HasSibling.yaml: properties.gone = {$ref: ./Gone.yaml, nullable: true}
    let err = load_err("errors/missing-sibling.yaml");
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    let location = err.location().unwrap();
    assert_eq!(location.file, fixture("errors/schemas/HasSibling.yaml"));
    assert_eq!(location.pointer, "/properties/gone");
}

#[test]
fn an_io_error_names_the_file_that_could_not_be_read() {
    let err = load_err("errors/missing-deep.yaml");
    let text = err.to_string();
    assert!(text.contains("Gone.yaml"), "{text}");
}

#[test]
fn a_missing_pointer_is_a_broken_ref() {
    let err = load_err("errors/missing-pointer.yaml");
    let Error::BrokenRef {
        location,
        reference,
        reason,
        ..
    } = &err
    else {
        panic!("expected BrokenRef, got {err:?}")
    };
    assert_eq!(reference, "./schemas/Defs.yaml#/components/schemas/Nope");
    assert_eq!(location.file, fixture("errors/missing-pointer.yaml"));
    assert_eq!(
        location.pointer,
        "/paths/~1x/get/responses/200/content/application~1json/schema"
    );
    assert!(reason.contains("/components/schemas/Nope"), "{reason}");
    assert!(reason.contains("Defs.yaml"), "{reason}");
}

#[test]
fn invalid_yaml_in_a_referenced_file_is_a_syntax_error_with_a_line() {
    let err = load_err("errors/bad-yaml.yaml");
    let Error::Syntax {
        location, format, ..
    } = &err
    else {
        panic!("expected Syntax, got {err:?}")
    };
    assert_eq!(*format, "YAML");
    assert_eq!(location.file, fixture("errors/schemas/Broken.yaml"));
    assert_eq!(location.pointer, "");
    assert_eq!(location.line, Some(3));
    assert!(err.to_string().contains("(line 3)"), "{err}");
}

#[test]
fn invalid_yaml_in_the_root_is_a_syntax_error_with_a_line() {
    let err = load_err("errors/bad-root.yaml");
    let Error::Syntax {
        location, format, ..
    } = &err
    else {
        panic!("expected Syntax, got {err:?}")
    };
    assert_eq!(*format, "YAML");
    assert_eq!(location.file, fixture("errors/bad-root.yaml"));
    assert!(location.line.is_some(), "{err:?}");
}

#[test]
fn invalid_json_in_a_referenced_file_is_a_syntax_error_with_a_line() {
    let err = load_err("errors/bad-json.yaml");
    let Error::Syntax {
        location, format, ..
    } = &err
    else {
        panic!("expected Syntax, got {err:?}")
    };
    assert_eq!(*format, "JSON");
    assert_eq!(location.file, fixture("errors/schemas/Broken.json"));
    assert_eq!(location.line, Some(4));
}

#[test]
fn a_json_root_and_json_ref_targets_load() {
    // root.json → schemas/Item.json → ./Tag.yaml
    let loaded = load_ok("json/root.json");
    let doc = &loaded.document;
    assert_eq!(loaded.files_read, 3);
    assert_eq!(schema_names(doc), ["Item", "Tag"]);
    assert_eq!(
        response_schema(doc, "/items", "get", "200"),
        &json!({ "type": "array", "items": { "$ref": "#/components/schemas/Item" } })
    );
    assert_eq!(
        doc["components"]["schemas"]["Item"],
        json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": { "type": "string" },
                "tag": { "$ref": "#/components/schemas/Tag" }
            }
        })
    );
    assert_eq!(
        doc["components"]["schemas"]["Tag"],
        json!({ "type": "string", "enum": ["red", "green"] })
    );
    let (api, _, _) = lower_spec(&fixture("json/root.json"), &Selection::all()).unwrap();
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Item", "Tag"]);
}

// 10. Versions.

#[test]
fn swagger_2_is_unsupported() {
    for file in ["versions/swagger.yaml", "versions/swagger-unquoted.yaml"] {
        let err = load_err(file);
        let Error::Unsupported {
            location, message, ..
        } = &err
        else {
            panic!("{file}: expected Unsupported, got {err:?}")
        };
        assert!(message.contains("2.0"), "{file}: {message}");
        assert!(message.contains("OpenAPI 3.0"), "{file}: {message}");
        assert_eq!(location.file, fixture(file));
        assert_eq!(location.pointer, "/swagger");
    }
}

#[test]
fn openapi_3_2_is_unsupported() {
    let err = load_err("versions/openapi32.yaml");
    let Error::Unsupported {
        location, message, ..
    } = &err
    else {
        panic!("expected Unsupported, got {err:?}")
    };
    assert!(message.contains("3.2.0"), "{message}");
    assert_eq!(location.pointer, "/openapi");
}

// 11. Unquoted numeric response codes.

#[test]
fn unquoted_numeric_response_codes_load_as_strings() {
    let loaded = load_ok("routes/root.yaml");
    let responses = loaded.document["paths"]["/things"]["get"]["responses"]
        .as_object()
        .unwrap();
    let codes: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(codes, ["200", "404"]);
    let spec = loaded.typed().unwrap();
    let op = spec.openapi.paths.paths["/things"]
        .as_item()
        .unwrap()
        .get
        .as_ref()
        .unwrap();
    let statuses: Vec<String> = op
        .responses
        .responses
        .keys()
        .map(ToString::to_string)
        .collect();
    assert_eq!(statuses, ["200", "404"]);
    let (api, _, _) = lower_spec(&fixture("routes/root.yaml"), &Selection::tag("Things")).unwrap();
    let op = &api.tags[0].operations[0];
    assert_eq!(op.success.cases[0].status, StatusMatch::Code(200));
    assert_eq!(op.errors[0].status, StatusMatch::Code(404));
    assert_eq!(op.errors[0].variant, "NotFound");
}

// 12. Selection.

fn selected(relative: &str, selection: &Selection) -> isc_codegen::Result<Value> {
    let root = fixture(relative);
    let mut loaded = load::load(&root)?;
    select::apply(&mut loaded.document, selection, &root)?;
    Ok(loaded.document)
}

fn operations(document: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                out.push(format!("{method} {path} {id}"));
            }
        }
    }
    out
}

#[test]
fn everything_is_kept_without_a_selection() {
    let doc = selected("select/root.yaml", &Selection::all()).unwrap();
    assert_eq!(
        schema_names(&doc),
        ["Conflict", "ErrorBody", "Orphan", "Other", "Part", "Thing"]
    );
}

#[test]
fn selecting_a_tag_keeps_its_operations_and_the_components_they_reach() {
    let doc = selected("select/root.yaml", &Selection::tag("Things")).unwrap();
    assert_eq!(
        operations(&doc),
        ["get /things listThings", "get /things/{id} getThing"]
    );
    // Path-level parameters of a kept path item stay.
    assert_eq!(
        doc["paths"]["/things/{id}"]["parameters"],
        json!([{ "$ref": "#/components/parameters/Id" }])
    );
    assert_eq!(schema_names(&doc), ["ErrorBody", "Part", "Thing"]);
    assert_eq!(names(&doc, "responses"), ["ErrorResponse"]);
    assert_eq!(names(&doc, "parameters"), ["Id"]);
}

#[test]
fn tags_match_case_insensitively() {
    let doc = selected("select/root.yaml", &Selection::tag("things")).unwrap();
    assert_eq!(
        operations(&doc),
        ["get /things listThings", "get /things/{id} getThing"]
    );
}

#[test]
fn selecting_an_operation_id_keeps_only_that_operation_and_its_components() {
    let selection = Selection {
        tags: Vec::new(),
        operations: vec!["listOthers".to_owned()],
    };
    let doc = selected("select/root.yaml", &selection).unwrap();
    assert_eq!(operations(&doc), ["get /others listOthers"]);
    assert_eq!(schema_names(&doc), ["Other"]);
    assert_eq!(names(&doc, "responses"), Vec::<String>::new());
    assert_eq!(names(&doc, "parameters"), Vec::<String>::new());
}

#[test]
fn tag_and_operation_id_selections_add_up() {
    let selection = Selection {
        tags: vec!["Admin".to_owned()],
        operations: vec!["listOthers".to_owned()],
    };
    let doc = selected("select/root.yaml", &selection).unwrap();
    assert_eq!(
        operations(&doc),
        ["delete /things/{id} deleteThing", "get /others listOthers"]
    );
    assert_eq!(schema_names(&doc), ["Conflict", "Other"]);
    assert_eq!(names(&doc, "parameters"), ["Id"]);
}

#[test]
fn an_unknown_tag_is_invalid_and_lists_the_tags() {
    let err = selected("select/root.yaml", &Selection::tag("Nope")).unwrap_err();
    let Error::Invalid {
        location, message, ..
    } = &err
    else {
        panic!("expected Invalid, got {err:?}")
    };
    assert_eq!(location.file, fixture("select/root.yaml"));
    assert_eq!(location.pointer, "/paths");
    assert_eq!(
        message,
        "no operation has the tag `Nope`; tags in this document: Admin, Others, Things"
    );
}

#[test]
fn an_unknown_operation_id_is_invalid_and_suggests_a_near_match() {
    let selection = Selection {
        tags: Vec::new(),
        operations: vec!["listothers".to_owned()],
    };
    let err = selected("select/root.yaml", &selection).unwrap_err();
    let Error::Invalid { message, .. } = &err else {
        panic!("expected Invalid, got {err:?}")
    };
    assert_eq!(
        message,
        "no operation has the operationId `listothers`; did you mean `listOthers`?"
    );
}

#[test]
fn selection_then_lowering_generates_only_the_selected_types() {
    let (api, warnings, files_read) =
        lower_spec(&fixture("select/root.yaml"), &Selection::tag("Things")).unwrap();
    assert_eq!(warnings, []);
    assert_eq!(files_read, 7);
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["ErrorBody", "Part", "Thing"]);
    assert_eq!(api.tags.len(), 1);
    assert_eq!(api.tags[0].name, "Things");
    let ids: Vec<&str> = api.tags[0]
        .operations
        .iter()
        .map(|o| o.operation_id.as_str())
        .collect();
    assert_eq!(ids, ["getThing", "listThings"]);
}

#[test]
fn selection_keeps_components_reached_from_default_responses() {
    let doc = selected("select/default.yaml", &Selection::tag("Things")).unwrap();
    assert_eq!(names(&doc, "responses"), ["ErrorResponse"]);
    assert_eq!(schema_names(&doc), ["ErrorBody", "Part", "Thing"]);

    let doc = selected("select/default.yaml", &Selection::tag("Others")).unwrap();
    assert_eq!(schema_names(&doc), ["ErrorBody", "Other"]);

    for tag in ["Things", "Others"] {
        let lowered = lower_spec(&fixture("select/default.yaml"), &Selection::tag(tag));
        assert!(lowered.is_ok(), "{tag}: {:?}", lowered.err());
    }
}
