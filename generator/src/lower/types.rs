//! The named types of one document as lowering builds them: component
//! names claimed up front, ids handed out as types are met, definitions by
//! id, and the renumbering into name order at the end.

use std::collections::{BTreeMap, HashMap, HashSet};

use openapiv3::{ReferenceOr, Schema};

use super::Warning;
use super::naming::{self, Scope};
use super::schemas::{Lowered, nullable};
use crate::error::{Error, InvalidKind, Location, Result, pointer_push};
use crate::ir::{Origin, TypeDef, TypeId, TypeKind, TypeRef};
use crate::load::Spec;
use crate::overlay::Overlay;

/// Builds the named types of one document.
pub struct Types<'a> {
    pub(super) spec: &'a Spec,
    pub(super) overlay: &'a Overlay,
    /// Component name → its type's id.
    pub(super) component_ids: BTreeMap<String, TypeId>,
    /// Components already lowered (or being lowered, which ends recursion).
    pub(super) started: HashSet<String>,
    pub(super) names: Scope,
    /// Rust names by id, in the order they were claimed (ids are renumbered
    /// in name order by [`Types::finish`]).
    pub(super) claimed: Vec<String>,
    /// Definitions by id; `None` until the type is lowered.
    pub(super) defs: Vec<Option<TypeDef>>,
    /// Inline types already named, by the pointer of their schema: a shared
    /// response or parameter reached from many operations is one type.
    pub(super) inline_named: HashMap<String, Lowered>,
    pub warnings: Vec<Warning>,
}

pub(super) const SCHEMAS: &str = "/components/schemas";

impl<'a> Types<'a> {
    pub fn new(spec: &'a Spec, overlay: &'a Overlay) -> Self {
        let mut names = Scope::default();
        let mut component_ids = BTreeMap::new();
        let mut claimed = Vec::new();
        if let Some(components) = &spec.openapi.components {
            // Sorted, so which of two colliding names gets the suffix does not
            // depend on document order.
            let mut keys: Vec<&String> = components.schemas.keys().collect();
            keys.sort();
            for key in keys {
                component_ids.insert(key.clone(), TypeId(claimed.len()));
                claimed.push(names.claim(&naming::model_name(key)));
            }
        }
        Self {
            spec,
            overlay,
            defs: vec![None; claimed.len()],
            component_ids,
            started: HashSet::new(),
            names,
            claimed,
            inline_named: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Lowers every component schema, reached or not (selection has already
    /// dropped the ones no operation reaches).
    pub fn lower_components(&mut self) -> Result<()> {
        let keys: Vec<String> = self.component_ids.keys().cloned().collect();
        for key in keys {
            self.component(&key)?;
        }
        Ok(())
    }

    /// All named types, sorted by name, and for each id handed out during
    /// lowering the id it has in that order.
    pub fn finish(self) -> (Vec<TypeDef>, Vec<TypeId>, Vec<Warning>) {
        let mut order: Vec<usize> = (0..self.defs.len()).collect();
        order.sort_by(|a, b| self.claimed.get(*a).cmp(&self.claimed.get(*b)));
        let mut renumber = vec![TypeId(usize::MAX); self.defs.len()];
        let mut slots: Vec<Option<TypeDef>> = self.defs;
        let mut defs = Vec::with_capacity(slots.len());
        for old in order {
            if let Some(def) = slots.get_mut(old).and_then(Option::take)
                && let Some(new) = renumber.get_mut(old)
            {
                *new = TypeId(defs.len());
                defs.push(def);
            }
        }
        (defs, renumber, self.warnings)
    }

    /// A new id for a type named `name` (already claimed in `names`).
    pub(super) fn new_id(&mut self, name: String) -> TypeId {
        let id = TypeId(self.claimed.len());
        self.claimed.push(name);
        self.defs.push(None);
        id
    }

    /// The Rust name an id was given.
    pub(super) fn name_of(&self, id: TypeId) -> &str {
        self.claimed.get(id.0).map_or("", String::as_str)
    }

    /// The definition of an id lowered so far.
    pub(super) fn def_of(&self, id: TypeId) -> Option<&TypeDef> {
        self.defs.get(id.0).and_then(Option::as_ref)
    }

    pub(super) fn component_schema(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.spec
            .component_by_key::<Schema>(key)
            .map(|(_, schema)| schema)
    }

    /// The component a `#/components/schemas/X` reference names.
    pub(super) fn component_key(&self, reference: &str, pointer: &str) -> Result<String> {
        let key = reference
            .strip_prefix("#/components/schemas/")
            .map(|k| k.replace("~1", "/").replace("~0", "~"))
            .filter(|k| self.component_ids.contains_key(k));
        key.ok_or_else(|| Error::Invalid {
            kind: InvalidKind::WrongComponent,
            location: self.spec.locate(pointer),
            message: format!("schema reference `{reference}` does not name a schema component"),
        })
    }

    /// Lowers one component schema into a named type; returns its id.
    pub(super) fn component(&mut self, key: &str) -> Result<TypeId> {
        let Some(&id) = self.component_ids.get(key) else {
            return Err(Error::Internal {
                message: format!("schema component `{key}` was not named before lowering"),
            });
        };
        if !self.started.insert(key.to_owned()) {
            return Ok(id);
        }
        let name = self.name_of(id).to_owned();
        let pointer = pointer_push(SCHEMAS, key);
        let Some(schema) = self.component_schema(key) else {
            return Ok(id);
        };
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                // The loader collapses pure aliases; what is left is a name for
                // another component.
                let target = self.component_key(reference, &pointer)?;
                let target_id = self.component(&target)?;
                self.define(
                    id,
                    &pointer,
                    None,
                    false,
                    TypeKind::Alias(TypeRef::Named(target_id)),
                );
                return Ok(id);
            }
        };
        self.note_repair(&pointer);
        let mut kind = self.named_kind(schema, &name, &pointer)?;
        self.apply_overlay(key, &mut kind)?;
        let doc = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        self.define(id, &pointer, doc, schema.schema_data.deprecated, kind);
        Ok(id)
    }

    /// Required properties the overlay says the server may leave out become
    /// optional; a name that matches nothing is an error, not a silent no-op.
    pub(super) fn apply_overlay(&self, key: &str, kind: &mut TypeKind) -> Result<()> {
        let Some(props) = self.overlay.absent.get(key) else {
            return Ok(());
        };
        let location = Location::new(&self.overlay.file, format!("/absent/{key}"));
        let TypeKind::Struct(s) = kind else {
            return Err(Error::Invalid {
                kind: InvalidKind::OverlayNotObject,
                location,
                message: format!(
                    "schema `{key}` is not an object, so none of its properties can be absent"
                ),
            });
        };
        for prop in props {
            match s.fields.iter_mut().find(|f| &f.json_name == prop) {
                Some(field) => field.required = false,
                None => {
                    return Err(Error::Invalid {
                        kind: InvalidKind::OverlayUnknownProperty,
                        location,
                        message: format!("schema `{key}` has no property `{prop}`"),
                    });
                }
            }
        }
        super::objects::decide_constructor(s);
        Ok(())
    }

    pub(super) fn define(
        &mut self,
        id: TypeId,
        pointer: &str,
        doc: Option<String>,
        deprecated: bool,
        kind: TypeKind,
    ) {
        let location = self.spec.locate(pointer);
        // Relative to the root's folder, so the text does not depend on where
        // the generator ran from.
        let base = self.spec.root.parent().unwrap_or(std::path::Path::new(""));
        let file = location.file.strip_prefix(base).unwrap_or(&location.file);
        let origin = Origin {
            file: file.to_string_lossy().replace('\\', "/"),
            pointer: location.pointer,
        };
        let name = self.name_of(id).to_owned();
        let Some(slot) = self.defs.get_mut(id.0) else {
            return;
        };
        *slot = Some(TypeDef {
            module: naming::module_name(&name),
            name,
            origin,
            doc,
            deprecated,
            kind,
            reached_by: Vec::new(),
            custom: Default::default(),
        });
    }

    /// Whether a component's own values include `null`.
    pub(super) fn component_nullable(&self, key: &str) -> bool {
        match self.component_schema(key) {
            Some(ReferenceOr::Item(schema)) => nullable(schema),
            _ => false,
        }
    }

    /// Reports what the loader repaired in this schema or replaced by a
    /// fallback.
    pub(super) fn note_repair(&mut self, pointer: &str) {
        self.warnings
            .extend(self.spec.notes(pointer).iter().cloned());
    }
}
