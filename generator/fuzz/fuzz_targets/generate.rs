//! Feeds arbitrary bytes through the whole pipeline as a spec file. The first
//! byte picks the file name's extension (`.yaml` or `.json`, which selects the
//! parser); the rest is the file. Any panic is a crash; errors are fine but
//! must name a file.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

thread_local! {
    static DIR: tempfile::TempDir = tempfile::tempdir().unwrap();
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let name = if selector & 1 == 0 {
        "input.yaml"
    } else {
        "input.json"
    };
    let path = DIR.with(|dir| dir.path().join(name));
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(body).unwrap();
    drop(file);
    let options = isc_codegen::Options {
        input: path.clone(),
        ..isc_codegen::Options::default()
    };
    if let Err(error) = isc_codegen::generate(&options) {
        let text = error.to_string();
        assert!(!text.trim().is_empty(), "empty error message");
        let location = error
            .location()
            .unwrap_or_else(|| panic!("error without a spec location: {text}"));
        assert!(
            text.contains(&location.file.display().to_string()),
            "error does not name its file: {text}"
        );
    }
});
