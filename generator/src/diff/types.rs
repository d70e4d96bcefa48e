//! Named types, matched by Rust name: structs (fields by wire name, the
//! constructor), string enums (values), oneOf variants, aliases; their
//! deprecation, docs and the cargo features that compile them. A type that
//! keeps its schema but changes its name is a rename, and major.

use std::collections::BTreeSet;

use super::change::{Change, Class, Sink, text_changed, type_text};
use crate::ir::{Api, OneOf, StringEnum, Struct, TypeDef, TypeKind};

pub fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    for def in &new.types {
        let section = section(new, def);
        let item = format!("models::{}", def.name);
        match old.type_named(&def.name) {
            Some(was) => {
                if let Some(moved) = renamed_to(old, new, was).filter(|_| was.origin != def.origin)
                {
                    out.push(Change::new(
                        &section,
                        &item,
                        Class::Major,
                        format!(
                            "now names the schema `{}`; its old schema `{}` is `{}`",
                            def.origin, was.origin, moved.name
                        ),
                    ));
                }
                Sink {
                    old,
                    new,
                    out: &mut *out,
                    section: &section,
                    item: &item,
                }
                .def(was, def);
            }
            None => match renamed_from(old, new, def) {
                Some(was) => out.push(Change::new(
                    &section,
                    &item,
                    Class::Major,
                    format!(
                        "renamed from `{}` (same schema, `{}`)",
                        was.name, def.origin
                    ),
                )),
                None => out.push(Change::new(&section, &item, Class::Minor, "added")),
            },
        }
    }
    for def in &old.types {
        if new.type_named(&def.name).is_none() && renamed_to(old, new, def).is_none() {
            let item = format!("models::{}", def.name);
            out.push(Change::new(
                section(old, def),
                item,
                Class::Major,
                "removed",
            ));
        }
    }
}

/// The old type of the same schema as `def` under another name.
fn renamed_from<'a>(old: &'a Api, _new: &Api, def: &TypeDef) -> Option<&'a TypeDef> {
    old.types
        .iter()
        .find(|t| t.origin == def.origin && t.name != def.name)
}

/// The new type of the same schema as `def` under another name.
fn renamed_to<'a>(_old: &Api, new: &'a Api, def: &TypeDef) -> Option<&'a TypeDef> {
    new.types
        .iter()
        .find(|t| t.origin == def.origin && t.name != def.name)
}

/// The tags whose operations reach the type: its report section.
fn section(api: &Api, def: &TypeDef) -> String {
    let names: Vec<&str> = def
        .reached_by
        .iter()
        .filter_map(|&i| api.tags.get(i).map(|t| t.name.as_str()))
        .collect();
    if names.is_empty() {
        "Models".to_owned()
    } else {
        names.join(", ")
    }
}

fn features(api: &Api, def: &TypeDef) -> BTreeSet<String> {
    def.reached_by
        .iter()
        .filter_map(|&i| api.tags.get(i).map(|t| t.feature.clone()))
        .collect()
}

impl Sink<'_, '_> {
    fn def(&mut self, old: &TypeDef, new: &TypeDef) {
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.structs(a, b),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.enums(a, b),
            (TypeKind::OneOf(a), TypeKind::OneOf(b)) => self.one_ofs(a, b),
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                let (a, b) = (type_text(self.old, a), type_text(self.new, b));
                if a != b {
                    self.push_member(None, Class::Major, format!("is `{b}` instead of `{a}`"));
                }
            }
            (a, b) => {
                let message = format!("is now {} (was {})", kind_name(b), kind_name(a));
                self.push_member(None, Class::Major, message);
            }
        }
        match (old.deprecated, new.deprecated) {
            (false, true) => self.push_member(None, Class::Minor, "deprecated".into()),
            (true, false) => self.push_member(None, Class::Patch, "no longer deprecated".into()),
            _ => {}
        }
        if self.old.tag_features && self.new.tag_features {
            let (a, b) = (features(self.old, old), features(self.new, new));
            // The type compiles when any feature of a tag that reaches it is on.
            if !a.is_empty() && !b.is_superset(&a) {
                let lost: Vec<&str> = a.difference(&b).map(String::as_str).collect();
                let message = format!(
                    "no longer compiled with feature(s) `{}` alone",
                    lost.join("`, `")
                );
                self.push_member(None, Class::Major, message);
            } else if b.len() > a.len() && !a.is_empty() {
                let gained: Vec<&str> = b.difference(&a).map(String::as_str).collect();
                self.push_member(
                    None,
                    Class::Minor,
                    format!("also compiled with feature(s) `{}`", gained.join("`, `")),
                );
            }
        }
        if text_changed(old.doc.as_deref(), new.doc.as_deref()) {
            self.push_member(None, Class::Patch, "docs changed".into());
        }
    }

    fn structs(&mut self, old: &Struct, new: &Struct) {
        for f in &new.fields {
            let Some(was) = old.field(&f.json_name) else {
                // The struct is `#[non_exhaustive]`: a new field breaks no
                // literal; a new argument of `new` is reported below.
                self.push_member(
                    Some(&f.name),
                    Class::Minor,
                    format!("added (`{}`)", field_type(self.new, f)),
                );
                continue;
            };
            let name = Some(f.name.as_str());
            if was.name != f.name {
                self.push_member(name, Class::Major, format!("was `{}`", was.name));
            }
            let (a, b) = (field_type(self.old, was), field_type(self.new, f));
            if a != b {
                let message = if was.optional() != f.optional() {
                    let now = if f.optional() { "optional" } else { "required" };
                    format!("becomes {now}: `{b}` instead of `{a}`")
                } else {
                    format!("is `{b}` instead of `{a}`")
                };
                self.push_member(name, Class::Major, message);
            } else if was.required != f.required || was.nullable != f.nullable {
                // Same Rust type; only what is sent for `None` changes.
                let message = format!(
                    "{} and {} on the wire (was {} and {})",
                    presence(f.required),
                    nullability(f.nullable),
                    presence(was.required),
                    nullability(was.nullable)
                );
                self.push_member(name, Class::Patch, message);
            }
            match (was.deprecated, f.deprecated) {
                (false, true) => self.push_member(name, Class::Minor, "deprecated".into()),
                (true, false) => {
                    self.push_member(name, Class::Patch, "no longer deprecated".into())
                }
                _ => {}
            }
            if text_changed(was.doc.as_deref(), f.doc.as_deref()) {
                self.push_member(name, Class::Patch, "docs changed".into());
            }
        }
        for f in &old.fields {
            if new.field(&f.json_name).is_none() {
                self.push_member(Some(&f.name), Class::Major, "removed".into());
            }
        }
        let additional = |api: &Api, s: &Struct| {
            s.additional
                .as_ref()
                .map(|ty| (s.additional_name.clone(), type_text(api, ty)))
        };
        match (additional(self.old, old), additional(self.new, new)) {
            (None, Some((name, _))) => {
                self.push_member(Some(&name), Class::Minor, "added (other properties)".into())
            }
            (Some((name, _)), None) => self.push_member(
                Some(&name),
                Class::Major,
                "removed (other properties)".into(),
            ),
            (Some(a), Some(b)) if a != b => {
                self.push_member(
                    Some(&b.0),
                    Class::Major,
                    format!("is `IndexMap<String, {}>` (was `{}`: `{}`)", b.1, a.0, a.1),
                );
            }
            _ => {}
        }
        let signature = |api: &Api, s: &Struct| -> Vec<String> {
            s.new_arguments
                .iter()
                .filter_map(|n| s.fields.iter().find(|f| &f.name == n))
                .map(|f| format!("{}: {}", f.name, type_text(api, &f.ty)))
                .collect()
        };
        let (a, b) = (signature(self.old, old), signature(self.new, new));
        if a != b {
            self.push_member(
                Some("new"),
                Class::Major,
                format!("takes ({}) instead of ({})", b.join(", "), a.join(", ")),
            );
        }
        if old.default && !new.default {
            self.push_member(None, Class::Major, "no longer implements `Default`".into());
        } else if !old.default && new.default {
            self.push_member(None, Class::Minor, "implements `Default`".into());
        }
    }

    fn enums(&mut self, old: &StringEnum, new: &StringEnum) {
        for v in &new.variants {
            match old.variants.iter().find(|o| o.value == v.value) {
                // `#[non_exhaustive]` with a catch-all: a value is additive.
                None => self.push_member(
                    Some(&v.name),
                    Class::Minor,
                    format!("added (`\"{}\"`)", v.value),
                ),
                Some(was) if was.name != v.name => {
                    self.push_member(
                        Some(&v.name),
                        Class::Major,
                        format!("was `{}` (`\"{}\"`)", was.name, v.value),
                    );
                }
                Some(_) => {}
            }
        }
        for v in &old.variants {
            if !new.variants.iter().any(|n| n.value == v.value) {
                // Its value now decodes as `Unknown`.
                self.push_member(
                    Some(&v.name),
                    Class::Major,
                    format!("removed (`\"{}\"`)", v.value),
                );
            }
        }
    }

    fn one_ofs(&mut self, old: &OneOf, new: &OneOf) {
        for v in &new.variants {
            let Some(was) = old.variants.iter().find(|o| o.name == v.name) else {
                self.push_member(
                    Some(&v.name),
                    Class::Minor,
                    format!("added (`{}`)", type_text(self.new, &v.ty)),
                );
                continue;
            };
            let (a, b) = (type_text(self.old, &was.ty), type_text(self.new, &v.ty));
            if a != b || was.boxed != v.boxed {
                self.push_member(
                    Some(&v.name),
                    Class::Major,
                    format!("holds `{b}` instead of `{a}`"),
                );
            } else if was.tags != v.tags {
                self.push_member(
                    Some(&v.name),
                    Class::Patch,
                    format!(
                        "selected by `{}` (was `{}`)",
                        v.tags.join("`, `"),
                        was.tags.join("`, `")
                    ),
                );
            }
        }
        for v in &old.variants {
            if !new.variants.iter().any(|n| n.name == v.name) {
                self.push_member(Some(&v.name), Class::Major, "removed".into());
            }
        }
        if old.discriminator != new.discriminator {
            let text =
                |d: &Option<String>| d.as_deref().map_or("none".to_owned(), |d| format!("`{d}`"));
            let class = match (&old.discriminator, &new.discriminator) {
                // `DISCRIMINATOR` and the tagged decoding go.
                (Some(_), None) => Class::Major,
                (None, Some(_)) => Class::Minor,
                _ => Class::Patch,
            };
            let message = format!(
                "discriminator {} (was {})",
                text(&new.discriminator),
                text(&old.discriminator)
            );
            self.push_member(None, class, message);
        }
    }
}

fn field_type(api: &Api, f: &crate::ir::Field) -> String {
    let inner = type_text(api, &f.ty);
    let inner = if f.boxed {
        format!("Box<{inner}>")
    } else {
        inner
    };
    if f.optional() {
        format!("Option<{inner}>")
    } else {
        inner
    }
}

fn presence(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn nullability(nullable: bool) -> &'static str {
    if nullable { "nullable" } else { "not nullable" }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "a string enum",
        TypeKind::Alias(_) => "a type alias",
        TypeKind::OneOf(_) => "a oneOf enum",
    }
}
