//! A required header parameter with a schema default (SailPoint's v2024-style
//! `X-SailPoint-Experimental: true`) is sent automatically: callers do not pass it,
//! the request always carries it with the default, and a setter overrides it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use isc_codegen::{Generated, Options, generate};

fn generated() -> Generated {
    let options = Options {
        input: isc_tests::workspace().join("tests/fixtures/experimental-header.yaml"),
        ..Options::default()
    };
    generate(&options).expect("the fixture generates")
}

fn file<'a>(generated: &'a Generated, path: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|f| f.path == Path::new(path))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| {
            let paths: Vec<_> = generated.files.iter().map(|f| f.path.display()).collect();
            panic!("{path} not generated; files: {paths:?}")
        })
}

/// `text` without any whitespace, so assertions do not depend on line breaking.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The body of the builder's `fn request`, whitespace removed.
fn request_fn(operations: &str) -> String {
    let code = squeeze(operations);
    let start = code
        .find("fnrequest(&self)->Request{")
        .expect("builder has fn request");
    let rest = &code[start..];
    let end = rest.find("pubasyncfnsend(").expect("fn send follows");
    rest[..end].to_owned()
}

#[test]
fn fixture_generates_one_operation_without_warnings() {
    let generated = generated();
    assert_eq!(generated.stats.operations, 1);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn the_header_is_not_an_argument_of_the_operation() {
    let generated = generated();
    let code = squeeze(file(&generated, "src/apis/widgets.rs"));
    // Required, but defaulted: the method takes nothing, the builder starts unset.
    assert!(
        code.contains("pubfnlist_widgets(&self)->ListWidgets{"),
        "{code}"
    );
    assert!(code.contains("x_sail_point_experimental:None"), "{code}");
}

#[test]
fn the_header_is_always_sent_with_its_default_when_unset() {
    let generated = generated();
    let request = request_fn(file(&generated, "src/apis/widgets.rs"));
    assert!(
        request.contains(
            ".header(\"X-SailPoint-Experimental\",self.x_sail_point_experimental\
             .clone().unwrap_or_else(||String::from(\"true\")).to_string(),)"
        ),
        "fn request does not send the default: {request}"
    );
    // Sent unconditionally (not inside an `if let Some`), and the operation is secured.
    assert!(!request.contains("ifletSome"), "{request}");
    assert!(request.contains(".authenticated()"), "{request}");
}

#[test]
fn the_builder_has_a_setter_to_override_the_header() {
    let generated = generated();
    let code = squeeze(file(&generated, "src/apis/widgets.rs"));
    assert!(
        code.contains(
            "pubfnx_sail_point_experimental(mutself,value:implInto<String>)->Self{\
             self.x_sail_point_experimental=Some(value.into());self}"
        ),
        "no setter for the header: {code}"
    );
}
