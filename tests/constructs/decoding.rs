//! The generated types of the constructs client against JSON samples:
//! decode, check the Rust value, encode, compare with the original text.

use isc_constructs_client::models::{
    Cat, CatalogLabelsItem, Circle, Criterion, Department, Dog, Extensible, Identity, Keywords,
    LabelSet, Loose, Pet, Profile, SearchValue, Shape, Square, Status, Strict, TreeNode, Zoo,
};
use isc_runtime::{Date, DateTime};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn decode<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text} does not decode: {e}"))
}

fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

/// Decodes `text` (compact JSON) and checks that encoding gives it back byte for byte.
fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let value: T = decode(text);
    assert_eq!(encode(&value), text, "re-encoding changed the JSON");
    value
}

// ---- tagged oneOf -------------------------------------------------------------

#[test]
fn tagged_one_of_picks_the_variant_by_mapping_value() {
    let cat: Pet = round_trip(r#"{"petType":"cat","name":"Tom","indoor":true}"#);
    assert_eq!(
        cat,
        Pet::Cat({
            let mut cat = Cat::new("cat".to_owned(), "Tom".to_owned());
            cat.indoor = Some(true);
            cat
        })
    );
    // Two mapping values name Cat.
    let kitten: Pet = round_trip(r#"{"petType":"kitten","name":"Kit"}"#);
    assert!(
        matches!(&kitten, Pet::Cat(c) if c.pet_type == "kitten"),
        "{kitten:?}"
    );
    let dog: Pet = round_trip(r#"{"petType":"dog","name":"Rex","goodBoy":true}"#);
    assert!(matches!(&dog, Pet::Dog(d) if d.good_boy), "{dog:?}");
}

#[test]
fn tagged_one_of_without_mapping_uses_schema_names() {
    let circle: Shape = decode(r#"{"kind":"Circle","radius":1.5}"#);
    assert_eq!(circle, Shape::Circle(Circle::new(1.5)));
    let square: Shape = decode(r#"{"kind":"Square","side":2.0}"#);
    assert_eq!(square, Shape::Square(Square::new(2.0)));
    // The lower-case spelling is not a schema name.
    let lower: Shape = decode(r#"{"kind":"circle","radius":1.5}"#);
    assert!(matches!(lower, Shape::Unknown(_)), "{lower:?}");
}

#[test]
fn tagged_one_of_keeps_an_unknown_discriminator_and_re_encodes_it_unchanged() {
    let text = r#"{"petType":"parrot","name":"Polly","words":["hello",{"n":1}],"z":null,"a":1.5}"#;
    let parrot: Pet = decode(text);
    assert_eq!(parrot, Pet::Unknown(serde_json::from_str(text).unwrap()));
    assert_eq!(encode(&parrot), text);
    // Without the property at all, or with a non-string value, likewise.
    for text in [r#"{"name":"Anon"}"#, r#"{"petType":7,"name":"Seven"}"#] {
        let pet: Pet = round_trip(text);
        assert!(matches!(pet, Pet::Unknown(_)), "{pet:?}");
    }
    let hexagon: Shape = round_trip(r#"{"kind":"Hexagon","side":1}"#);
    assert!(matches!(hexagon, Shape::Unknown(_)), "{hexagon:?}");
}

#[test]
fn serialising_a_variant_writes_the_discriminator() {
    // Circle has no `kind` property of its own: the enum adds it.
    let circle = Shape::Circle(Circle::new(2.0));
    assert_eq!(encode(&circle), r#"{"radius":2.0,"kind":"Circle"}"#);
    let square = Shape::Square(Square::new(3.0));
    assert_eq!(encode(&square), r#"{"side":3.0,"kind":"Square"}"#);
    let back: Shape = decode(&encode(&circle));
    assert_eq!(back, circle);
    // Cat carries `petType` itself: the value it holds is kept.
    let kitten = Pet::Cat(Cat::new("kitten".to_owned(), "Kit".to_owned()));
    assert_eq!(encode(&kitten), r#"{"petType":"kitten","name":"Kit"}"#);
    let dog = Pet::Dog(Dog::new("dog".to_owned(), "Rex".to_owned(), false));
    assert_eq!(
        encode(&dog),
        r#"{"petType":"dog","name":"Rex","goodBoy":false}"#
    );
}

// ---- untagged oneOf / anyOf -----------------------------------------------------

#[test]
fn untagged_one_of_decodes_each_sample_into_the_most_specific_variant() {
    let strict: SearchValue = round_trip(r#"{"name":"n","id":"i","count":3}"#);
    assert_eq!(
        strict,
        SearchValue::Strict(Strict::new("n".to_owned(), "i".to_owned(), 3))
    );
    // Loose would accept it too (it ignores unknown fields): Strict must come first.
    let loose: SearchValue = round_trip(r#"{"name":"n","note":"x"}"#);
    assert_eq!(
        loose,
        SearchValue::Loose({
            let mut loose = Loose::new("n".to_owned());
            loose.note = Some("x".to_owned());
            loose
        })
    );
    // Strict without `count` is a Loose.
    let partial: SearchValue = decode(r#"{"name":"n","id":"i"}"#);
    assert!(matches!(partial, SearchValue::Loose(_)), "{partial:?}");
    let integer: SearchValue = round_trip("42");
    assert_eq!(integer, SearchValue::Integer(42));
    let text: SearchValue = round_trip(r#""42""#);
    assert_eq!(text, SearchValue::String("42".to_owned()));
    let empty: SearchValue = round_trip("[]");
    assert_eq!(empty, SearchValue::StringList(Vec::new()));
    // Matches no variant: kept as received.
    for other in ["true", "1.5", r#"{"other":1}"#, "null"] {
        let value: SearchValue = round_trip(other);
        assert!(
            matches!(value, SearchValue::Unknown(_)),
            "{other}: {value:?}"
        );
    }
}

#[test]
fn untagged_any_of_decodes_objects_and_scalars() {
    let strict: Criterion = round_trip(r#"{"name":"n","id":"i","count":0}"#);
    assert!(matches!(strict, Criterion::Strict(_)), "{strict:?}");
    let loose: Criterion = round_trip(r#"{"name":"n"}"#);
    assert!(matches!(loose, Criterion::Loose(_)), "{loose:?}");
    let flag: Criterion = round_trip("false");
    assert_eq!(flag, Criterion::Boolean(false));
    let number: Criterion = round_trip("7");
    assert!(matches!(number, Criterion::Unknown(_)), "{number:?}");
}

// ---- recursion --------------------------------------------------------------------

#[test]
fn recursive_types_round_trip() {
    let text = r#"{"name":"root","children":[{"name":"a","children":[{"name":"a1","meta":{"depth":2}}]},{"name":"b","children":[]}],"parent":{"name":"above","parent":{"name":"top"}},"meta":{"depth":0}}"#;
    let tree: TreeNode = round_trip(text);
    let children = tree.children.as_ref().unwrap();
    assert_eq!(children.len(), 2);
    assert_eq!(
        children[0].children.as_ref().unwrap()[0]
            .meta
            .as_ref()
            .unwrap()
            .depth,
        Some(2)
    );
    let grandparent = tree.parent.as_ref().unwrap().parent.as_ref().unwrap();
    assert_eq!(grandparent.name, "top");

    let text = r#"{"name":"R&D","head":{"name":"Ada","department":{"name":"R&D"},"reports":[{"name":"Bob","reports":[]}]}}"#;
    let department: Department = round_trip(text);
    let head = department.head.as_ref().unwrap();
    assert_eq!(head.department.as_ref().unwrap().name, "R&D");
    assert_eq!(head.reports.as_ref().unwrap()[0].name, "Bob");
}

#[test]
fn recursive_values_can_be_built_in_code() {
    let mut root = TreeNode::new("root".to_owned());
    root.children = Some(Vec::new());
    let mut leaf = TreeNode::new("leaf".to_owned());
    leaf.parent = Some(Box::new(root));
    assert_eq!(
        encode(&leaf),
        r#"{"name":"leaf","parent":{"name":"root","children":[]}}"#
    );
}

// ---- maps ----------------------------------------------------------------------

#[test]
fn flattened_additional_properties_keep_unknown_keys_in_order() {
    let text = r#"{"zeta":"z","id":"1","alpha":"a","Alpha":"A","mid":"m"}"#;
    let labels: LabelSet = decode(text);
    assert_eq!(labels.id, "1");
    let keys: Vec<&str> = labels
        .additional_properties
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["zeta", "alpha", "Alpha", "mid"]);
    // Named properties first, then the others in the order they came.
    assert_eq!(
        encode(&labels),
        r#"{"id":"1","zeta":"z","alpha":"a","Alpha":"A","mid":"m"}"#
    );
    // Additional values are typed: a number is not a string.
    assert!(serde_json::from_str::<LabelSet>(r#"{"id":"1","n":2}"#).is_err());

    let text = r#"{"kind":"k","b":[1,{"x":null}],"a":{"nested":true},"c":null}"#;
    let extensible: Extensible = round_trip(text);
    let keys: Vec<&str> = extensible
        .additional_properties
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["b", "a", "c"]);
    assert_eq!(
        extensible.additional_properties["a"],
        json!({"nested": true})
    );
}

#[test]
fn free_form_objects_keep_order_and_case() {
    let zoo: Zoo = round_trip(
        r#"{"freeForm":{"b":1,"B":2,"a":{"deep":[true]}},"anyMap":{"z":"last","y":null}}"#,
    );
    let free = zoo.free_form.as_ref().unwrap();
    let keys: Vec<&str> = free.keys().map(String::as_str).collect();
    assert_eq!(keys, ["b", "B", "a"]);
}

// ---- enums, presence, dates -------------------------------------------------------

#[test]
fn enum_unknown_values_round_trip() {
    let status: Status = decode(r#""archived""#);
    assert_eq!(status, Status::Unknown("archived".to_owned()));
    assert_eq!(encode(&status), r#""archived""#);
    assert_eq!(decode::<Status>(r#""active""#), Status::Active);
    let labels: Vec<CatalogLabelsItem> = round_trip(r#"["new","flash","clearance"]"#);
    assert_eq!(
        labels,
        [
            CatalogLabelsItem::New,
            CatalogLabelsItem::Unknown("flash".to_owned()),
            CatalogLabelsItem::Clearance,
        ]
    );
}

#[test]
fn required_nullable_and_null_enum_are_sent_as_null() {
    let text = r#"{"nickname":null,"status":null,"createdAt":"2024-01-02T03:04:05Z"}"#;
    let profile: Profile = round_trip(text);
    assert_eq!(profile.nickname, None);
    assert_eq!(profile.status, None);
    let profile: Profile = round_trip(
        r#"{"nickname":"Nick","status":"suspended","createdAt":"2024-01-02T03:04:05Z"}"#,
    );
    assert_eq!(profile.status, Some(Status::Suspended));
}

#[test]
fn read_only_and_write_only_required_fields_may_be_absent() {
    // A response leaves out the writeOnly password; a request the readOnly id.
    let response: Profile = round_trip(
        r#"{"id":"p1","nickname":null,"status":"active","createdAt":"2024-01-02T03:04:05Z"}"#,
    );
    assert_eq!(response.id.as_deref(), Some("p1"));
    assert_eq!(response.password, None);
    let request: Profile = round_trip(
        r#"{"password":"s3cret","nickname":"N","status":"active","createdAt":"2024-01-02T03:04:05Z"}"#,
    );
    assert_eq!(request.id, None);
    assert_eq!(request.password.as_deref(), Some("s3cret"));
    // createdAt is required and has no reason to be absent.
    assert!(serde_json::from_str::<Profile>(r#"{"nickname":null,"status":null}"#).is_err());
}

#[test]
fn defaults_are_not_invented_on_decode() {
    let profile: Profile =
        decode(r#"{"nickname":null,"status":null,"createdAt":"2024-01-02T03:04:05Z"}"#);
    assert_eq!(profile.theme, None);
    assert_eq!(profile.page_size, None);
}

#[test]
fn date_time_without_seconds_and_dates_parse() {
    let profile: Profile = decode(
        r#"{"nickname":null,"status":null,"createdAt":"2021-09-28T02:15Z","birthday":"2024-02-29"}"#,
    );
    assert_eq!(
        profile.created_at,
        DateTime::parse("2021-09-28T02:15:00Z").unwrap()
    );
    assert_eq!(profile.birthday, Date::from_ymd(2024, 2, 29));
    let offset: Profile =
        decode(r#"{"nickname":null,"status":null,"createdAt":"2021-09-28T04:15+02:00"}"#);
    assert_eq!(offset.created_at, profile.created_at, "same instant");
    assert!(
        serde_json::from_str::<Profile>(
            r#"{"nickname":null,"status":null,"createdAt":"2021-09-28"}"#
        )
        .is_err()
    );
}

#[test]
fn integer_formats_have_their_width() {
    let profile: Profile = round_trip(
        r#"{"nickname":null,"status":null,"small":-10,"big":9007199254740991,"createdAt":"2024-01-02T03:04:05Z"}"#,
    );
    assert_eq!(profile.small, Some(-10_i32));
    assert_eq!(profile.big, Some(9_007_199_254_740_991_i64));
    // int32 cannot hold 2^31.
    assert!(
        serde_json::from_str::<Profile>(
            r#"{"nickname":null,"status":null,"small":2147483648,"createdAt":"2024-01-02T03:04:05Z"}"#
        )
        .is_err()
    );
}

// ---- names ---------------------------------------------------------------------------

#[test]
fn keyword_properties_round_trip() {
    let keywords: Keywords = round_trip(r#"{"type":"t","self":"s","match":3}"#);
    assert_eq!(keywords.r#type, "t");
    assert_eq!(keywords.self_.as_deref(), Some("s"));
    assert_eq!(keywords.r#match, Some(3));
}

#[test]
fn properties_colliding_after_case_conversion_are_distinct_fields() {
    let identity: Identity = round_trip(r#"{"ImmutableId":"upper","immutableId":"lower"}"#);
    assert_eq!(identity.immutable_id.as_deref(), Some("upper"));
    assert_eq!(identity.immutable_id_2.as_deref(), Some("lower"));
    let zoo: Zoo = round_trip(r#"{"fooBar":{"camel":true},"foo_bar":{"underscored":false}}"#);
    assert_eq!(zoo.foo_bar.unwrap().camel, Some(true));
    assert_eq!(zoo.foo_bar_2.unwrap().underscored, Some(false));
}

// ---- webhooks --------------------------------------------------------------------

#[test]
fn webhook_payload_alias_decodes_a_sample() {
    let text = r#"{"petId":"p1","adoptedAt":"2024-05-01T10:00Z","pet":{"petType":"dog","name":"Rex","goodBoy":true}}"#;
    let event: isc_constructs_client::webhooks::PetAdopted = decode(text);
    assert_eq!(event.pet_id, "p1");
    assert_eq!(
        event.adopted_at,
        DateTime::parse("2024-05-01T10:00:00Z").unwrap()
    );
    assert!(matches!(event.pet, Some(Pet::Dog(_))), "{:?}", event.pet);
    // The alias is the payload model itself.
    let model: isc_constructs_client::models::PetAdoptedPayload = event;
    assert_eq!(
        serde_json::to_value(&model).unwrap()["adoptedAt"],
        Value::from("2024-05-01T10:00:00Z")
    );
}

#[test]
fn the_whole_zoo_round_trips() {
    let zoo = json!({
        "pets": [
            {"petType": "cat", "name": "Tom"},
            {"petType": "dog", "name": "Rex", "goodBoy": true},
            {"petType": "axolotl", "name": "Axl"}
        ],
        // The discriminator goes after the variant's own properties.
        "shapes": [{"side": 1.0, "kind": "Square"}],
        "tree": {"name": "t", "children": [{"name": "c"}]},
        "department": {"name": "d", "head": {"name": "h"}},
        "catalog": {
            "sections": [{"title": "s", "layout": {"columns": 2, "style": {"color": "red"}}}],
            "labels": ["sale", "new-label"]
        },
        "labels": {"id": "l", "extra": "x"},
        "extensible": {"kind": "k", "more": [1, 2]},
        "freeForm": {"b": 1, "a": 2},
        "anyMap": {},
        "profile": {"nickname": null, "status": null, "createdAt": "2024-01-02T03:04:05Z"},
        "identity": {"ImmutableId": "I"},
        "fooBar": {"camel": true},
        "foo_bar": {"underscored": true},
        "keywords": {"type": "t"}
    });
    let text = zoo.to_string();
    let decoded: Zoo = round_trip(&text);
    let catalog = decoded.catalog.as_ref().unwrap();
    let style = catalog.sections.as_ref().unwrap()[0]
        .layout
        .as_ref()
        .unwrap()
        .style
        .as_ref()
        .unwrap();
    assert_eq!(style.color.as_deref(), Some("red"));
}
