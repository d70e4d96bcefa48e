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
    /// Some of those attributes (on the type or a field) are `#[serde(...)]`:
    /// the struct's `Deserialize` is then derived, since the derive is what
    /// reads them, instead of going through the runtime's object reader.
    pub serde_attributes: bool,
    /// The user's type used instead (`my_crate::Account`): no model is
    /// emitted and every reference prints this path.
    pub replaced_by: Option<String>,
}
