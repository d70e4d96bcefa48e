//! What one change is: the Rust item it touches, what happened to it and its
//! semver class; and the report that holds them all.

use crate::ir::{Api, TypeRef};

/// The semver class of a change, ordered from harmless to breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Nothing changed.
    None,
    /// Docs, or nothing a caller can see in the Rust API.
    Patch,
    /// Additive: code that compiled still compiles and means the same.
    Minor,
    /// Code that compiled may stop compiling or change meaning.
    Major,
}

impl Class {
    /// The lower-case name (`"major"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::None => "none",
            Class::Patch => "patch",
            Class::Minor => "minor",
            Class::Major => "major",
        }
    }

    /// Parses a name as `--fail-on` takes it.
    pub fn parse(text: &str) -> Option<Class> {
        [Class::None, Class::Patch, Class::Minor, Class::Major]
            .into_iter()
            .find(|c| c.as_str() == text)
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change of the generated Rust API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The report section: the tag of an operation, the tags that reach a type.
    pub section: String,
    /// The Rust item (`AccountsApi::list_accounts`, `models::Account::name`).
    pub item: String,
    /// What happened to it, as a phrase after the item ("gains optional setter `x`").
    pub message: String,
    /// Its class.
    pub class: Class,
}

impl Change {
    /// A change of `item` in `section`.
    pub fn new(
        section: impl Into<String>,
        item: impl Into<String>,
        class: Class,
        message: impl Into<String>,
    ) -> Self {
        Self {
            section: section.into(),
            item: item.into(),
            message: message.into(),
            class,
        }
    }
}

/// All changes between two sides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The changes, by section and item.
    pub changes: Vec<Change>,
}

impl Report {
    /// The class of the whole change: the highest of its changes, `None`
    /// when there are none.
    pub fn class(&self) -> Class {
        self.changes
            .iter()
            .map(|c| c.class)
            .max()
            .unwrap_or(Class::None)
    }

    /// How many changes of `class` there are.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// The part of the generated crate's version `class` bumps, given its
    /// current `version`: below 1.0 cargo treats the minor number as the
    /// breaking one, so a major change bumps the minor number and a minor
    /// change the patch number.
    pub fn bump(&self, version: &str) -> &'static str {
        let pre_one = version.trim_start_matches('v').starts_with("0.");
        match (self.class(), pre_one) {
            (Class::None, _) => "none",
            (Class::Major, false) => "major",
            (Class::Major, true) | (Class::Minor, false) => "minor",
            (Class::Minor, true) | (Class::Patch, _) => "patch",
        }
    }
}

impl Report {
    /// The version the generated crate should get after `version`
    /// (`0.1.0` → `0.2.0` for a major change); `version` itself when it is
    /// not `x.y.z` or nothing changed.
    pub fn next_version(&self, version: &str) -> String {
        let parts: Vec<u64> = version.split('.').filter_map(|p| p.parse().ok()).collect();
        let [major, minor, patch] = parts.as_slice() else {
            return version.to_owned();
        };
        let (major, minor, patch) = (*major, *minor, *patch);
        match self.bump(version) {
            "major" => format!("{}.0.0", major.saturating_add(1)),
            "minor" => format!("{major}.{}.0", minor.saturating_add(1)),
            "patch" => format!("{major}.{minor}.{}", patch.saturating_add(1)),
            _ => version.to_owned(),
        }
    }
}

/// Where the changes of one item go, with both sides to name types by.
pub struct Sink<'a, 'o> {
    pub old: &'a Api,
    pub new: &'a Api,
    pub out: &'o mut Vec<Change>,
    pub section: &'a str,
    pub item: &'a str,
}

impl Sink<'_, '_> {
    /// A change of the item itself.
    pub fn push(&mut self, class: Class, message: String) {
        self.push_member(None, class, message);
    }

    /// A change of the item, or of one of its members (`Type::field`).
    pub fn push_member(&mut self, member: Option<&str>, class: Class, message: String) {
        let item = match member {
            Some(member) => format!("{}::{member}", self.item),
            None => self.item.to_owned(),
        };
        self.out
            .push(Change::new(self.section, item, class, message));
    }
}

/// A type expression as the Rust source spells it, by name (ids index
/// different arenas on the two sides).
pub fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer { bits } => format!("i{bits}"),
        TypeRef::Number { bits } => format!("f{bits}"),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonMap => "JsonMap".to_owned(),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(api, inner)),
        TypeRef::Map(inner) => format!("IndexMap<String, {}>", type_text(api, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(api, inner)),
        TypeRef::Named(id) => api.type_name(*id).to_owned(),
    }
}

/// Whether two optional texts differ in more than surrounding whitespace.
pub fn text_changed(old: Option<&str>, new: Option<&str>) -> bool {
    old.map(str::trim) != new.map(str::trim)
}
