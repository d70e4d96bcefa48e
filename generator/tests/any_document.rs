//! Documents the generator was not built around (issue 12 items 1–4): OpenAPI
//! 3.1 input, `$ref` wherever a JSON Reference can stand, leniency where a
//! client does not care, numbers beyond 64 bits, and typed-parse errors that
//! name the node. One fixture per failure class under
//! `tests/fixtures/any-document/`; each failed to load before these were
//! handled (`refs/relative.yaml` aside, which pins what already worked).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use isc_codegen::load::{self, Spec};
use isc_codegen::{Error, Options, Warning, WarningKind};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::{Value, json};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/any-document")
        .join(relative)
}

fn spec(relative: &str) -> Spec {
    let loaded = load::load(&fixture(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    loaded.typed().unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Generates the whole crate in memory; returns the warnings.
fn generate(relative: &str) -> Vec<Warning> {
    let options = Options {
        input: fixture(relative),
        ..Options::default()
    };
    match isc_codegen::generate(&options) {
        Ok(generated) => {
            assert!(
                generated.files.iter().any(|f| f.path.ends_with("lib.rs")),
                "{relative}: no lib.rs"
            );
            generated.warnings
        }
        Err(err) => panic!("{relative} should generate, got: {err}"),
    }
}

/// Each warning's pointer and kind.
fn placed(warnings: &[Warning]) -> Vec<(&str, WarningKind)> {
    warnings
        .iter()
        .map(|w| (w.location.pointer.as_str(), w.kind))
        .collect()
}

/// The component schema `name`, as the typed model holds it.
fn component<'a>(spec: &'a Spec, name: &str) -> &'a Schema {
    let reference = format!("#/components/schemas/{name}");
    match spec.component::<Schema>(&reference) {
        Some((_, ReferenceOr::Item(schema))) => schema,
        other => panic!("{name}: {:?}", other.map(|(k, _)| k)),
    }
}

/// Property `name` of an object schema, as JSON (the typed model's shape
/// is what later stages read; JSON makes the assertion readable).
fn property(schema: &Schema, name: &str) -> Value {
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        panic!("not an object: {schema:?}")
    };
    serde_json::to_value(&object.properties[name]).unwrap()
}

// Item 1: OpenAPI 3.1.

#[test]
fn openapi_3_1_schemas_load_as_their_3_0_equivalents() {
    let spec = spec("oas31/openapi.yaml");
    let pet = component(&spec, "Pet");
    assert_eq!(
        property(pet, "nickname"),
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        property(pet, "kind"),
        json!({"enum": ["dog"]}),
        "const is a one-value enum"
    );
    assert_eq!(
        property(pet, "name"),
        json!({"type": "string", "example": "Rex"})
    );
    // Several types: one oneOf member per type.
    assert_eq!(
        property(pet, "age"),
        json!({"oneOf": [{"type": "integer"}, {"type": "string"}]})
    );
    // `anyOf: [X, {type: null}]` is a nullable X.
    assert_eq!(
        property(pet, "tag"),
        json!({"anyOf": [{"$ref": "#/components/schemas/Tag"}], "nullable": true})
    );
    assert_eq!(
        property(pet, "thumbnail"),
        json!({"type": "string", "format": "byte"})
    );
    // A `$ref` to `$defs` with a sibling: the target is a component of its
    // own, the sibling is kept.
    assert_eq!(
        property(pet, "owner"),
        json!({"description": "Who feeds the pet", "allOf": [{"$ref": "#/components/schemas/Owner"}]})
    );
    assert!(matches!(
        component(&spec, "Owner").schema_kind,
        SchemaKind::Type(Type::Object(_))
    ));
}

#[test]
fn openapi_3_1_document_level_additions_load() {
    let spec = spec("oas31/openapi.yaml");
    // A path item from `components.pathItems`.
    let pets = spec.openapi.paths.paths["/pets"].as_item().unwrap();
    assert_eq!(
        pets.get.as_ref().unwrap().operation_id.as_deref(),
        Some("listPets")
    );
    let photo = spec.openapi.paths.paths["/pets/{id}/photo"]
        .as_item()
        .unwrap()
        .put
        .as_ref()
        .unwrap();
    // `responses` may be left out in 3.1; the operation still loads.
    let ReferenceOr::Item(body) = photo.request_body.as_ref().unwrap() else {
        panic!("inline body")
    };
    assert_eq!(
        serde_json::to_value(body.content["image/png"].schema.as_ref().unwrap()).unwrap(),
        json!({"type": "string", "format": "binary"}),
        "contentMediaType is binary content"
    );
    let ReferenceOr::Item(id) = &photo.parameters[0] else {
        panic!("inline parameter")
    };
    let param = serde_json::to_value(id).unwrap();
    assert_eq!(
        param["schema"],
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
        "a numeric exclusiveMinimum is the 3.0 bound plus flag"
    );
    assert_eq!(spec.webhooks.len(), 1);
    assert_eq!(spec.webhooks[0].name, "newPet");
    assert!(spec.webhooks[0].payload.is_some());
}

#[test]
fn openapi_3_1_generates_and_reports_what_has_no_rust_form() {
    let warnings = generate("oas31/openapi.yaml");
    let tuple: Vec<&Warning> = warnings
        .iter()
        .filter(|w| w.kind == WarningKind::OpenApi31Fallback)
        .collect();
    assert_eq!(tuple.len(), 1, "{warnings:?}");
    assert_eq!(
        tuple[0].location.pointer,
        "/components/schemas/Pet/properties/position/prefixItems"
    );
    assert_eq!(tuple[0].location.file, fixture("oas31/openapi.yaml"));
}

#[test]
fn an_unknown_dialect_and_no_paths_still_generate() {
    let warnings = generate("oas31/other-dialect.yaml");
    let found = placed(&warnings);
    assert_eq!(
        found,
        [("/jsonSchemaDialect", WarningKind::OpenApi31Fallback)],
        "{warnings:?}"
    );
    assert_eq!(spec("oas31/other-dialect.yaml").webhooks.len(), 1);
}

#[test]
fn a_ref_to_an_anchor_falls_back_to_any_value_with_a_warning() {
    let warnings = generate("oas31/anchor.yaml");
    let found = placed(&warnings);
    assert_eq!(
        found,
        [(
            "/components/schemas/Pet/properties/owner/$ref",
            WarningKind::OpenApi31Fallback
        )],
        "{warnings:?}"
    );
}

// Item 2: `$ref` wherever a JSON Reference can stand.

#[test]
fn a_ref_can_stand_for_a_whole_properties_map() {
    let spec = spec("refs/properties.yaml");
    let pet = component(&spec, "Pet");
    assert_eq!(property(pet, "name"), json!({"type": "string"}));
    // Refs inside the inlined map resolve relative to the file that holds it.
    assert_eq!(
        property(pet, "kind"),
        json!({"$ref": "#/components/schemas/Kind"})
    );
    generate("refs/properties.yaml");
}

#[test]
fn pointers_that_pass_through_a_ref_are_followed() {
    let spec = spec("refs/through.yaml");
    // The schema under the path item that is a `$ref` to paths/dogs.yaml is
    // schemas/Dog.yaml: one component, whichever route reached it.
    let names: Vec<&String> = spec
        .openapi
        .components
        .as_ref()
        .unwrap()
        .schemas
        .keys()
        .collect();
    assert_eq!(names, ["Cat", "Dog"]);
    let op = spec.openapi.paths.paths["/dog-or-cat"]
        .as_item()
        .unwrap()
        .get
        .as_ref()
        .unwrap();
    let ReferenceOr::Item(response) = &op.responses.responses[&openapiv3::StatusCode::Code(200)]
    else {
        panic!("inline response")
    };
    let schema = serde_json::to_value(&response.content["application/json"].schema).unwrap();
    assert_eq!(
        schema["discriminator"]["mapping"],
        json!({"dog": "#/components/schemas/Dog", "cat": "#/components/schemas/Cat"})
    );
    assert_eq!(
        schema["oneOf"][0],
        json!({"$ref": "#/components/schemas/Dog"})
    );
    generate("refs/through.yaml");
}

#[test]
fn parameters_responses_and_headers_resolve_relative_to_their_file() {
    let spec = spec("refs/relative.yaml");
    let components = spec.openapi.components.as_ref().unwrap();
    let limit = serde_json::to_value(&components.parameters["limit"]).unwrap();
    assert_eq!(
        limit["schema"],
        json!({"$ref": "#/components/schemas/Limit"})
    );
    let owners = serde_json::to_value(&components.responses["Owners"]).unwrap();
    assert_eq!(
        owners["headers"]["X-Total"],
        json!({"$ref": "#/components/headers/Total"})
    );
    assert!(components.headers.contains_key("Total"));
}

// Item 3: lenient where a client does not care.

#[test]
fn broken_content_a_client_does_not_need_is_a_warning_naming_the_node() {
    let warnings = generate("lenient/openapi.yaml");
    let mut found = placed(&warnings);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            (
                "/components/schemas/Pet/discriminator/mapping/cat",
                WarningKind::DiscriminatorMapping
            ),
            ("/components/schemas/x-internal", WarningKind::Extension),
            (
                "/components/securitySchemes/tls",
                WarningKind::SecurityScheme
            ),
            ("/externalDocs", WarningKind::ExternalDocs),
            (
                "/paths/~1pets/get/callbacks/onChange",
                WarningKind::Callback
            ),
            (
                "/paths/~1pets/get/responses/200/content/application~1json/examples/one",
                WarningKind::Example
            ),
            (
                "/paths/~1pets/get/responses/200/links/next",
                WarningKind::Link
            ),
            ("/servers/0/variables/region", WarningKind::ServerVariable),
            ("/tags/0/description", WarningKind::TagDescription),
        ],
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .all(|w| w.location.file == fixture("lenient/openapi.yaml"))
    );
}

#[test]
fn strict_makes_the_leniency_warnings_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_isc-codegen"))
        .args(["--strict", "generate", "--check", "--input"])
        .arg(fixture("lenient/openapi.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a link that is not valid"), "{err}");
}

#[test]
fn remaining_typed_parse_errors_name_the_node_not_its_ancestor() {
    let err = load::load(&fixture("node/openapi.yaml"))
        .unwrap()
        .typed()
        .err()
        .unwrap();
    let Error::Invalid {
        location, message, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(message.contains("missing field `responses`"), "{message}");
    assert_eq!(location.pointer, "/paths/~1things/post");
}

// Item 4: numbers.

#[test]
fn integers_beyond_64_bits_load_as_floats() {
    for file in ["numbers/openapi.yaml", "numbers/openapi.json"] {
        let loaded = load::load(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let schema = &loaded.document["paths"]["/a"]["get"]["parameters"][0]["schema"];
        assert_eq!(
            schema["minimum"].as_f64(),
            Some(-9_223_372_036_854_775_809.0)
        );
        assert!(schema["minimum"].as_i64().is_none(), "{file}");
        assert_eq!(schema["maximum"].as_f64(), Some(1e23), "{file}");
        generate(file);
    }
}
