//! Paths, options and lookups shared by the constructs tests.

use std::path::PathBuf;
use std::sync::OnceLock;

use isc_codegen::ir::{Api, Field, Operation, TypeDef};
use isc_codegen::{CrateOptions, Generated, Options, Selection, Warning};

/// The fixture spec.
pub fn spec() -> PathBuf {
    isc_tests::workspace().join("tests/fixtures/constructs.yaml")
}

/// The committed generated crate.
pub fn crate_dir() -> PathBuf {
    isc_tests::workspace().join("tests/constructs-client")
}

/// The options of the README's regeneration command:
/// `cargo run -p isc-codegen -- generate --input tests/fixtures/constructs.yaml
/// --output tests/constructs-client --crate-name isc-constructs-client
/// --runtime 'path = "../../runtime"'`.
pub fn options() -> Options {
    Options {
        input: spec(),
        selection: Selection::all(),
        crate_options: CrateOptions {
            name: Some("isc-constructs-client".to_owned()),
            runtime_dependency: "path = \"../../runtime\"".to_owned(),
            ..CrateOptions::default()
        },
        ..Options::default()
    }
}

/// The crate as the generator makes it now, generated once per test binary.
pub fn generated() -> &'static Generated {
    static GENERATED: OnceLock<Generated> = OnceLock::new();
    GENERATED.get_or_init(|| isc_codegen::generate(&options()).expect("the fixture generates"))
}

/// The fixture lowered to the IR, once per test binary.
pub fn lowered() -> &'static (Api, Vec<Warning>) {
    static LOWERED: OnceLock<(Api, Vec<Warning>)> = OnceLock::new();
    LOWERED.get_or_init(|| {
        let (api, warnings, _) =
            isc_codegen::lower_spec(&spec(), &Selection::all(), None).expect("the fixture lowers");
        (api, warnings)
    })
}

/// The IR of the fixture.
pub fn api() -> &'static Api {
    &lowered().0
}

// Lookups go through the IR's own (`Api::type_named`, `TypeDef::as_struct`,
// `Struct::field`, `Api::operation`); these only say what was missing.

/// A named type of the IR.
pub fn def(name: &str) -> &'static TypeDef {
    api().type_named(name).unwrap_or_else(|| {
        let names: Vec<&str> = api().types.iter().map(|d| d.name.as_str()).collect();
        panic!("no type `{name}`; types: {names:?}")
    })
}

/// The fields of a struct type.
pub fn fields(name: &str) -> &'static [Field] {
    let def = def(name);
    match def.as_struct() {
        Some(s) => &s.fields,
        None => panic!("`{name}` is not a struct: {:?}", def.kind),
    }
}

/// One field of a struct type, by its wire name.
pub fn field(name: &str, json_name: &str) -> &'static Field {
    fields(name)
        .iter()
        .find(|f| f.json_name == json_name)
        .unwrap_or_else(|| panic!("`{name}` has no property `{json_name}`"))
}

/// An operation, by its operationId (or derived id).
pub fn operation(operation_id: &str) -> &'static Operation {
    api()
        .operation(operation_id)
        .unwrap_or_else(|| panic!("no operation `{operation_id}`"))
}

/// A generated file's text, by its path in the crate.
pub fn file(path: &str) -> &'static str {
    generated()
        .files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("{path} is not generated"))
}
