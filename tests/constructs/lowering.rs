//! What the lowering stage decides for each construct of the fixture, read
//! from the IR (`isc_codegen::lower_spec`) and, where the question is about
//! the printed code, from the generated files.

use std::collections::BTreeSet;

use isc_codegen::Selection;
use isc_codegen::ir::{
    BodyEncoding, DefaultValue, FileKind, ParamLocation, Payload, QueryStyle, StatusMatch,
    TypeKind, TypeRef,
};
use serde_json::json;

use crate::support::{api, def, field, fields, generated, operation, spec};

fn named(name: &str) -> TypeRef {
    api()
        .named(name)
        .unwrap_or_else(|| panic!("no type `{name}`"))
}

fn one_of(name: &str) -> &'static isc_codegen::ir::OneOf {
    let def = def(name);
    def.as_one_of()
        .unwrap_or_else(|| panic!("`{name}` is not a oneOf: {:?}", def.kind))
}

/// `(variant name, discriminator values)` in the order serde tries them.
fn variants(name: &str) -> Vec<(String, Vec<String>)> {
    one_of(name)
        .variants
        .iter()
        .map(|v| (v.name.clone(), v.tags.clone()))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

// ---- oneOf / anyOf ----------------------------------------------------------

#[test]
fn discriminator_with_mapping_tags_each_variant_with_its_mapping_values() {
    let pet = one_of("Pet");
    assert_eq!(pet.discriminator.as_deref(), Some("petType"));
    assert_eq!(
        variants("Pet"),
        vec![
            ("Cat".to_owned(), strings(&["cat", "kitten"])),
            ("Dog".to_owned(), strings(&["dog"])),
        ]
    );
}

#[test]
fn discriminator_without_mapping_tags_variants_with_schema_names() {
    let shape = one_of("Shape");
    assert_eq!(shape.discriminator.as_deref(), Some("kind"));
    assert_eq!(
        variants("Shape"),
        vec![
            ("Circle".to_owned(), strings(&["Circle"])),
            ("Square".to_owned(), strings(&["Square"])),
        ]
    );
}

#[test]
fn untagged_one_of_orders_variants_most_specific_first() {
    // The spec lists them string, Loose, string[], integer, Strict.
    let search = one_of("SearchValue");
    assert_eq!(search.discriminator, None);
    let order: Vec<(&str, &TypeRef)> = search
        .variants
        .iter()
        .map(|v| (v.name.as_str(), &v.ty))
        .collect();
    assert_eq!(
        order,
        vec![
            // Arrays first: a derived struct would also accept a JSON array.
            ("StringList", &TypeRef::Array(Box::new(TypeRef::String))),
            ("Strict", &named("Strict")),
            ("Loose", &named("Loose")),
            ("Integer", &TypeRef::Integer { bits: 64 }),
            ("String", &TypeRef::String),
        ]
    );
    assert!(search.variants.iter().all(|v| v.tags.is_empty()));
}

#[test]
fn untagged_any_of_orders_objects_by_required_fields() {
    // Listed boolean, Loose (1 required), Strict (3 required).
    let criterion = one_of("Criterion");
    assert_eq!(criterion.discriminator, None);
    let names: Vec<&str> = criterion.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Strict", "Loose", "Boolean"]);
}

#[test]
fn untagged_enums_are_untagged_with_a_catch_all_and_no_flatten() {
    let text = crate::support::file("src/models/search_value.rs");
    assert!(text.contains("#[serde(untagged)]"), "{text}");
    assert!(text.contains("Unknown(serde_json::Value)"), "{text}");
    assert!(!text.contains("flatten"), "{text}");
}

// ---- recursion and nesting --------------------------------------------------

#[test]
fn box_only_on_fields_that_sit_on_a_cycle() {
    let mut boxed = BTreeSet::new();
    for def in &api().types {
        match &def.kind {
            TypeKind::Struct(s) => {
                for f in s.fields.iter().filter(|f| f.boxed) {
                    boxed.insert(format!("{}.{}", def.name, f.json_name));
                }
            }
            TypeKind::OneOf(o) => {
                for v in o.variants.iter().filter(|v| v.boxed) {
                    boxed.insert(format!("{}::{}", def.name, v.name));
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
    let expected: BTreeSet<String> = ["TreeNode.parent", "Department.head", "Employee.department"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(boxed, expected);
    // The array edges of the same cycles allocate already: no box.
    assert!(!field("TreeNode", "children").boxed);
    assert!(!field("Employee", "reports").boxed);
    assert!(!field("TreeNode", "meta").boxed);
    assert_eq!(
        field("TreeNode", "children").ty,
        TypeRef::Array(Box::new(named("TreeNode")))
    );
}

#[test]
fn boxes_show_in_the_generated_fields() {
    let tree = crate::support::file("src/models/tree_node.rs");
    assert!(
        tree.contains("pub parent: Option<Box<TreeNode>>,"),
        "{tree}"
    );
    assert!(
        tree.contains("pub children: Option<Vec<TreeNode>>,"),
        "{tree}"
    );
    assert!(tree.contains("pub meta: Option<NodeMeta>,"), "{tree}");
    let employee = crate::support::file("src/models/employee.rs");
    assert!(
        employee.contains("pub department: Option<Box<Department>>,"),
        "{employee}"
    );
}

#[test]
fn deep_inline_objects_are_named_from_their_path() {
    assert_eq!(
        field("Catalog", "sections").ty,
        TypeRef::Array(Box::new(named("CatalogSectionsItem")))
    );
    assert!(field("CatalogSectionsItem", "title").required);
    assert_eq!(
        field("CatalogSectionsItem", "layout").ty,
        named("CatalogSectionsItemLayout")
    );
    assert_eq!(
        field("CatalogSectionsItemLayout", "style").ty,
        named("CatalogSectionsItemLayoutStyle")
    );
    assert_eq!(
        field("CatalogSectionsItemLayoutStyle", "color").ty,
        TypeRef::String
    );
}

#[test]
fn an_inline_enum_inside_an_array_is_a_named_enum() {
    assert_eq!(
        field("Catalog", "labels").ty,
        TypeRef::Array(Box::new(named("CatalogLabelsItem")))
    );
    let TypeKind::Enum(labels) = &def("CatalogLabelsItem").kind else {
        panic!("CatalogLabelsItem is not an enum");
    };
    let values: Vec<(&str, &str)> = labels
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(
        values,
        [("New", "new"), ("Sale", "sale"), ("Clearance", "clearance")]
    );
}

// ---- objects and maps -------------------------------------------------------

#[test]
fn no_empty_structs_objects_without_properties_are_maps() {
    for def in &api().types {
        if let TypeKind::Struct(s) = &def.kind {
            assert!(
                !s.fields.is_empty() || s.additional.is_some(),
                "{} is an empty struct",
                def.name
            );
        }
    }
    assert_eq!(def("FreeForm").kind, TypeKind::Alias(TypeRef::JsonMap));
    assert_eq!(def("AnyMap").kind, TypeKind::Alias(TypeRef::JsonMap));
    assert_eq!(field("Profile", "settings").ty, TypeRef::JsonMap);
}

#[test]
fn properties_with_additional_properties_keep_a_typed_map() {
    let TypeKind::Struct(labels) = &def("LabelSet").kind else {
        panic!("LabelSet is not a struct");
    };
    assert_eq!(labels.additional, Some(TypeRef::String));
    assert_eq!(labels.additional_name, "additional_properties");
    let TypeKind::Struct(extensible) = &def("Extensible").kind else {
        panic!("Extensible is not a struct");
    };
    assert_eq!(extensible.additional, Some(TypeRef::Json));
}

/// Additional properties are written from, and read into, the struct's map
/// and nothing else (serde's `flatten` is not used: it buffers every
/// property before reading any).
#[test]
fn additional_properties_are_only_ever_maps() {
    let mut maps = 0;
    for file in &generated().files {
        let text = &file.contents;
        assert!(!text.contains("flatten"), "{}", file.path.display());
        for line in text.lines() {
            let Some(rest) = line.trim().strip_prefix("object.additional(&self.") else {
                continue;
            };
            let field = rest.split_once(')').map(|(f, _)| f).unwrap_or_default();
            assert!(
                text.contains(&format!("pub {field}: IndexMap<String, ")),
                "{}: `{field}` is written as additional properties but is not a map",
                file.path.display()
            );
            // Into a local, or into the field of a struct read in place.
            let read_into =
                |place: &str| text.contains(&format!("properties.additional(&mut {place}, other)"));
            assert!(
                read_into("additional") || read_into(&format!("value.{field}")),
                "{}: written but not read",
                file.path.display()
            );
            maps += 1;
        }
    }
    assert_eq!(maps, 2, "LabelSet and Extensible");
}

// ---- presence, defaults, formats ---------------------------------------------

#[test]
fn required_nullable_and_enum_with_null() {
    let nickname = field("Profile", "nickname");
    assert!(nickname.required && nickname.nullable && nickname.optional());
    let status = field("Profile", "status");
    assert_eq!(status.ty, named("Status"));
    assert!(status.required && status.nullable, "{status:?}");
    let TypeKind::Enum(values) = &def("Status").kind else {
        panic!("Status is not an enum");
    };
    let values: Vec<&str> = values.variants.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["active", "suspended"], "null is not a variant");
    // Sent as `null`, not left out.
    let profile = crate::support::file("src/models/profile.rs");
    let squeezed: String = profile.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squeezed.contains("sentas`null`).pubnickname:Option<String>,"),
        "{profile}"
    );
}

#[test]
fn read_only_and_write_only_required_properties_are_optional() {
    let id = field("Profile", "id");
    assert!(!id.required && id.read_only, "{id:?}");
    let password = field("Profile", "password");
    assert!(!password.required && !password.read_only, "{password:?}");
    assert!(field("Profile", "createdAt").required);
}

#[test]
fn defaults_are_recorded_and_documented_not_invented() {
    assert_eq!(field("Profile", "theme").default, Some(json!("light")));
    assert_eq!(field("Profile", "pageSize").default, Some(json!(50)));
    assert!(!field("Profile", "theme").required);
    let profile = crate::support::file("src/models/profile.rs");
    assert!(
        profile.contains("The server assumes `\"light\"` when it is absent."),
        "{profile}"
    );
    assert!(
        profile.contains("The server assumes `50` when it is absent."),
        "{profile}"
    );
}

#[test]
fn integer_formats_and_dates() {
    assert_eq!(field("Profile", "small").ty, TypeRef::Integer { bits: 32 });
    assert_eq!(
        field("Profile", "pageSize").ty,
        TypeRef::Integer { bits: 32 }
    );
    assert_eq!(field("Profile", "big").ty, TypeRef::Integer { bits: 64 });
    assert_eq!(field("Profile", "birthday").ty, TypeRef::Date);
    assert_eq!(field("Profile", "createdAt").ty, TypeRef::DateTime);
    let list = operation("listPets");
    let limit = list.parameters.iter().find(|p| p.name == "limit").unwrap();
    assert_eq!(limit.ty, TypeRef::Integer { bits: 32 });
    assert_eq!(limit.maximum, Some(50));
}

// ---- names -------------------------------------------------------------------

#[test]
fn an_operation_without_operation_id_gets_a_stable_derived_name() {
    let op = operation("get /pets/{petId}");
    assert_eq!(op.method_name, "get_pets_pet_id");
    assert_eq!(op.builder_name, "GetPetsPetId");
    assert_eq!(op.error_name, "GetPetsPetIdError");
    assert_eq!(
        (op.http_method.as_str(), op.path.as_str()),
        ("GET", "/pets/{petId}")
    );
    // The same name when only its tag is generated.
    let (pets_only, _, _) =
        isc_codegen::lower_spec(&spec(), &Selection::tag("Pets"), None).expect("lowers");
    let again = pets_only
        .tags
        .iter()
        .flat_map(|t| &t.operations)
        .find(|o| o.path == "/pets/{petId}" && o.http_method == "GET")
        .expect("still there");
    assert_eq!(again.method_name, "get_pets_pet_id");
}

#[test]
fn names_that_collide_after_case_conversion_stay_distinct() {
    let identity: Vec<(&str, &str)> = fields("Identity")
        .iter()
        .map(|f| (f.name.as_str(), f.json_name.as_str()))
        .collect();
    assert_eq!(
        identity,
        [
            ("immutable_id", "ImmutableId"),
            ("immutable_id_2", "immutableId")
        ]
    );
    // `FooBar` and `Foo_Bar` both convert to `FooBar`.
    assert_eq!(
        (
            def("FooBar").origin.file.as_str(),
            def("FooBar").origin.pointer.as_str()
        ),
        ("constructs.yaml", "/components/schemas/FooBar")
    );
    assert_eq!(
        (
            def("FooBar2").origin.file.as_str(),
            def("FooBar2").origin.pointer.as_str()
        ),
        ("constructs.yaml", "/components/schemas/Foo_Bar")
    );
    assert_eq!(field("Zoo", "fooBar").ty, named("FooBar"));
    assert_eq!(field("Zoo", "foo_bar").ty, named("FooBar2"));
    let names: BTreeSet<&str> = api().types.iter().map(|d| d.name.as_str()).collect();
    let modules: BTreeSet<&str> = api().types.iter().map(|d| d.module.as_str()).collect();
    assert_eq!(names.len(), api().types.len(), "type names are unique");
    assert_eq!(modules.len(), api().types.len(), "module names are unique");
}

/// A Rust identifier, raw (`r#type`) or plain, that is not a keyword that
/// cannot be one.
fn valid_identifier(name: &str) -> bool {
    const STRICT: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
        "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    let shape = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    let allowed = if raw {
        !["crate", "self", "Self", "super", "_"].contains(&bare)
    } else {
        !STRICT.contains(&bare)
    };
    shape && allowed
}

#[test]
fn keyword_properties_are_valid_identifiers() {
    let names: Vec<(&str, &str)> = fields("Keywords")
        .iter()
        .map(|f| (f.json_name.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [("type", "r#type"), ("self", "self_"), ("match", "r#match")]
    );
    for def in &api().types {
        if let TypeKind::Struct(s) = &def.kind {
            for f in &s.fields {
                assert!(valid_identifier(&f.name), "{}.{}", def.name, f.name);
            }
        }
    }
    for op in api().tags.iter().flat_map(|t| &t.operations) {
        assert!(valid_identifier(&op.method_name), "{}", op.method_name);
        for p in &op.parameters {
            assert!(valid_identifier(&p.rust_name), "{}", p.rust_name);
        }
    }
}

// ---- operations ----------------------------------------------------------------

#[test]
fn multipart_bodies_have_file_files_and_field_parts() {
    let body = operation("uploadFiles").body.as_ref().unwrap();
    assert_eq!(body.media_type, "multipart/form-data");
    assert!(body.required);
    let BodyEncoding::Multipart(parts) = &body.encoding else {
        panic!("not multipart: {:?}", body.encoding);
    };
    let shape: Vec<(&str, FileKind, bool, &TypeRef)> = parts
        .iter()
        .map(|p| (p.name.as_str(), p.file, p.required, &p.ty))
        .collect();
    let strings = TypeRef::Array(Box::new(TypeRef::String));
    assert_eq!(
        shape,
        [
            ("file", FileKind::One, true, &TypeRef::String),
            ("attachments", FileKind::Many, false, &TypeRef::String),
            ("description", FileKind::No, true, &TypeRef::String),
            ("tags", FileKind::No, false, &strings),
            (
                "priority",
                FileKind::No,
                false,
                &TypeRef::Integer { bits: 32 }
            ),
        ]
    );
}

#[test]
fn form_bodies_and_several_media_types() {
    let form = operation("submitForm").body.as_ref().unwrap();
    assert_eq!(form.media_type, "application/x-www-form-urlencoded");
    assert_eq!(
        form.encoding,
        BodyEncoding::Form(named("SubmitFormRequest"))
    );
    // Multipart is listed first, JSON is what the client sends.
    let create = operation("createPet").body.as_ref().unwrap();
    assert_eq!(create.media_type, "application/json");
    assert_eq!(create.encoding, BodyEncoding::Json(named("Pet")));
}

#[test]
fn binary_and_text_responses() {
    let payload = |id: &str| operation(id).success.payload();
    assert_eq!(payload("downloadFile"), Payload::Binary);
    assert_eq!(payload("getThumbnail"), Payload::Binary);
    assert_eq!(payload("exportReport"), Payload::Text);
    assert_eq!(payload("getNotes"), Payload::Text);
}

#[test]
fn different_success_payloads_make_a_response_enum() {
    let success = &operation("startJob").success;
    assert_eq!(success.enum_name.as_deref(), Some("StartJobSuccess"));
    let cases: Vec<(StatusMatch, &str, &Payload)> = success
        .cases
        .iter()
        .map(|c| (c.status, c.variant.as_str(), &c.payload))
        .collect();
    assert_eq!(
        cases,
        [
            (
                StatusMatch::Code(200),
                "Ok",
                &Payload::Json(named("JobResult"))
            ),
            (
                StatusMatch::Code(202),
                "Accepted",
                &Payload::Json(named("JobAccepted"))
            ),
            (StatusMatch::Code(204), "NoContent", &Payload::Empty),
        ]
    );
}

#[test]
fn status_ranges_and_default_are_error_cases_in_match_order() {
    let errors: Vec<(StatusMatch, &str, &Payload)> = operation("startJob")
        .errors
        .iter()
        .map(|c| (c.status, c.variant.as_str(), &c.payload))
        .collect();
    assert_eq!(
        errors,
        [
            (
                StatusMatch::Range(4),
                "ClientError",
                &Payload::Json(named("ErrorBody"))
            ),
            (StatusMatch::Range(5), "ServerError", &Payload::Text),
            (
                StatusMatch::Default,
                "Default",
                &Payload::Json(named("Problem"))
            ),
        ]
    );
}

#[test]
fn header_parameters_required_with_default_and_optional() {
    let search = operation("search");
    let experimental = &search.parameters[0];
    assert_eq!(experimental.name, "X-SailPoint-Experimental");
    assert_eq!(experimental.location, ParamLocation::Header);
    assert!(experimental.required);
    assert_eq!(experimental.default, Some(json!("true")));
    // Required but defaulted: a setter, not a method argument, and the
    // request sends the default as text when nobody sets it (on the wire:
    // `http::optional_query_parameters_are_left_out`).
    assert!(!experimental.argument);
    assert_eq!(
        experimental.fallback,
        Some(DefaultValue::Text("true".to_owned()))
    );
    let request_id = &search.parameters[1];
    assert_eq!(request_id.name, "X-Request-Id");
    assert_eq!(request_id.location, ParamLocation::Header);
    assert!(!request_id.required);
    assert!(!request_id.argument);
    assert_eq!(request_id.fallback, None);
    // Required without a default: an argument of the method.
    let ids = search.parameters.iter().find(|p| p.name == "ids").unwrap();
    assert!(ids.argument);
}

#[test]
fn query_parameter_styles() {
    let styles: Vec<(&str, QueryStyle, &TypeRef)> = operation("search")
        .parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| (p.name.as_str(), p.style, &p.ty))
        .collect();
    let strings = TypeRef::Array(Box::new(TypeRef::String));
    let codes = TypeRef::Array(Box::new(TypeRef::Integer { bits: 32 }));
    assert_eq!(
        styles,
        [
            ("ids", QueryStyle::FormExploded, &strings),
            ("fields", QueryStyle::Form, &strings),
            ("words", QueryStyle::SpaceDelimited, &strings),
            ("codes", QueryStyle::PipeDelimited, &codes),
            ("filter", QueryStyle::DeepObject, &named("SearchFilter")),
        ]
    );
}

#[test]
fn limit_offset_operations_page() {
    let pagination = operation("listPets").pagination.as_ref().unwrap();
    assert_eq!(pagination.item, named("Pet"));
    // The spec's `maximum: 50` bounds the page; the default page is no larger.
    assert_eq!(
        (pagination.page_size_max, pagination.page_size_default),
        (50, 50)
    );
    assert!(pagination.has_count);
    assert!(operation("search").pagination.is_none());
}

#[test]
fn x_webhooks_give_payload_types() {
    let hooks: Vec<(&str, &str, &TypeRef)> = api()
        .webhooks
        .iter()
        .map(|w| (w.name.as_str(), w.type_name.as_str(), &w.payload))
        .collect();
    assert_eq!(
        hooks,
        [("petAdopted", "PetAdopted", &named("PetAdoptedPayload"))]
    );
    assert_eq!(
        field("PetAdoptedPayload", "adoptedAt").ty,
        TypeRef::DateTime
    );
    assert_eq!(field("PetAdoptedPayload", "pet").ty, named("Pet"));
}

#[test]
fn several_tags_give_several_modules_and_features() {
    let tags: Vec<(&str, &str)> = api()
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.module.as_str()))
        .collect();
    assert_eq!(
        tags,
        [
            ("Files", "files"),
            ("Jobs", "jobs"),
            ("Pets", "pets"),
            ("Search", "search")
        ]
    );
    let cargo = crate::support::file("Cargo.toml");
    assert!(
        cargo.contains("full = [\"files\", \"jobs\", \"pets\", \"search\"]"),
        "{cargo}"
    );
    // A model two tags use is compiled for either; one only Pets uses, for Pets.
    let models = crate::support::file("src/models/mod.rs");
    let squeezed: String = models.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squeezed
            .contains("#[cfg(any(feature=\"jobs\",feature=\"pets\"))]pubuseerror_body::ErrorBody;"),
        "{models}"
    );
    assert!(
        squeezed.contains("#[cfg(feature=\"pets\")]pubusetree_node::TreeNode;"),
        "{models}"
    );
}
