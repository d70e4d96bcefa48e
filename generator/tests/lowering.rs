//! Pins lowering: schemas → named types and fields, names of inline types and
//! identifiers, enums, maps and formats, and operations.
//!
//! Fixtures live under `tests/fixtures/lowering/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use isc_codegen::ir::{
    Api, BodyEncoding, Case, Deprecation, Field, Operation, Origin, Pagination, ParamLocation,
    Payload, RequestBody, StatusMatch, StringEnum, Struct, Success, TypeDef, TypeKind, TypeRef,
};
use isc_codegen::{Selection, Warning};
use serde_json::json;

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lowering")
        .join(relative)
}

/// The whole load → select → lower pipeline, without an overlay.
fn lower_spec(
    input: &Path,
    selection: &Selection,
) -> isc_codegen::Result<(isc_codegen::ir::Api, Vec<isc_codegen::Warning>, usize)> {
    isc_codegen::lower_spec(input, selection, None)
}

fn lower(relative: &str) -> (Api, Vec<Warning>) {
    match lower_spec(&fixture(relative), &Selection::all()) {
        Ok((api, warnings, _)) => (api, warnings),
        Err(err) => panic!("{relative} should lower, got: {err}"),
    }
}

// Lookups go through the IR's own (`Api::type_named`, `TypeDef::as_struct`,
// `Struct::field`, `Api::operation`); these only say what was missing.

fn type_def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.type_named(name)
        .unwrap_or_else(|| panic!("no type {name}; types: {:?}", type_names(api)))
}

fn type_names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

fn struct_of<'a>(api: &'a Api, name: &str) -> &'a Struct {
    let def = type_def(api, name);
    def.as_struct()
        .unwrap_or_else(|| panic!("{name} should be a struct, is {:?}", def.kind))
}

fn enum_of<'a>(api: &'a Api, name: &str) -> &'a StringEnum {
    let def = type_def(api, name);
    def.as_enum()
        .unwrap_or_else(|| panic!("{name} should be an enum, is {:?}", def.kind))
}

fn field<'a>(s: &'a Struct, json_name: &str) -> &'a Field {
    s.field(json_name)
        .unwrap_or_else(|| panic!("no field {json_name} in {s:?}"))
}

fn named(api: &Api, name: &str) -> TypeRef {
    api.named(name)
        .unwrap_or_else(|| panic!("no type {name}; types: {:?}", type_names(api)))
}

/// A field as (wire name, type, required, nullable, optional).
fn shape(f: &Field) -> (&str, &TypeRef, bool, bool, bool) {
    (
        f.json_name.as_str(),
        &f.ty,
        f.required,
        f.nullable,
        f.optional(),
    )
}

fn origin(file: &str, pointer: &str) -> Origin {
    Origin {
        file: file.to_owned(),
        pointer: pointer.to_owned(),
    }
}

fn operation<'a>(api: &'a Api, operation_id: &str) -> &'a Operation {
    api.operation(operation_id)
        .unwrap_or_else(|| panic!("no operation {operation_id}"))
}

fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

// 13. allOf merge.

#[test]
fn all_of_merges_properties_in_member_order_and_required_lists() {
    let (api, warnings) = lower("models/root.yaml");
    assert_eq!(warnings, []);
    let combined = struct_of(&api, "Combined");
    let string = TypeRef::String;
    let settings = named(&api, "BaseSettings");
    let int32 = TypeRef::Integer { bits: 32 };
    let shapes: Vec<_> = combined.fields.iter().map(shape).collect();
    assert_eq!(
        shapes,
        [
            // From Base, which requires `id`.
            ("id", &string, true, false, false),
            // From Base, required by the second member.
            ("name", &string, true, false, false),
            ("settings", &settings, false, false, true),
            // The second member's own properties.
            ("extra", &int32, false, false, true),
            // Required and nullable: present, maybe null.
            ("note", &string, true, true, true),
        ]
    );
    assert_eq!(combined.additional, None);
    assert_eq!(
        type_def(&api, "Combined").doc.as_deref(),
        Some("Base plus more")
    );
    // Base itself is untouched by its users.
    let base: Vec<_> = struct_of(&api, "Base").fields.iter().map(shape).collect();
    assert_eq!(
        base,
        [
            ("id", &string, true, false, false),
            ("name", &string, false, false, true),
            ("settings", &settings, false, false, true),
        ]
    );
}

#[test]
fn own_properties_beside_all_of_are_merged_after_the_members() {
    let (api, _) = lower("models/root.yaml");
    let extended: Vec<_> = struct_of(&api, "Extended")
        .fields
        .iter()
        .map(shape)
        .collect();
    let string = TypeRef::String;
    let settings = named(&api, "BaseSettings");
    assert_eq!(
        extended,
        [
            ("id", &string, true, false, false),
            ("name", &string, false, false, true),
            ("settings", &settings, false, false, true),
            ("flag", &TypeRef::Boolean, true, false, false),
        ]
    );
}

#[test]
fn all_of_over_a_described_reference_is_still_a_struct() {
    // Described.yaml is `{$ref: ./Base.yaml, description: ...}`;
    // Derived.yaml is `allOf: [{$ref: ./Described.yaml}, {properties: {extra}}]`.
    let (api, warnings) = lower("extend/root.yaml");
    assert_eq!(warnings, []);
    let derived: Vec<_> = struct_of(&api, "Derived")
        .fields
        .iter()
        .map(shape)
        .collect();
    assert_eq!(
        derived,
        [
            ("id", &TypeRef::String, true, false, false),
            ("extra", &TypeRef::Boolean, false, false, true),
        ]
    );
}

// 14. Inline types are named from their context.

#[test]
fn inline_types_are_named_after_their_owner_and_property() {
    let (api, _) = lower("models/root.yaml");
    let parent = struct_of(&api, "Parent");
    assert_eq!(field(parent, "profile").ty, named(&api, "ParentProfile"));
    assert_eq!(field(parent, "mode").ty, named(&api, "ParentMode"));
    assert_eq!(
        field(parent, "entries").ty,
        TypeRef::Array(Box::new(named(&api, "ParentEntriesItem")))
    );
    assert_eq!(field(parent, "profile").name, "profile");
    assert_eq!(
        field(struct_of(&api, "ParentProfile"), "displayName").name,
        "display_name"
    );
    let mode: Vec<&str> = enum_of(&api, "ParentMode")
        .variants
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(mode, ["Fast", "Slow"]);
    assert_eq!(
        type_def(&api, "ParentProfile").origin,
        origin("schemas/Parent.yaml", "/properties/profile")
    );
    assert_eq!(type_def(&api, "ParentProfile").module, "parent_profile");
}

#[test]
fn inline_parameter_and_body_types_are_named_after_the_operation() {
    let (api, _) = lower("ops/root.yaml");
    let list = operation(&api, "listThings");
    let sort = list
        .parameters
        .iter()
        .find(|p| p.name == "sort-order")
        .unwrap();
    assert_eq!(sort.ty, named(&api, "ListThingsSortOrder"));
    let variants: Vec<(&str, &str)> = enum_of(&api, "ListThingsSortOrder")
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(variants, [("Asc", "asc"), ("Desc", "desc")]);

    let create = operation(&api, "createThing");
    assert_eq!(
        create.body.as_ref().map(|b| &b.encoding),
        Some(&BodyEncoding::Json(named(&api, "CreateThingRequest")))
    );
    let request: Vec<_> = struct_of(&api, "CreateThingRequest")
        .fields
        .iter()
        .map(shape)
        .collect();
    assert_eq!(request, [("name", &TypeRef::String, true, false, false)]);
    assert_eq!(
        type_def(&api, "CreateThingRequest").origin,
        origin(
            "paths/things.yaml",
            "/post/requestBody/content/application~1json/schema"
        )
    );
    assert_eq!(
        type_names(&api),
        [
            "CreateThingRequest",
            "ErrorBody",
            "ListThingsSortOrder",
            "PatchOp",
            "PatchOpOp",
            "Task",
            "Thing"
        ]
    );
}

#[test]
fn lowering_is_stable_across_runs() {
    for relative in ["models/root.yaml", "ops/root.yaml", "inherit/root.yaml"] {
        let first = lower(relative);
        let second = lower(relative);
        assert!(first == second, "{relative} lowered differently twice");
    }
}

#[test]
fn an_inline_property_type_is_named_after_the_schema_that_declares_it() {
    // Animal has an inline `habitat` object; Aardvark is allOf [Animal, {...}]
    // and sorts before Animal, so it is lowered first.
    let (api, _) = lower("inherit/root.yaml");
    assert_eq!(
        field(struct_of(&api, "Animal"), "habitat").ty,
        named(&api, "AnimalHabitat")
    );
    assert_eq!(
        field(struct_of(&api, "Aardvark"), "habitat").ty,
        named(&api, "AnimalHabitat")
    );
}

// 15. String enums.

#[test]
fn string_enums_drop_null_and_get_distinct_variant_names() {
    let (api, _) = lower("models/root.yaml");
    let status: Vec<(&str, &str)> = enum_of(&api, "Status")
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("Active", "active"),
            // `a-b` and `a_b` both convert to `AB`.
            ("AB", "a-b"),
            ("AB2", "a_b"),
            // `Unknown` is the catch-all variant.
            ("Unknown2", "unknown"),
            // An empty value has no name to convert.
            ("Value4", ""),
        ]
    );
    let loose: Vec<&str> = enum_of(&api, "Loose")
        .variants
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(loose, ["left", "right"]);
}

#[test]
fn null_in_an_enum_makes_its_uses_nullable() {
    let (api, _) = lower("models/root.yaml");
    let uses = struct_of(&api, "Uses");
    // `nullable: true` and `null` in the list.
    assert_eq!(
        shape(field(uses, "status")),
        ("status", &named(&api, "Status"), false, true, true)
    );
    // Only `null` in the list.
    assert_eq!(
        shape(field(uses, "loose")),
        ("loose", &named(&api, "Loose"), false, true, true)
    );
    // An inline enum with `null`.
    assert_eq!(
        shape(field(uses, "inlineChoice")),
        (
            "inlineChoice",
            &named(&api, "UsesInlineChoice"),
            false,
            true,
            true
        )
    );
    let choice: Vec<(&str, &str)> = enum_of(&api, "UsesInlineChoice")
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(
        choice,
        [("YesPlease", "yes-please"), ("NoThanks", "no-thanks")]
    );
}

// 16. Identifiers.

#[test]
fn property_names_become_valid_distinct_rust_identifiers() {
    let (api, _) = lower("models/root.yaml");
    let idents = struct_of(&api, "Idents");
    let pairs: Vec<(&str, &str)> = idents
        .fields
        .iter()
        .map(|f| (f.json_name.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("type", "r#type"),
            ("self", "self_"),
            ("2fa", "n2fa"),
            ("ImmutableId", "immutable_id"),
            ("immutableId", "immutable_id_2"),
            ("Type", "type_2"),
            ("Self", "self_2"),
        ]
    );
    // The check below means something: keywords and leading digits fail it.
    assert!(!is_identifier("type") && !is_identifier("2fa") && !is_identifier("self"));
    let mut seen = HashSet::new();
    for f in &idents.fields {
        assert!(is_identifier(&f.name), "{} is not an identifier", f.name);
        let bare = f.name.trim_start_matches("r#");
        assert!(seen.insert(bare.to_owned()), "{bare} is used twice");
    }
}

#[test]
fn every_generated_name_is_a_valid_identifier() {
    for relative in ["models/root.yaml", "ops/root.yaml"] {
        let (api, _) = lower(relative);
        for def in &api.types {
            assert!(is_identifier(&def.name), "type {}", def.name);
            assert!(is_identifier(&def.module), "module {}", def.module);
            match &def.kind {
                TypeKind::Struct(s) => {
                    for f in &s.fields {
                        assert!(is_identifier(&f.name), "{}.{}", def.name, f.name);
                    }
                }
                TypeKind::Enum(e) => {
                    for v in &e.variants {
                        assert!(is_identifier(&v.name), "{}::{}", def.name, v.name);
                    }
                }
                TypeKind::OneOf(o) => {
                    for v in &o.variants {
                        assert!(is_identifier(&v.name), "{}::{}", def.name, v.name);
                    }
                }
                TypeKind::Alias(_) => {}
            }
        }
        for tag in &api.tags {
            assert!(is_identifier(&tag.module), "module {}", tag.module);
            assert!(is_identifier(&tag.type_name), "type {}", tag.type_name);
            for op in &tag.operations {
                for name in [&op.method_name, &op.builder_name, &op.error_name] {
                    assert!(is_identifier(name), "{}: {name}", op.operation_id);
                }
                for p in &op.parameters {
                    assert!(is_identifier(&p.rust_name), "{}", p.rust_name);
                }
                for e in &op.errors {
                    assert!(is_identifier(&e.variant), "{}", e.variant);
                }
            }
        }
    }
}

// 17. Maps, free-form objects, formats.

#[test]
fn maps_free_form_objects_and_formats() {
    let (api, _) = lower("models/root.yaml");
    let shapes = struct_of(&api, "Shapes");
    let types: Vec<(&str, &TypeRef)> = shapes
        .fields
        .iter()
        .map(|f| (f.json_name.as_str(), &f.ty))
        .collect();
    assert_eq!(
        types,
        [
            ("labels", &TypeRef::Map(Box::new(TypeRef::String))),
            ("anything", &TypeRef::JsonMap),
            ("when", &TypeRef::DateTime),
            ("day", &TypeRef::Date),
            ("whatever", &TypeRef::Json),
            ("count", &TypeRef::Integer { bits: 64 }),
            ("ratio", &TypeRef::Number { bits: 32 }),
        ]
    );
    // `additionalProperties` beside `properties`: the rest goes in a map.
    assert_eq!(shapes.additional, Some(TypeRef::Integer { bits: 64 }));
    // `additionalProperties: true` beside `properties`.
    assert_eq!(
        struct_of(&api, "OpenStruct").additional,
        Some(TypeRef::Json)
    );
    // A bare `type: object` component.
    assert_eq!(
        type_def(&api, "FreeForm").kind,
        TypeKind::Alias(TypeRef::JsonMap)
    );
}

#[test]
fn document_level_facts() {
    let (api, _) = lower("models/root.yaml");
    assert_eq!(api.title, "Models");
    assert_eq!(api.version, "2.0");
    assert_eq!(api.description.as_deref(), Some("Schema lowering fixtures"));
    assert_eq!(
        api.server_url.as_deref(),
        Some("https://example.com/api/v1/")
    );
    assert_eq!(api.base_path, "/api/v1");
    // Components come from the root's aliases, named by their declared names,
    // and from inline types; all sorted by name.
    assert_eq!(
        type_names(&api),
        [
            "Base",
            "BaseSettings",
            "Combined",
            "Extended",
            "FreeForm",
            "Idents",
            "Loose",
            "OpenStruct",
            "Parent",
            "ParentEntriesItem",
            "ParentMode",
            "ParentProfile",
            "Shapes",
            "Status",
            "Uses",
            "UsesInlineChoice"
        ]
    );
    // A file that is the schema has no pointer; the typed origin prints as
    // the documentation shows it.
    assert_eq!(
        type_def(&api, "Base").origin,
        origin("schemas/Base.yaml", "")
    );
    assert_eq!(
        type_def(&api, "Base").origin.to_string(),
        "schemas/Base.yaml"
    );
    assert_eq!(
        type_def(&api, "FreeForm").origin,
        origin("root.yaml", "/components/schemas/FreeForm")
    );
    assert_eq!(
        type_def(&api, "FreeForm").origin.to_string(),
        "root.yaml#/components/schemas/FreeForm"
    );
}

// 18. Operations.

#[test]
fn operations_are_grouped_by_first_tag_and_sorted_by_method_name() {
    let (api, warnings) = lower("ops/root.yaml");
    assert_eq!(warnings, []);
    assert_eq!(api.base_path, "/beta");
    let tags: Vec<(&str, &str, &str, &str)> = api
        .tags
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.module.as_str(),
                t.type_name.as_str(),
                t.accessor.as_str(),
            )
        })
        .collect();
    assert_eq!(
        tags,
        [
            ("Bulk", "bulk", "BulkApi", "bulk"),
            ("Things", "things", "ThingsApi", "things")
        ]
    );
    assert_eq!(
        api.tags[1].description.as_deref(),
        Some("Things and their parts")
    );
    let things: Vec<(&str, &str, &str)> = api.tags[1]
        .operations
        .iter()
        .map(|o| {
            (
                o.method_name.as_str(),
                o.http_method.as_str(),
                o.path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        things,
        [
            ("create_thing", "POST", "/things"),
            ("get_thing", "GET", "/things/{thingId}"),
            (
                "get_things_thing_id_sub_items",
                "GET",
                "/things/{thingId}/sub-items"
            ),
            ("list_things", "GET", "/things"),
            ("patch_thing", "PATCH", "/things/{thingId}"),
        ]
    );
}

#[test]
fn parameters_keep_location_type_default_and_maximum() {
    let (api, _) = lower("ops/root.yaml");
    let list = operation(&api, "listThings");
    let params: Vec<_> = list
        .parameters
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.rust_name.as_str(),
                p.location,
                &p.ty,
                p.required,
                p.default.clone(),
                p.maximum,
            )
        })
        .collect();
    let int32 = TypeRef::Integer { bits: 32 };
    let sort = named(&api, "ListThingsSortOrder");
    assert_eq!(
        params,
        [
            (
                "limit",
                "limit",
                ParamLocation::Query,
                &int32,
                false,
                Some(json!(250)),
                Some(250)
            ),
            (
                "offset",
                "offset",
                ParamLocation::Query,
                &int32,
                false,
                Some(json!(0)),
                None
            ),
            (
                "count",
                "count",
                ParamLocation::Query,
                &TypeRef::Boolean,
                false,
                Some(json!(false)),
                None
            ),
            (
                "sort-order",
                "sort_order",
                ParamLocation::Query,
                &sort,
                false,
                Some(json!("asc")),
                None
            ),
            (
                "X-Request-Id",
                "x_request_id",
                ParamLocation::Header,
                &TypeRef::String,
                true,
                None,
                None
            ),
        ]
    );
    assert_eq!(list.parameters[0].doc.as_deref(), Some("Page size"));
    assert_eq!(
        list.parameters[3].doc.as_deref(),
        Some("Order of the results")
    );

    // A path-level parameter in a path file applies to each operation.
    for id in ["getThing", "patchThing"] {
        let op = operation(&api, id);
        let params: Vec<_> = op
            .parameters
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.rust_name.as_str(),
                    p.location,
                    &p.ty,
                    p.required,
                )
            })
            .collect();
        assert_eq!(
            params,
            [(
                "thingId",
                "thing_id",
                ParamLocation::Path,
                &TypeRef::String,
                true
            )],
            "{id}"
        );
    }
}

#[test]
fn request_bodies_keep_their_media_type() {
    let (api, warnings) = lower("ops/root.yaml");
    assert_eq!(warnings, []);
    assert_eq!(
        operation(&api, "patchThing").body,
        Some(RequestBody {
            media_type: "application/json-patch+json".to_owned(),
            encoding: BodyEncoding::Json(TypeRef::Array(Box::new(named(&api, "PatchOp")))),
            required: true,
            doc: None,
        })
    );
    assert_eq!(
        operation(&api, "createThing").body,
        Some(RequestBody {
            media_type: "application/json".to_owned(),
            encoding: BodyEncoding::Json(named(&api, "CreateThingRequest")),
            required: true,
            doc: Some("The new thing".to_owned()),
        })
    );
    assert_eq!(
        operation(&api, "bulkUpdate")
            .body
            .as_ref()
            .map(|b| b.required),
        Some(false)
    );
    assert_eq!(operation(&api, "getThing").body, None);
}

#[test]
fn success_statuses_202_and_207_are_recognised() {
    let (api, _) = lower("ops/root.yaml");
    assert_eq!(
        operation(&api, "createThing").success,
        Success {
            cases: vec![Case {
                status: StatusMatch::Code(202),
                variant: "Accepted".to_owned(),
                payload: Payload::Json(named(&api, "Task")),
                doc: Some("Accepted for processing".to_owned()),
                boxed: false,
            }],
            enum_name: None,
        }
    );
    assert_eq!(
        operation(&api, "bulkUpdate").success,
        Success {
            cases: vec![Case {
                status: StatusMatch::Code(207),
                variant: "MultiStatus".to_owned(),
                payload: Payload::Json(TypeRef::Array(Box::new(named(&api, "Task")))),
                doc: Some("Per-item results".to_owned()),
                boxed: false,
            }],
            enum_name: None,
        }
    );
    assert_eq!(operation(&api, "createThing").errors, []);
}

#[test]
fn error_responses_get_one_variant_per_status_and_default() {
    let (api, _) = lower("ops/root.yaml");
    let body = Payload::Json(named(&api, "ErrorBody"));
    assert_eq!(
        operation(&api, "listThings").errors,
        [
            // A response file: a responses component.
            Case {
                status: StatusMatch::Code(400),
                variant: "BadRequest".to_owned(),
                payload: body.clone(),
                doc: Some("The request was malformed".to_owned()),
                boxed: false,
            },
            Case {
                status: StatusMatch::Code(404),
                variant: "NotFound".to_owned(),
                payload: Payload::Empty,
                doc: Some("No such list".to_owned()),
                boxed: false,
            },
            Case {
                status: StatusMatch::Code(429),
                variant: "TooManyRequests".to_owned(),
                payload: body.clone(),
                doc: Some("Slow down".to_owned()),
                boxed: false,
            },
            Case {
                status: StatusMatch::Default,
                variant: "Default".to_owned(),
                payload: body,
                doc: Some("Anything else".to_owned()),
                boxed: false,
            },
        ]
    );
    let list = operation(&api, "listThings");
    assert_eq!(list.error_name, "ListThingsError");
    assert_eq!(list.builder_name, "ListThings");
}

#[test]
fn deprecation_carries_the_trimmed_note() {
    let (api, _) = lower("ops/root.yaml");
    assert_eq!(
        operation(&api, "createThing").deprecated,
        Some(Deprecation {
            note: Some("Use createThingV2 instead.".to_owned()),
        })
    );
    assert_eq!(operation(&api, "listThings").deprecated, None);
}

#[test]
fn an_operation_without_an_id_is_named_from_method_and_path() {
    let (api, _) = lower("ops/root.yaml");
    let op = api.tags[1]
        .operations
        .iter()
        .find(|o| o.path == "/things/{thingId}/sub-items")
        .unwrap();
    assert_eq!(op.operation_id, "get /things/{thingId}/sub-items");
    assert_eq!(op.method_name, "get_things_thing_id_sub_items");
    assert_eq!(op.builder_name, "GetThingsThingIdSubItems");
    assert_eq!(op.error_name, "GetThingsThingIdSubItemsError");
    assert_eq!(
        op.success.payload(),
        Payload::Json(TypeRef::Array(Box::new(TypeRef::String)))
    );
    // And it is the same name on every run.
    let (again, _) = lower("ops/root.yaml");
    let same = again.tags[1]
        .operations
        .iter()
        .find(|o| o.path == "/things/{thingId}/sub-items")
        .unwrap();
    assert_eq!(op, same);
}

#[test]
fn limit_offset_with_an_array_response_pages() {
    let (api, _) = lower("ops/root.yaml");
    assert_eq!(
        operation(&api, "listThings").pagination,
        Some(Pagination {
            item: named(&api, "Thing"),
            page_size_max: 250,
            page_size_default: 250,
            has_count: true,
        })
    );
    // An array response without limit/offset does not page.
    assert_eq!(operation(&api, "bulkUpdate").pagination, None);
    assert_eq!(operation(&api, "getThing").pagination, None);
}

#[test]
fn security_decides_whether_a_token_is_sent() {
    let (api, _) = lower("ops/root.yaml");
    // The document-level requirement applies...
    assert!(operation(&api, "listThings").authenticated);
    // ...unless the operation says `security: []`.
    assert!(!operation(&api, "bulkUpdate").authenticated);
    assert_eq!(
        operation(&api, "listThings").summary.as_deref(),
        Some("List things")
    );
}

#[test]
fn status_ranges_are_not_treated_as_exact_statuses() {
    // Responses: 200, 400, 4XX, 5XX.
    let (api, _) = lower("ranges/root.yaml");
    let errors = &operation(&api, "listThings").errors;
    let got: Vec<(StatusMatch, &str)> = errors
        .iter()
        .map(|c| (c.status, c.variant.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (StatusMatch::Code(400), "BadRequest"),
            (StatusMatch::Range(4), "ClientError"),
            (StatusMatch::Range(5), "ServerError"),
        ]
    );
}

// 19. Path templates and path parameters must agree.

#[test]
fn a_template_parameter_without_a_declaration_is_a_string_with_a_warning() {
    // SailPoint's published specs contain this slip, and they must generate:
    // the template name becomes a required string, and the warning says where.
    let (api, warnings) = lower("badpath/undeclared.yaml");
    let warning = warnings.first().expect("a warning");
    // The operation lives in a path file; the location says so.
    assert_eq!(warning.location.file, fixture("badpath/paths/thing.yaml"));
    assert_eq!(warning.location.pointer, "/get");
    assert!(
        warning.message.starts_with(
            "the path `/things/{thingId}` has `{thingId}` but the operation declares no path parameter `thingId`"
        ),
        "{}",
        warning.message
    );
    let op = &api.tags[0].operations[0];
    let param = op
        .parameters
        .iter()
        .find(|p| p.name == "thingId")
        .expect("synthesised");
    assert_eq!(
        (param.location, &param.ty, param.required),
        (ParamLocation::Path, &TypeRef::String, true)
    );
}

#[test]
fn a_path_parameter_missing_from_the_template_is_left_out_with_a_warning() {
    let (api, warnings) = lower("badpath/extra.yaml");
    let warning = warnings.first().expect("a warning");
    assert_eq!(warning.location.file, fixture("badpath/extra.yaml"));
    assert_eq!(warning.location.pointer, "/paths/~1things/get/parameters/0");
    assert!(
        warning
            .message
            .starts_with("path parameter `id` does not appear in the path `/things`"),
        "{}",
        warning.message
    );
    assert!(
        api.tags[0].operations[0]
            .parameters
            .iter()
            .all(|p| p.name != "id")
    );
}
