//! Operations, matched by operationId: the method on the tag's API struct,
//! its arguments and setters (parameters, body, multipart parts), what it
//! returns, its error enum, paging, deprecation and docs.

use std::collections::BTreeMap;

use super::change::{Change, Class, Sink, text_changed, type_text};
use crate::ir::{Api, BodyEncoding, Case, FileKind, Operation, Payload, Tag};

/// One value the caller supplies, as the builder shows it.
#[derive(PartialEq)]
struct Input {
    rust_name: String,
    ty: String,
    /// A method argument (positional) rather than a setter.
    argument: bool,
    deprecated: bool,
    doc: Option<String>,
}

pub fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let old_ops = by_id(old);
    let new_ops = by_id(new);
    for (id, (tag, op)) in &new_ops {
        let item = format!("{}::{}", tag.type_name, op.method_name);
        match old_ops.get(id) {
            None => out.push(Change::new(&tag.name, item, Class::Minor, "added")),
            Some((old_tag, old_op)) => {
                Sink {
                    old,
                    new,
                    out: &mut *out,
                    section: &tag.name,
                    item: &item,
                }
                .operation(old_tag, old_op, tag, op);
            }
        }
    }
    for (id, (tag, op)) in &old_ops {
        if !new_ops.contains_key(id) {
            let item = format!("{}::{}", tag.type_name, op.method_name);
            out.push(Change::new(&tag.name, item, Class::Major, "removed"));
        }
    }
}

fn by_id(api: &Api) -> BTreeMap<&str, (&Tag, &Operation)> {
    api.tags
        .iter()
        .flat_map(|t| {
            t.operations
                .iter()
                .map(move |o| (o.operation_id.as_str(), (t, o)))
        })
        .collect()
}

impl Sink<'_, '_> {
    fn operation(&mut self, old_tag: &Tag, old: &Operation, new_tag: &Tag, new: &Operation) {
        if old_tag.type_name != new_tag.type_name || old.method_name != new.method_name {
            self.push(
                Class::Major,
                format!(
                    "was `{}::{}` (method renamed or moved)",
                    old_tag.type_name, old.method_name
                ),
            );
        }
        if old.builder_name != new.builder_name {
            self.push(
                Class::Major,
                format!(
                    "builder `{}` is now `{}`",
                    old.builder_name, new.builder_name
                ),
            );
        }
        self.inputs(old, new);
        self.success(old, new);
        self.errors(old, new);
        match (&old.pagination, &new.pagination) {
            (None, Some(_)) => {
                self.push(Class::Minor, "gains paging (`stream`, `send_page`)".into())
            }
            (Some(_), None) => {
                self.push(Class::Major, "loses paging (`stream`, `send_page`)".into())
            }
            (Some(a), Some(b)) => {
                let (a, b) = (type_text(self.old, &a.item), type_text(self.new, &b.item));
                if a != b {
                    self.push(Class::Major, format!("pages of `{b}` instead of `{a}`"));
                }
            }
            (None, None) => {}
        }
        match (&old.deprecated, &new.deprecated) {
            (None, Some(_)) => self.push(Class::Minor, "deprecated".into()),
            (Some(_), None) => self.push(Class::Patch, "no longer deprecated".into()),
            _ => {}
        }
        if old.http_method != new.http_method || old.path != new.path {
            self.push(
                Class::Patch,
                format!(
                    "sends `{} {}` instead of `{} {}`",
                    new.http_method.to_uppercase(),
                    new.path,
                    old.http_method.to_uppercase(),
                    old.path
                ),
            );
        }
        if old.authenticated != new.authenticated {
            let how = if new.authenticated {
                "sends"
            } else {
                "no longer sends"
            };
            self.push(Class::Patch, format!("{how} credentials"));
        }
        if text_changed(old.summary.as_deref(), new.summary.as_deref())
            || text_changed(old.description.as_deref(), new.description.as_deref())
        {
            self.push(Class::Patch, "docs changed".into());
        }
    }

    fn inputs(&mut self, old: &Operation, new: &Operation) {
        let (a, b) = (inputs(self.old, old), inputs(self.new, new));
        for (key, input) in &b {
            let Some(was) = a.get(key) else {
                let (class, kind) = if input.argument {
                    (Class::Major, "required argument")
                } else {
                    (Class::Minor, "optional setter")
                };
                self.push(class, format!("gains {kind} `{}`", input.rust_name));
                continue;
            };
            let name = &input.rust_name;
            if was.rust_name != input.rust_name {
                self.push(Class::Major, format!("`{}` is now `{name}`", was.rust_name));
            }
            if was.argument != input.argument {
                let message = if input.argument {
                    format!("`{name}` becomes a required argument (was a setter)")
                } else {
                    format!("`{name}` becomes an optional setter (was an argument)")
                };
                self.push(Class::Major, message);
            }
            if was.ty != input.ty {
                self.push(
                    Class::Major,
                    format!("`{name}` takes `{}` instead of `{}`", input.ty, was.ty),
                );
            }
            match (was.deprecated, input.deprecated) {
                (false, true) => self.push(Class::Minor, format!("`{name}` deprecated")),
                (true, false) => self.push(Class::Patch, format!("`{name}` no longer deprecated")),
                _ => {}
            }
            if text_changed(was.doc.as_deref(), input.doc.as_deref()) {
                self.push(Class::Patch, format!("docs of `{name}` changed"));
            }
        }
        for (key, input) in &a {
            if !b.contains_key(key) {
                let kind = if input.argument { "argument" } else { "setter" };
                self.push(Class::Major, format!("loses {kind} `{}`", input.rust_name));
            }
        }
        // Arguments are positional: the ones both sides have must keep their order.
        let order =
            |side: &BTreeMap<String, Input>, other: &BTreeMap<String, Input>, op: &Operation| {
                argument_keys(op)
                    .into_iter()
                    .filter(|k| side.get(k).is_some_and(|i| i.argument))
                    .filter(|k| other.get(k).is_some_and(|i| i.argument))
                    .collect::<Vec<_>>()
            };
        if order(&a, &b, old) != order(&b, &a, new) {
            self.push(Class::Major, "arguments in a different order".into());
        }
    }

    fn success(&mut self, old: &Operation, new: &Operation) {
        let returns = |api: &Api, op: &Operation| match &op.success.enum_name {
            Some(name) => name.clone(),
            None => payload_text(api, &op.success.payload()),
        };
        let (a, b) = (returns(self.old, old), returns(self.new, new));
        if a != b {
            self.push(Class::Major, format!("returns `{b}` instead of `{a}`"));
            return;
        }
        if new.success.enum_name.is_some() {
            // The success enum is exhaustive: callers match on it.
            self.cases(&old.success.cases, &new.success.cases, &b, Class::Major);
        }
    }

    fn errors(&mut self, old: &Operation, new: &Operation) {
        if old.error_name != new.error_name {
            self.push(
                Class::Major,
                format!(
                    "error enum `{}` is now `{}`",
                    old.error_name, new.error_name
                ),
            );
        }
        // Error enums are `#[non_exhaustive]`: a new variant is additive.
        self.cases(&old.errors, &new.errors, &new.error_name, Class::Minor);
    }

    fn cases(&mut self, old: &[Case], new: &[Case], owner: &str, added: Class) {
        for case in new {
            let Some(was) = old.iter().find(|c| c.status == case.status) else {
                self.push(added, format!("`{owner}::{}` added", case.variant));
                continue;
            };
            if was.variant != case.variant {
                self.push(
                    Class::Major,
                    format!(
                        "`{owner}::{}` is now `{owner}::{}`",
                        was.variant, case.variant
                    ),
                );
            }
            let (a, b) = (
                payload_text(self.old, &was.payload),
                payload_text(self.new, &case.payload),
            );
            if a != b || was.boxed != case.boxed {
                self.push(
                    Class::Major,
                    format!("`{owner}::{}` holds `{b}` instead of `{a}`", case.variant),
                );
            }
        }
        for case in old {
            if !new.iter().any(|c| c.status == case.status) {
                self.push(Class::Major, format!("`{owner}::{}` removed", case.variant));
            }
        }
    }
}

fn payload_text(api: &Api, payload: &Payload) -> String {
    match payload {
        Payload::Empty => "()".to_owned(),
        Payload::Json(ty) => type_text(api, ty),
        Payload::Text => "String".to_owned(),
        Payload::Binary => "Bytes".to_owned(),
    }
}

/// The inputs' keys in the order the method takes them.
fn argument_keys(op: &Operation) -> Vec<String> {
    let mut keys: Vec<String> = op
        .parameters
        .iter()
        .map(|p| format!("{:?} {}", p.location, p.name))
        .collect();
    if let Some(body) = &op.body {
        match &body.encoding {
            BodyEncoding::Multipart(fields) => {
                keys.extend(fields.iter().map(|f| format!("part {}", f.name)));
            }
            _ => keys.push("body".to_owned()),
        }
    }
    keys
}

/// Every input by a key that stays put when only its Rust side changes:
/// parameters by location and wire name, multipart parts by name, the body.
fn inputs(api: &Api, op: &Operation) -> BTreeMap<String, Input> {
    let mut out = BTreeMap::new();
    for p in &op.parameters {
        out.insert(
            format!("{:?} {}", p.location, p.name),
            Input {
                rust_name: p.rust_name.clone(),
                ty: type_text(api, &p.ty),
                argument: p.argument,
                deprecated: p.deprecated,
                doc: p.doc.clone(),
            },
        );
    }
    let Some(body) = &op.body else {
        return out;
    };
    let whole = |ty: String| Input {
        rust_name: "body".to_owned(),
        ty,
        argument: body.required,
        deprecated: false,
        doc: body.doc.clone(),
    };
    match &body.encoding {
        BodyEncoding::Json(ty) | BodyEncoding::Form(ty) => {
            out.insert("body".to_owned(), whole(type_text(api, ty)));
        }
        BodyEncoding::Text => {
            out.insert("body".to_owned(), whole("String".to_owned()));
        }
        BodyEncoding::Binary => {
            out.insert("body".to_owned(), whole("Bytes".to_owned()));
        }
        BodyEncoding::Multipart(fields) => {
            for f in fields {
                let ty = match f.file {
                    FileKind::One => "FilePart".to_owned(),
                    FileKind::Many => "Vec<FilePart>".to_owned(),
                    FileKind::No => type_text(api, &f.ty),
                };
                out.insert(
                    format!("part {}", f.name),
                    Input {
                        rust_name: f.rust_name.clone(),
                        ty,
                        argument: f.required,
                        deprecated: false,
                        doc: f.doc.clone(),
                    },
                );
            }
        }
    }
    out
}
