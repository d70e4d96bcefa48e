//! The Rust-API diff of two spec versions (issue 13): both sides are lowered
//! to the IR and the API the generator would emit from each is compared —
//! types matched by Rust name, fields by wire name, operations by
//! operationId — and every change gets the semver class it has for a crate
//! that depends on the generated one, given the shapes the emitter prints
//! (`#[non_exhaustive]` models with `new`, non-exhaustive enums, builders
//! with setters). No emitting, no compiling.

mod change;
mod operations;
mod render;
mod tags;
mod types;

pub use change::{Change, Class, Report};
pub use render::{json, markdown};

use crate::ir::Api;

/// Every change from `old` to `new`, in a fixed order (by section, then item).
pub fn compare(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    tags::compare(old, new, &mut changes);
    operations::compare(old, new, &mut changes);
    types::compare(old, new, &mut changes);
    changes.sort_by(|a, b| {
        (&a.section, &a.item, b.class, &a.message).cmp(&(&b.section, &b.item, a.class, &b.message))
    });
    changes.dedup();
    Report { changes }
}
