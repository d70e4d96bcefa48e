//! Rust identifiers from spec names: case conversion with heck, keywords,
//! names that do not start with a letter, and collisions after conversion.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers (2021+ editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code uses itself; a schema with one of these names
/// gets a suffix so that generated code never shadows them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "Serialize",
    "Deserialize",
    "Value",
    "DateTime",
    "Date",
    "JsonMap",
    "IndexMap",
    "Client",
    "Error",
    "Self",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Fn",
    "From",
    "Into",
];

/// Names an operation module imports or defines besides the operations' own
/// types: an operation's builder, error or success type must not repeat them.
const OPERATION_MODULE_TYPES: &[&str] = &[
    "Client",
    "DecodeError",
    "Error",
    "ErrorBody",
    "Method",
    "Request",
    "Future",
    "IntoFuture",
    "Pin",
];

/// Hands out the type names of operations (builder `X`, error `XError`,
/// success `XSuccess`) so that no two operations and no imported name meet,
/// whatever the operationIds are (`self` → `Self`, `decode` → `DecodeError`,
/// `foo` next to `fooError`).
#[derive(Debug)]
pub struct OperationTypes {
    scope: Scope,
}

impl OperationTypes {
    /// A scope that already holds the imported names, the prelude names
    /// generated code relies on, and the given tag types (`AccountsApi`).
    pub fn new<'n>(tag_types: impl IntoIterator<Item = &'n str>) -> Self {
        let mut scope = Scope::default();
        for name in RESERVED_TYPES.iter().chain(OPERATION_MODULE_TYPES) {
            scope.reserve(name);
        }
        for name in tag_types {
            scope.reserve(name);
        }
        Self { scope }
    }

    /// The base name for an operation's types: `wanted`, or `wanted2`, ...
    /// when it or one of its derived names is taken. All three are reserved.
    pub fn claim(&mut self, wanted: &str) -> String {
        let derived = |base: &str| {
            [
                base.to_owned(),
                format!("{base}Error"),
                format!("{base}Success"),
            ]
        };
        let base = (1..)
            .map(|n| {
                if n == 1 {
                    wanted.to_owned()
                } else {
                    format!("{wanted}{n}")
                }
            })
            .find(|candidate| {
                derived(candidate)
                    .iter()
                    .all(|name| !self.scope.contains(name))
            })
            .unwrap_or_else(|| wanted.to_owned());
        for name in derived(&base) {
            self.scope.reserve(&name);
        }
        base
    }
}

/// Splits on anything that is not a letter or digit, so `@odata.type` and
/// `x-total-count` convert like `odata type` and `x total count`.
fn words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

fn ascii_only(text: String) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
}

/// `UpperCamelCase` type or variant name; never empty, never starts with a digit.
pub fn type_name(text: &str) -> String {
    let name = ascii_only(words(text).to_upper_camel_case());
    match name.chars().next() {
        None => "Unnamed".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("T{name}"),
        Some(_) => name,
    }
}

/// A type name that is not one the generated code uses itself.
pub fn model_name(text: &str) -> String {
    let name = type_name(text);
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// `snake_case` field, parameter or module name; keywords become raw
/// identifiers (`r#type`), or get a trailing `_` where raw is not allowed.
pub fn field_name(text: &str) -> String {
    let snake = words(text)
        .to_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<String>();
    let snake = snake.trim_matches('_').to_owned();
    let name = match snake.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{snake}"),
        Some(_) => snake,
    };
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A module or file name: snake_case without raw identifiers.
pub fn module_name(text: &str) -> String {
    let name = field_name(text);
    match name.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => name,
    }
}

/// The identifier without a raw prefix, for comparing and suffixing.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Hands out names that are unique within one scope, appending `2`, `3`, ...
/// to later claimants of a taken name.
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// Marks a name as used.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(bare(name).to_owned());
    }

    /// Whether a name is already used.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }

    /// Returns `name`, or the first free `name2`, `name3`, ... (snake names get
    /// `_2`), and marks it used.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(bare(name).to_owned()) {
            return name.to_owned();
        }
        let base = bare(name).trim_end_matches('_');
        let snake = base.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        (2..)
            .map(|n| {
                if snake {
                    format!("{base}_{n}")
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_else(|| name.to_owned())
    }
}

/// serde's own `rename_all = "camelCase"` rule, so we know when the attribute
/// reproduces a wire name exactly.
pub fn serde_camel_case(field: &str) -> String {
    let mut pascal = String::new();
    let mut capitalize = true;
    for ch in bare(field).chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    let mut chars = pascal.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The cargo feature that compiles every tag (and the types no operation uses).
pub const FULL_FEATURE: &str = "full";

/// The cargo feature of a tag's module. Usually the module's name; a tag whose
/// module is `default` (where untagged operations go), `full` or `mock` would repeat a
/// key cargo already has, so it gets a `tag-` prefix (a module name never
/// holds `-`, so the prefixed name cannot meet another tag's).
pub fn feature_name(module: &str) -> String {
    // `mock` is the crate's feature for its typed mocks.
    if module == "default" || module == FULL_FEATURE || module == "mock" {
        format!("tag-{module}")
    } else {
        module.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("BaseCommonDto"), "BaseCommonDto");
        assert_eq!(type_name("base-common dto"), "BaseCommonDto");
        assert_eq!(type_name("401"), "T401");
        assert_eq!(type_name("@odata.type"), "OdataType");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("ÄÖ"), "Unnamed");
        assert_eq!(model_name("Result"), "ResultModel");
        assert_eq!(model_name("Account"), "Account");
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("sourceId"), "source_id");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("2fa"), "n2fa");
        assert_eq!(field_name("x-total-count"), "x_total_count");
        assert_eq!(field_name("@odata.type"), "odata_type");
        assert_eq!(field_name("_links"), "links");
        assert_eq!(field_name("$"), "value");
        assert_eq!(module_name("type"), "type_");
    }

    #[test]
    fn names_that_collide_after_conversion_get_suffixes() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(&field_name("ImmutableId")), "immutable_id");
        assert_eq!(scope.claim(&field_name("immutableId")), "immutable_id_2");
        assert_eq!(scope.claim(&field_name("immutable_id")), "immutable_id_3");
        let mut types = Scope::default();
        assert_eq!(types.claim("Entitlement"), "Entitlement");
        assert_eq!(types.claim("Entitlement"), "Entitlement2");
        let mut raw = Scope::default();
        assert_eq!(raw.claim("r#type"), "r#type");
        assert_eq!(raw.claim("r#type"), "type_2");
    }

    #[test]
    fn operation_types_avoid_keywords_imports_and_each_other() {
        let mut types = OperationTypes::new(["AccountsApi"]);
        assert_eq!(types.claim(&type_name(bare(&field_name("self")))), "Self2");
        assert_eq!(types.claim("Decode"), "Decode2");
        assert_eq!(types.claim("Client"), "Client2");
        assert_eq!(types.claim("AccountsApi"), "AccountsApi2");
        assert_eq!(types.claim("Foo"), "Foo");
        assert_eq!(types.claim("FooError"), "FooError2");
        assert_eq!(types.claim("Bar2"), "Bar2");
        assert_eq!(types.claim("Bar"), "Bar");
        assert_eq!(types.claim("Bar"), "Bar3");
    }

    #[test]
    fn serde_camel_case_matches_serde() {
        assert_eq!(serde_camel_case("source_id"), "sourceId");
        assert_eq!(serde_camel_case("r#type"), "type");
        assert_eq!(serde_camel_case("id"), "id");
        assert_eq!(serde_camel_case("x_total_count"), "xTotalCount");
    }
}
