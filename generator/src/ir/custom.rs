//! What the settings file asked of one named type (extra derives,
//! attributes, a replacement), decided and validated by
//! [`crate::settings::apply`] so the emitter only prints it.

use std::collections::BTreeMap;

/// The settings' additions to a named type; empty for most types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Custom {
    /// Extra derives (paths such as `Hash` or `schemars::JsonSchema`), each
    /// checked to hold for every type the type contains.
    pub derives: Vec<String>,
    /// Attributes written above the item, as written in the settings.
    pub attributes: Vec<String>,
    /// Rust field name → attributes written above that field.
    pub field_attributes: BTreeMap<String, Vec<String>>,
    /// The user's type used instead (`my_crate::Account`): no model is
    /// emitted and every reference prints this path.
    pub replaced_by: Option<String>,
}

impl Custom {
    /// Some of the attributes (on the type or a field) are `#[serde(...)]`:
    /// the struct's serde impls are then derived, since the derives are what
    /// read them, instead of going through the runtime's `object` module.
    pub fn has_serde_attributes(&self) -> bool {
        self.attributes
            .iter()
            .chain(self.field_attributes.values().flatten())
            .any(|attr| is_serde(attr))
    }
}

/// `#[serde(...)]`, which only serde's derives read.
fn is_serde(attr: &str) -> bool {
    syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attr)
        .is_ok_and(|list| list.iter().any(|a| a.path().is_ident("serde")))
}
