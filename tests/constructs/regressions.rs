//! Constructs that were broken once, each pinned by what it must do: a value
//! decoded by the committed client, or the decision the IR records for a
//! small spec of its own (lowered in memory).

use isc_codegen::Selection;
use isc_codegen::ir::{Api, Payload, StatusMatch, TypeRef};
use isc_constructs_client::models::SearchValue;

/// serde's derived `Deserialize` for a struct also accepts a JSON array (its
/// fields in order), and the untagged enum tries the object variants before
/// the array one; so a list of strings is taken for a `Loose`.
#[test]
fn untagged_one_of_decodes_an_array_into_the_array_variant() {
    let two: SearchValue = serde_json::from_str(r#"["red","blue"]"#).unwrap();
    assert_eq!(
        two,
        SearchValue::StringList(vec!["red".to_owned(), "blue".to_owned()])
    );
    let one: SearchValue = serde_json::from_str(r#"["red"]"#).unwrap();
    assert_eq!(one, SearchValue::StringList(vec!["red".to_owned()]));
    // An array that fits neither the list nor an object is not an object either.
    let mixed: SearchValue = serde_json::from_str(r#"["n","i",3]"#).unwrap();
    assert!(matches!(mixed, SearchValue::Unknown(_)), "{mixed:?}");
}

/// Lowers `yaml` (written to a scratch file first) to the IR.
fn lower(label: &str, yaml: &str) -> Api {
    let dir = std::env::temp_dir().join(format!("isc-constructs-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, yaml).unwrap();
    let lowered = isc_codegen::lower_spec(&spec, &Selection::all(), None);
    std::fs::remove_dir_all(&dir).ok();
    lowered.expect("lowers").0
}

/// A one-operation spec whose 200 (an inline object) and 400 sit beside
/// the ranges of their classes, lowered in memory.
fn ranges_api(label: &str) -> Api {
    lower(
        label,
        r##"openapi: 3.0.3
info:
  title: Ranges
  version: "1"
paths:
  /things:
    get:
      operationId: getThing
      tags: [Things]
      responses:
        "200":
          description: The thing.
          content:
            application/json:
              schema:
                type: object
                properties:
                  id:
                    type: string
        2XX:
          description: Some other success, no body.
        "400":
          description: Bad request.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Problem"
        4XX:
          description: Another client error.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Problem"
components:
  schemas:
    Problem:
      type: object
      properties:
        title:
          type: string
"##,
    )
}

/// An exact status and the range of its class are both common in specs
/// (`400` with its own schema, `4XX` for the rest). The exact status must
/// win for its own code, so its case comes first in the order the decoder
/// tries them (the emitter allows clippy's `match_overlapping_arm` where it
/// prints such a pair; `tests/whole-api.sh` runs clippy on the roots that
/// have them).
#[test]
fn an_exact_status_is_tried_before_the_range_of_its_class() {
    let api = ranges_api("overlap");
    let op = api.operation("getThing").unwrap();
    let statuses = |cases: &[isc_codegen::ir::Case]| -> Vec<StatusMatch> {
        cases.iter().map(|c| c.status).collect()
    };
    assert_eq!(
        statuses(&op.success.cases),
        [StatusMatch::Code(200), StatusMatch::Range(2)]
    );
    assert_eq!(
        statuses(&op.errors),
        [StatusMatch::Code(400), StatusMatch::Range(4)]
    );
    // Both error cases carry the problem body, each under its own variant.
    let variants: Vec<&str> = op.errors.iter().map(|c| c.variant.as_str()).collect();
    assert_eq!(variants.len(), 2);
    assert_ne!(variants[0], variants[1]);
}

/// The success enum of an operation is named `<Operation>Response`, and so is
/// an inline schema of its success body: two public types of one name
/// (`apis::things::GetThingResponse` holding `models::GetThingResponse`),
/// which clash as soon as a caller imports both.
#[test]
fn the_success_enum_and_an_inline_success_body_have_different_names() {
    let api = ranges_api("names");
    let op = api.operation("getThing").unwrap();
    let enum_name = op.success.enum_name.as_deref().expect("two success shapes");
    let Payload::Json(TypeRef::Named(body)) = &op.success.cases[0].payload else {
        panic!("the 200 body is a named type: {:?}", op.success.cases[0]);
    };
    assert_ne!(api.type_name(*body), enum_name);
    assert!(
        api.type_named(enum_name).is_none(),
        "{enum_name} is also a model"
    );
}

/// `null` among the values of array items (an enum with `null`, or
/// `nullable: true` items) must survive: `["a", null]` is a valid value.
#[test]
fn nullable_array_items_stay_nullable() {
    let api = lower(
        "nullable-items",
        r##"openapi: 3.0.3
info:
  title: Nullable items
  version: "1"
paths:
  /holders:
    get:
      operationId: getHolder
      responses:
        "200":
          description: A holder.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Holder"
components:
  schemas:
    Holder:
      type: object
      properties:
        tags:
          type: array
          items:
            type: string
            nullable: true
            enum: [a, b, null]
        names:
          type: array
          items:
            type: string
            nullable: true
"##,
    );
    let holder = api
        .type_named("Holder")
        .and_then(|d| d.as_struct())
        .unwrap();
    let nullable = |ty: TypeRef| TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(ty))));
    assert_eq!(holder.field("names").unwrap().ty, nullable(TypeRef::String));
    assert_eq!(
        holder.field("tags").unwrap().ty,
        nullable(api.named("HolderTagsItem").unwrap())
    );
}

/// A property named `additional_properties` beside `additionalProperties`
/// would give the struct two fields of one name; the map takes another.
#[test]
fn the_additional_properties_map_never_takes_a_property_name() {
    let api = lower(
        "additional-name",
        r##"openapi: 3.0.3
info:
  title: Additional name
  version: "1"
paths:
  /bags:
    get:
      operationId: getBag
      responses:
        "200":
          description: A bag.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Bag"
components:
  schemas:
    Bag:
      type: object
      properties:
        additional_properties:
          type: string
      additionalProperties:
        type: integer
"##,
    );
    let bag = api.type_named("Bag").and_then(|d| d.as_struct()).unwrap();
    assert_eq!(bag.fields[0].name, "additional_properties");
    assert_eq!(bag.additional_name, "other_properties");
}

/// The page-size bounds come from the spec's `maximum` of `limit`: a caller
/// may ask for pages up to it (once clamped to 250 whatever the spec said),
/// while a stream without a `limit` still asks for 250 at a time.
#[test]
fn page_size_bounds_follow_the_limit_maximum() {
    let api = lower(
        "page-size",
        r##"openapi: 3.0.3
info:
  title: Page size
  version: "1"
paths:
  /big:
    get:
      operationId: listBig
      parameters:
        - { in: query, name: limit, schema: { type: integer, maximum: 10000 } }
        - { in: query, name: offset, schema: { type: integer } }
      responses:
        "200":
          description: Items.
          content:
            application/json:
              schema: { type: array, items: { type: string } }
  /undeclared:
    get:
      operationId: listUndeclared
      parameters:
        - { in: query, name: limit, schema: { type: integer } }
        - { in: query, name: offset, schema: { type: integer } }
      responses:
        "200":
          description: Items.
          content:
            application/json:
              schema: { type: array, items: { type: string } }
"##,
    );
    let bounds = |id: &str| {
        let pages = api.operation(id).unwrap().pagination.as_ref().unwrap();
        (pages.page_size_max, pages.page_size_default)
    };
    assert_eq!(bounds("listBig"), (10000, 250));
    assert_eq!(bounds("listUndeclared"), (250, 250));
}
