//! Webhooks (`webhooks`, or the `x-webhooks` extension 3.0 documents use):
//! requests the API sends to subscribers. The client does not send them, but
//! a subscriber needs their payload types.

use super::Warning;
use super::naming::{self, Scope};
use super::types::Types;
use crate::error::{Result, WarningKind};
use crate::ir::Webhook;
use crate::load::Spec;

/// The payload type of every webhook, by name.
pub fn lower(spec: &Spec, types: &mut Types<'_>) -> Result<Vec<Webhook>> {
    let mut out = Vec::new();
    let mut names = Scope::default();
    for hook in &spec.webhooks {
        let Some((at, schema)) = &hook.payload else {
            types.warnings.push(Warning {
                kind: WarningKind::WebhookWithoutBody,
                location: spec.locate(&hook.pointer),
                message: format!(
                    "webhook `{}` has no request body schema; no payload type is generated",
                    hook.name
                ),
            });
            continue;
        };
        let lowered = types.lower(schema, &format!("{} payload", hook.name), at)?;
        out.push(Webhook {
            type_name: names.claim(&naming::type_name(&hook.name)),
            name: hook.name.clone(),
            payload: lowered.ty,
            doc: hook.doc.clone(),
        });
    }
    out.sort_by(|a, b| a.type_name.cmp(&b.type_name));
    Ok(out)
}
