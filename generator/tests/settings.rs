//! The settings file and what it customises: extra derives where they can
//! hold (and a typed warning where not), attributes on types and fields, a
//! schema replaced by the user's type, renames, and errors that name a
//! selector matching nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use isc_codegen::settings::Settings;
use isc_codegen::{ErrorKind, Generated, InvalidKind, Options, WarningKind, generate};

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/beta-accounts.yaml")
}

/// Generates the accounts spec with settings given as TOML text.
fn with_settings(toml: &str) -> isc_codegen::Result<Generated> {
    let settings = Settings::parse(Path::new("isc-codegen.toml"), toml)?;
    let mut options = Options {
        input: spec(),
        ..Options::default()
    };
    settings.fill(&mut options);
    generate(&options)
}

fn file<'a>(generated: &'a Generated, path: &str) -> Option<&'a str> {
    generated
        .files
        .iter()
        .find(|f| f.path == Path::new(path))
        .map(|f| f.contents.as_str())
}

fn model<'a>(generated: &'a Generated, module: &str) -> &'a str {
    file(generated, &format!("src/models/{module}.rs"))
        .unwrap_or_else(|| panic!("no model {module}"))
}

#[test]
fn a_derive_reaches_every_type_the_matched_type_holds() {
    let generated = with_settings("[derives]\nOwnerReferenceDto = [\"Hash\", \"Eq\"]\n").unwrap();
    let owner = model(&generated, "owner_reference_dto");
    assert!(owner.contains("#[derive(Eq, Hash)]"), "{owner}");
    // The enum it holds already derives both: no second derive.
    let kind = model(&generated, "owner_reference_dto_type");
    assert!(!kind.contains("#[derive(Eq, Hash)]"), "{kind}");
    // Types it does not hold are untouched.
    assert!(!model(&generated, "entitlement_source").contains("Hash"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn a_derive_that_cannot_hold_is_left_out_with_a_warning_naming_the_field() {
    let generated = with_settings("[derives]\nAccount = [\"Eq\"]\n").unwrap();
    let account = model(&generated, "account");
    assert!(!account.contains("#[derive(Eq)]"), "{account}");
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::DeriveNotValid)
        .expect("a derive-not-valid warning");
    assert!(warning.message.contains("Account."), "{}", warning.message);
    assert!(warning.message.contains("JSON"), "{}", warning.message);
    assert_eq!(warning.location.pointer, "/derives/Account");
}

#[test]
fn derives_for_every_type_skip_the_ones_that_cannot_have_them() {
    let generated = with_settings("[derives]\n\"*\" = [\"Hash\"]\n").unwrap();
    assert!(model(&generated, "entitlement_source").contains("#[derive(Hash)]"));
    assert!(!model(&generated, "account").contains("#[derive(Hash)]"));
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::DeriveNotValid && w.message.contains("`Account`"))
    );
}

#[test]
fn attributes_land_on_types_and_fields_by_name_or_pointer() {
    let generated = with_settings(
        r##"
        [attributes]
        "/components/schemas/OwnerReferenceDto" = ['#[serde(deny_unknown_fields)]']
        "EntitlementSource.name" = ['#[doc(alias = "title")]']
        "##,
    )
    .unwrap();
    let owner = model(&generated, "owner_reference_dto");
    let derive = owner.find("#[derive(").unwrap();
    let attr = owner.find("#[serde(deny_unknown_fields)]").unwrap();
    // After the derive that introduces `serde`, or rustc warns.
    assert!(attr > derive, "{owner}");
    // Serde attributes are read by serde's derives, so this type keeps them
    // rather than going through the runtime's object reader and writer.
    assert!(owner.contains("Serialize, Deserialize)]"), "{owner}");
    assert!(!owner.contains("isc_runtime::object"), "{owner}");
    let source = model(&generated, "entitlement_source");
    assert!(source.contains("impl isc_runtime::object::Object for EntitlementSource"));
    assert!(!source.contains("Deserialize)]"), "{source}");
    let alias = source.find("#[doc(alias = \"title\")]").unwrap();
    assert!(source[alias..].find("pub name").unwrap() < 200, "{source}");
}

#[test]
fn a_replaced_schema_has_no_model_and_references_use_the_path() {
    let generated = with_settings("[replace]\nOwnerReferenceDto = \"my_crate::Owner\"\n").unwrap();
    assert!(file(&generated, "src/models/owner_reference_dto.rs").is_none());
    let mods = file(&generated, "src/models/mod.rs").unwrap();
    assert!(!mods.contains("OwnerReferenceDto;"), "{mods}");
    let entitlement = model(&generated, "entitlement");
    assert!(
        entitlement.contains("Option<my_crate::Owner>"),
        "{entitlement}"
    );
}

#[test]
fn renamed_types_and_operations_keep_every_reference() {
    let generated = with_settings(
        "[rename.types]\nOwnerReferenceDto = \"Owner\"\n[rename.operations]\ngetAccount = \"fetch_account\"\n",
    )
    .unwrap();
    assert!(model(&generated, "owner").contains("pub struct Owner {"));
    assert!(file(&generated, "src/models/owner_reference_dto.rs").is_none());
    assert!(model(&generated, "entitlement").contains("Option<Owner>"));
    let accounts = file(&generated, "src/apis/accounts.rs").unwrap();
    assert!(accounts.contains("pub fn fetch_account("), "fetch_account");
    assert!(accounts.contains("pub struct FetchAccount"));
    assert!(accounts.contains("pub type FetchAccountError = crate::errors::"));
    assert!(!accounts.contains("pub fn get_account("));
}

#[test]
fn crate_metadata_and_dependencies_reach_the_manifest() {
    let generated = with_settings(
        "[crate]\nname = \"accounts\"\nversion = \"2.0.0\"\ndescription = \"Our \\\"accounts\\\" client.\"\ndependencies = { schemars = \"0.8\" }\n",
    )
    .unwrap();
    let manifest = file(&generated, "Cargo.toml").unwrap();
    assert!(manifest.contains("name = \"accounts\""), "{manifest}");
    assert!(manifest.contains("version = \"2.0.0\""));
    assert!(
        manifest.contains(r#"description = 'Our "accounts" client.'"#)
            || manifest.contains(r#"description = "Our \"accounts\" client.""#),
        "{manifest}"
    );
    assert!(manifest.contains("schemars = \"0.8\"\n"));
    toml::from_str::<toml::Table>(manifest.split_once('\n').unwrap().1).unwrap();
}

#[test]
fn selectors_that_match_nothing_are_errors_naming_them() {
    let cases = [
        (
            "[derives]\nAcount = [\"Hash\"]\n",
            InvalidKind::SettingsUnknownType,
            "/derives/Acount",
        ),
        (
            "[replace]\n\"/components/schemas/Nope\" = \"x::Y\"\n",
            InvalidKind::SettingsUnknownType,
            "/replace/~1components~1schemas~1Nope",
        ),
        (
            "[attributes]\n\"Account.nope\" = ['#[doc(hidden)]']\n",
            InvalidKind::SettingsUnknownField,
            "/attributes/Account.nope",
        ),
        (
            "[rename.operations]\ngetAcount = \"x\"\n",
            InvalidKind::SettingsUnknownOperation,
            "/rename/operations/getAcount",
        ),
        (
            "[rename.types]\nAccount = \"Entitlement\"\n",
            InvalidKind::SettingsNameClash,
            "/rename/types/Account",
        ),
        (
            "[replace]\nAccount = \"not a path\"\n",
            InvalidKind::SettingsValue,
            "/replace/Account",
        ),
        (
            "[attributes]\nAccount = ['derive(Hash)']\n",
            InvalidKind::SettingsValue,
            "/attributes/Account",
        ),
    ];
    for (toml, kind, pointer) in cases {
        let err = with_settings(toml).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid(kind), "{toml}: {err}");
        let location = err.location().unwrap();
        assert_eq!(location.pointer, pointer, "{toml}");
        assert_eq!(location.file, Path::new("isc-codegen.toml"));
    }
}

#[test]
fn the_settings_file_beside_the_spec_is_found() {
    let options = Options::for_input(spec()).unwrap();
    assert_eq!(
        options.crate_options.name.as_deref(),
        Some("sailpoint-beta")
    );
    assert!(options.overlay.is_some());
}

#[test]
fn the_petstore_is_named_after_its_title_and_configured_generically() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/specs/corpus/oas-examples/3.0/yaml/petstore.yaml");
    if !input.is_file() {
        // CI has ../shared beside the checkout; a bare clone may not.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing",
            input.display()
        );
        eprintln!("skipped: {} not found", input.display());
        return;
    }
    let generated = generate(&Options::for_input(&input).unwrap()).unwrap();
    let manifest = file(&generated, "Cargo.toml").unwrap();
    assert!(
        manifest.contains("name = \"swagger-petstore\""),
        "{manifest}"
    );
    assert!(manifest.contains("mock = [\"isc-runtime/mock\"]"));
    let client = file(&generated, "src/client.rs").unwrap();
    assert!(client.contains("\"SWAGGER_PETSTORE_BASE_URL\""), "{client}");
    assert!(client.contains("\"SWAGGER_PETSTORE_TOKEN\""));
    assert!(client.contains("\"http://petstore.swagger.io\""));
    // Its `api_key` scheme (in: header) reads a key sent in that header.
    assert!(client.contains("\"SWAGGER_PETSTORE_API_KEY\""));
    assert!(
        client.contains("ApiKeyLocation::Header(\"api_key\""),
        "{client}"
    );
    assert!(!client.contains("SAIL_"), "{client}");
    assert!(manifest.contains("default-features = false"), "{manifest}");
    // Settings name the variables and the prefix.
    let settings = Settings::parse(
        Path::new("isc-codegen.toml"),
        "[config]\nenv_prefix = \"PETS\"\nvariables = { token = \"PETSTORE_ACCESS_TOKEN\" }\n",
    )
    .unwrap();
    let mut options = Options::for_input(&input).unwrap();
    settings.fill(&mut options);
    let renamed = generate(&options).unwrap();
    let client = file(&renamed, "src/client.rs").unwrap();
    assert!(client.contains("\"PETSTORE_ACCESS_TOKEN\"") && client.contains("\"PETS_API_KEY\""));
    // SailPoint's own document keeps SailPoint's sources.
    let sailpoint = generate(&Options::for_input(spec()).unwrap()).unwrap();
    let client = file(&sailpoint, "src/client.rs").unwrap();
    assert!(client.contains("SAIL_BASE_URL") && client.contains("config.yaml"));
}

#[test]
fn the_downstream_examples_client_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = Settings::read(&root.join("tests/downstream-example/isc-codegen.toml")).unwrap();
    let mut options = Options {
        input: root.join("spec/beta-accounts.yaml"),
        overlay: Some(root.join("spec/overlay.yaml")),
        ..Options::default()
    };
    options.crate_options.runtime_dependency = "path = \"../../../runtime\"".to_owned();
    settings.fill(&mut options);
    let generated = generate(&options).unwrap();
    let stale = generated
        .check_against(&root.join("tests/downstream-example/client"))
        .unwrap();
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run the command in tests/downstream-example/isc-codegen.toml"
    );
}

#[test]
fn a_generic_client_defaults_to_the_server_with_its_variables_and_reads_each_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("openapi.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.0.3
info: { title: Pets Example, version: "1" }
servers:
  - url: https://{region}.pets.example/v1
    variables:
      region: { default: eu, enum: [eu, us] }
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200": { description: ok }
components:
  securitySchemes:
    key: { type: apiKey, in: query, name: key }
    login: { type: http, scheme: basic }
    machine:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.pets.example/token
          scopes: {}
security: [{ key: [] }]
"#,
    )
    .unwrap();
    let generated = generate(&Options::for_input(&spec).unwrap()).unwrap();
    let client = file(&generated, "src/client.rs").unwrap();
    assert!(client.contains("\"https://eu.pets.example\""), "{client}");
    assert!(client.contains("\"PETS_EXAMPLE_TOKEN\""));
    assert!(client.contains("\"PETS_EXAMPLE_CLIENT_ID\""));
    assert!(client.contains(".token_url(\"https://auth.pets.example/token\")"));
    assert!(client.contains("ApiKeyLocation::Query(\"key\""));
    assert!(client.contains("\"PETS_EXAMPLE_USERNAME\"") && client.contains("basic_auth"));
    let lib = file(&generated, "src/lib.rs").unwrap();
    assert!(lib.contains("pets_example::Client::load()"), "{lib}");
}
