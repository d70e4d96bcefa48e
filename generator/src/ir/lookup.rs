//! Lookups into the IR by id and by name: what passes, the emitter, the
//! tests and tools over the IR (a diff of two APIs) use instead of walking
//! the type list themselves.

use super::{Api, Field, OneOf, Operation, StringEnum, Struct, TypeDef, TypeId, TypeKind, TypeRef};

impl Api {
    /// The named type `id` stands for.
    pub fn def(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.0)
    }

    /// The Rust name of a named type (empty for an id the API does not have,
    /// which lowering never hands out).
    pub fn type_name(&self, id: TypeId) -> &str {
        self.def(id).map_or("", |d| d.name.as_str())
    }

    /// The id of the type with this Rust name.
    pub fn type_id(&self, name: &str) -> Option<TypeId> {
        // Sorted by name, so a binary search finds it.
        self.types
            .binary_search_by(|d| d.name.as_str().cmp(name))
            .ok()
            .map(TypeId)
    }

    /// The type with this Rust name.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.type_id(name).and_then(|id| self.def(id))
    }

    /// `TypeRef::Named` of the type with this Rust name.
    pub fn named(&self, name: &str) -> Option<TypeRef> {
        self.type_id(name).map(TypeRef::Named)
    }

    /// The operation with this operationId, in any tag.
    pub fn operation(&self, operation_id: &str) -> Option<&Operation> {
        self.tags
            .iter()
            .flat_map(|t| &t.operations)
            .find(|op| op.operation_id == operation_id)
    }
}

impl TypeDef {
    /// The struct, if the type is one.
    pub fn as_struct(&self) -> Option<&Struct> {
        match &self.kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// The string enum, if the type is one.
    pub fn as_enum(&self) -> Option<&StringEnum> {
        match &self.kind {
            TypeKind::Enum(e) => Some(e),
            _ => None,
        }
    }

    /// The choice, if the type is one.
    pub fn as_one_of(&self) -> Option<&OneOf> {
        match &self.kind {
            TypeKind::OneOf(o) => Some(o),
            _ => None,
        }
    }
}

impl Struct {
    /// The field of a property, by its name on the wire.
    pub fn field(&self, json_name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.json_name == json_name)
    }
}

/// A struct with optional, plain fields, for tests of the passes over the IR.
#[cfg(test)]
pub(crate) fn struct_def(name: &str, fields: &[(&str, TypeRef)]) -> TypeDef {
    TypeDef {
        name: name.to_owned(),
        module: name.to_lowercase(),
        origin: super::Origin::default(),
        doc: None,
        deprecated: false,
        reached_by: Vec::new(),
        custom: Default::default(),
        kind: TypeKind::Struct(Struct {
            fields: fields
                .iter()
                .map(|(n, ty)| Field {
                    name: (*n).to_owned(),
                    json_name: (*n).to_owned(),
                    ty: ty.clone(),
                    required: false,
                    nullable: false,
                    boxed: false,
                    read_only: false,
                    deprecated: false,
                    doc: None,
                    default: None,
                })
                .collect(),
            additional: None,
            additional_name: "additional_properties".to_owned(),
            new_arguments: Vec::new(),
            default: true,
        }),
    }
}

/// An API of these types and nothing else, for tests of the passes.
#[cfg(test)]
pub(crate) fn api_of(types: Vec<TypeDef>) -> Api {
    Api {
        title: "t".to_owned(),
        version: "1".to_owned(),
        description: None,
        base_path: String::new(),
        server_url: None,
        default_server_url: None,
        types,
        tags: Vec::new(),
        webhooks: Vec::new(),
        tag_features: false,
        recursion_limit: None,
        security: Vec::new(),
        shared_errors: Vec::new(),
    }
}

/// A `GET /x` operation with no inputs whose one success returns `ty`, for
/// tests of the passes.
#[cfg(test)]
pub(crate) fn operation_returning(ty: TypeRef) -> Operation {
    use super::{Case, Payload, StatusMatch, Success};
    Operation {
        operation_id: "op".to_owned(),
        method_name: "op".to_owned(),
        builder_name: "OpRequest".to_owned(),
        error_name: "OpError".to_owned(),
        shared_error: None,
        http_method: "GET".to_owned(),
        path: "/x".to_owned(),
        summary: None,
        description: None,
        deprecated: None,
        parameters: Vec::new(),
        body: None,
        success: Success {
            cases: vec![Case {
                status: StatusMatch::Code(200),
                variant: "Ok".to_owned(),
                payload: Payload::Json(ty),
                doc: None,
                boxed: false,
            }],
            enum_name: None,
        },
        errors: Vec::new(),
        authenticated: false,
        pagination: None,
    }
}
