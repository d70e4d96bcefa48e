//! Analyses over the IR: passes that answer reachability questions from one
//! graph of type references, built once by [`Graph::of`] through
//! [`visit`]. Lowering runs them all ([`run`]) and stores what
//! they decide in the IR, so the emitter (and `list`, and a diff of two APIs)
//! reads the answers instead of walking the types again.
//!
//! - [`cycles`]: which fields and variants are boxed (types on a cycle of
//!   inline containment), and alias chains that never reach a value;
//! - [`reach`]: which tags' operations reach each type (cargo features, `list`);
//! - [`depth`]: the `recursion_limit` the crate needs;
//! - [`scalar`]: which parameters are one scalar value.

pub mod cycles;
pub mod depth;
pub mod reach;
pub mod scalar;

use super::visit::{self, Slot};
use super::{Api, TypeId};
use crate::error::Result;

/// The references between named types, by [`TypeId`] index.
pub struct Graph {
    /// Every named type each type's slots mention, through containers, in
    /// slot order (repeats kept: they are few and harmless).
    pub uses: Vec<Vec<TypeId>>,
    /// The named types each type holds inline (a field, variant or alias
    /// whose type is the named type itself, not a `Vec` or map of it).
    pub inline: Vec<Vec<TypeId>>,
}

impl Graph {
    /// The graph of an API's named types.
    pub fn of(api: &Api) -> Self {
        let mut uses = Vec::with_capacity(api.types.len());
        let mut inline = Vec::with_capacity(api.types.len());
        for def in &api.types {
            let mut all = Vec::new();
            let mut direct = Vec::new();
            visit::type_slots(def, |ty, slot: Slot| {
                ty.for_each_named(&mut |id| all.push(id));
                if slot.inline()
                    && let Some(id) = ty.direct()
                {
                    direct.push(id);
                }
            });
            uses.push(all);
            inline.push(direct);
        }
        Self { uses, inline }
    }
}

/// Runs every analysis and records the results in the IR. Boxing comes
/// before depth, which counts the boxes.
pub fn run(api: &mut Api) -> Result<()> {
    let graph = Graph::of(api);
    cycles::check_alias_cycles(api)?;
    cycles::box_cycles(api, &graph);
    scalar::mark_parameters(api);
    reach::record(api, &graph);
    api.tag_features = api.tags.len() > 1;
    api.recursion_limit = depth::recursion_limit(api);
    Ok(())
}
