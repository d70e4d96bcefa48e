//! Applies [`Customize`] to a lowered API: renames, replacements,
//! attributes and derives land in the IR, each selector checked to match
//! something, so the emitter prints them without deciding anything.

use std::collections::BTreeSet;

use super::Customize;
use super::derives::{Checker, Trait, already_derived};
use crate::error::{Error, InvalidKind, Location, Result, Warning, WarningKind, pointer_push};
use crate::ir::{Api, TypeId, TypeKind};
use crate::lower::naming;

/// Every type of `api`, matched by `selector`: `*` for all, a JSON pointer
/// (`/components/schemas/Account`, `#` optional, or `file#pointer`), or a
/// schema or Rust type name.
fn select(api: &Api, selector: &str) -> Vec<TypeId> {
    if selector == "*" {
        return (0..api.types.len()).map(TypeId).collect();
    }
    let pointer = selector.strip_prefix('#').unwrap_or(selector);
    let by_name = naming::model_name(selector);
    api.types
        .iter()
        .enumerate()
        .filter(|(_, def)| {
            if pointer.starts_with('/') {
                def.origin.pointer == pointer
            } else if selector.contains('#') {
                def.origin.to_string() == selector
            } else {
                def.name == selector
                    || def.name == by_name
                    || def.origin.pointer == pointer_push("/components/schemas", selector)
            }
        })
        .map(|(i, _)| TypeId(i))
        .collect()
}

/// A field selector: `Type.property`, or a pointer ending in
/// `/properties/<name>`. Returns the type part and the property.
fn split_field(selector: &str) -> Option<(&str, &str)> {
    if let Some((ty, prop)) = selector.rsplit_once("/properties/") {
        return Some((ty, prop));
    }
    if selector.starts_with('/') || selector.starts_with('#') {
        return None;
    }
    selector.rsplit_once('.')
}

struct Ctx<'a> {
    custom: &'a Customize,
}

impl Ctx<'_> {
    fn at(&self, table: &str, key: &str) -> Location {
        let table: String = table
            .split('.')
            .fold(String::new(), |p, seg| pointer_push(&p, seg));
        Location::new(&self.custom.file, pointer_push(&table, key))
    }

    fn error(&self, kind: InvalidKind, table: &str, key: &str, message: String) -> Error {
        Error::Invalid {
            kind,
            location: self.at(table, key),
            message,
        }
    }

    fn types(&self, api: &Api, table: &str, selector: &str) -> Result<Vec<TypeId>> {
        let ids = select(api, selector);
        if ids.is_empty() {
            return Err(self.error(
                InvalidKind::SettingsUnknownType,
                table,
                selector,
                format!("`{selector}` matches no type of this API"),
            ));
        }
        Ok(ids)
    }
}

/// Applies the settings to `api`; warns about derives that cannot hold.
pub fn apply(api: &mut Api, custom: &Customize) -> Result<Vec<Warning>> {
    if custom.is_empty() {
        return Ok(Vec::new());
    }
    let cx = Ctx { custom };
    rename_operations(api, &cx)?;
    replace(api, &cx)?;
    attributes(api, &cx)?;
    let warnings = derives(api, &cx)?;
    rename_types(api, &cx)?;
    Ok(warnings)
}

fn check_path(cx: &Ctx<'_>, table: &str, key: &str, path: &str) -> Result<()> {
    syn::parse_str::<syn::Path>(path)
        .map(|_| ())
        .map_err(|err| {
            cx.error(
                InvalidKind::SettingsValue,
                table,
                key,
                format!("`{path}` is not a Rust path: {err}"),
            )
        })
}

fn check_ident(cx: &Ctx<'_>, table: &str, key: &str, name: &str) -> Result<()> {
    syn::parse_str::<syn::Ident>(name).map(|_| ()).map_err(|_| {
        cx.error(
            InvalidKind::SettingsValue,
            table,
            key,
            format!("`{name}` is not a Rust identifier"),
        )
    })
}

fn rename_operations(api: &mut Api, cx: &Ctx<'_>) -> Result<()> {
    const TABLE: &str = "rename.operations";
    for (id, method) in &cx.custom.rename_operations {
        check_ident(cx, TABLE, id, method)?;
        let builder = naming::type_name(method);
        let Some(tag) = api
            .tags
            .iter_mut()
            .find(|t| t.operations.iter().any(|op| &op.operation_id == id))
        else {
            return Err(cx.error(
                InvalidKind::SettingsUnknownOperation,
                TABLE,
                id,
                format!("`{id}` is not the operationId of an operation this selection generates"),
            ));
        };
        let clash = tag.operations.iter().any(|op| {
            &op.operation_id != id && (&op.method_name == method || op.builder_name == builder)
        });
        if clash {
            return Err(cx.error(
                InvalidKind::SettingsNameClash,
                TABLE,
                id,
                format!(
                    "another operation of tag `{}` is already named `{method}`",
                    tag.name
                ),
            ));
        }
        if let Some(op) = tag.operations.iter_mut().find(|op| &op.operation_id == id) {
            op.method_name.clone_from(method);
            op.error_name = format!("{builder}Error");
            op.builder_name = builder;
        }
        tag.operations
            .sort_by(|a, b| a.method_name.cmp(&b.method_name));
    }
    Ok(())
}

fn replace(api: &mut Api, cx: &Ctx<'_>) -> Result<()> {
    for (selector, path) in &cx.custom.replace {
        check_path(cx, "replace", selector, path)?;
        for id in cx.types(api, "replace", selector)? {
            if let Some(def) = api.types.get_mut(id.0) {
                def.custom.replaced_by = Some(path.clone());
            }
        }
    }
    Ok(())
}

fn attributes(api: &mut Api, cx: &Ctx<'_>) -> Result<()> {
    const TABLE: &str = "attributes";
    for (selector, attrs) in &cx.custom.attributes {
        for attr in attrs {
            let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attr);
            if !matches!(parsed, Ok(ref list) if !list.is_empty()) {
                return Err(cx.error(
                    InvalidKind::SettingsValue,
                    TABLE,
                    selector,
                    format!(
                        "`{attr}` is not an outer attribute such as `#[serde(deny_unknown_fields)]`"
                    ),
                ));
            }
        }
        let whole = select(api, selector);
        if !whole.is_empty() {
            for id in whole {
                if let Some(def) = api.types.get_mut(id.0) {
                    def.custom.attributes.extend(attrs.iter().cloned());
                }
            }
            continue;
        }
        let Some((ty, prop)) = split_field(selector) else {
            cx.types(api, TABLE, selector)?;
            continue;
        };
        let mut matched = false;
        for id in cx.types(api, TABLE, ty)? {
            let Some(def) = api.types.get_mut(id.0) else {
                continue;
            };
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            if let Some(field) = s
                .fields
                .iter()
                .find(|f| f.json_name == prop || f.name == prop)
            {
                matched = true;
                def.custom
                    .field_attributes
                    .entry(field.name.clone())
                    .or_default()
                    .extend(attrs.iter().cloned());
            }
        }
        if !matched {
            return Err(cx.error(
                InvalidKind::SettingsUnknownField,
                TABLE,
                selector,
                format!("`{ty}` has no property `{prop}`"),
            ));
        }
    }
    Ok(())
}

/// The types `roots` hold, themselves included, through fields, variants
/// and aliases; a replaced type is the user's and is not entered.
fn closure(api: &Api, roots: &[TypeId]) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeId> = roots.to_vec();
    while let Some(id) = stack.pop() {
        let Some(def) = api.def(id) else { continue };
        if def.custom.replaced_by.is_some() || !seen.insert(id) {
            continue;
        }
        crate::ir::visit::type_slots(def, |ty, _| ty.for_each_named(&mut |id| stack.push(id)));
    }
    seen
}

fn derives(api: &mut Api, cx: &Ctx<'_>) -> Result<Vec<Warning>> {
    const TABLE: &str = "derives";
    let mut warnings = Vec::new();
    let mut wanted: Vec<(TypeId, String)> = Vec::new();
    for (selector, paths) in &cx.custom.derives {
        let roots = cx.types(api, TABLE, selector)?;
        for path in paths {
            check_path(cx, TABLE, selector, path)?;
            let path = path.replace(' ', "");
            let mut checker = Checker::new(api);
            let mut valid = Vec::new();
            for root in &roots {
                let verdict = match Trait::of(&path) {
                    Some(trait_) => checker.named(*root, trait_),
                    None => Ok(()),
                };
                match verdict {
                    Ok(()) => valid.push(*root),
                    // Every type is asked for under `*`: the ones that
                    // cannot have it are the expected exceptions, but still
                    // named, so the user knows which ones lack it.
                    Err(why) => warnings.push(Warning {
                        location: cx.at(TABLE, selector),
                        kind: WarningKind::DeriveNotValid,
                        message: format!(
                            "`{}` does not derive `{path}`: {why}",
                            api.type_name(*root)
                        ),
                    }),
                }
            }
            wanted.extend(
                closure(api, &valid)
                    .into_iter()
                    .map(|id| (id, path.clone())),
            );
        }
    }
    for (id, path) in wanted {
        let Some(def) = api.types.get_mut(id.0) else {
            continue;
        };
        let all_optional = def
            .as_struct()
            .is_some_and(|s| s.fields.iter().all(|f| f.optional()));
        let built_in = already_derived(&def.kind, all_optional);
        let last = path.rsplit("::").next().unwrap_or(&path);
        let skip = matches!(def.kind, TypeKind::Alias(_))
            || built_in.contains(&last)
            || def.custom.derives.contains(&path);
        if !skip {
            def.custom.derives.push(path);
        }
    }
    for def in &mut api.types {
        def.custom.derives.sort();
    }
    Ok(warnings)
}

fn rename_types(api: &mut Api, cx: &Ctx<'_>) -> Result<()> {
    const TABLE: &str = "rename.types";
    if cx.custom.rename_types.is_empty() {
        return Ok(());
    }
    for (selector, name) in &cx.custom.rename_types {
        check_ident(cx, TABLE, selector, name)?;
        let ids = cx.types(api, TABLE, selector)?;
        let module = naming::module_name(name);
        let clash = api.types.iter().enumerate().any(|(i, def)| {
            !ids.contains(&TypeId(i)) && (&def.name == name || def.module == module)
        });
        if clash || ids.len() > 1 {
            return Err(cx.error(
                InvalidKind::SettingsNameClash,
                TABLE,
                selector,
                format!("the API already has a type named `{name}` (or `{selector}` matches more than one type)"),
            ));
        }
        for id in ids {
            if let Some(def) = api.types.get_mut(id.0) {
                def.name.clone_from(name);
                def.module = module.clone();
            }
        }
    }
    // The arena is sorted by name: move the renamed types to their place and
    // every reference with them.
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    order.sort_by(|a, b| {
        let name = |i: &usize| api.types.get(*i).map(|d| d.name.clone());
        name(a).cmp(&name(b))
    });
    let mut renumber = vec![TypeId(0); order.len()];
    for (new, old) in order.iter().enumerate() {
        if let Some(slot) = renumber.get_mut(*old) {
            *slot = TypeId(new);
        }
    }
    let mut old: Vec<Option<crate::ir::TypeDef>> = std::mem::take(&mut api.types)
        .into_iter()
        .map(Some)
        .collect();
    api.types = order
        .iter()
        .filter_map(|i| old.get_mut(*i).and_then(Option::take))
        .collect();
    crate::ir::visit::ids_mut(api, |id| {
        *id = renumber.get(id.0).copied().unwrap_or(*id);
    });
    Ok(())
}
