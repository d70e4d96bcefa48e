//! Webhooks (`webhooks`, or the `x-webhooks` extension 3.0 documents use):
//! requests the API sends to subscribers. The client does not send them, but
//! a subscriber needs their payload types.

use openapiv3::{ReferenceOr, Schema};

use super::Warning;
use super::naming::{self, Scope};
use super::types::Types;
use crate::error::{Error, InvalidKind, Result, WarningKind, pointer_push};
use crate::ir::Webhook;
use crate::load::Spec;

/// The payload type of every webhook, by name.
pub fn lower(spec: &Spec, types: &mut Types<'_>) -> Result<Vec<Webhook>> {
    let mut out = Vec::new();
    let mut names = Scope::default();
    for section in ["webhooks", "x-webhooks"] {
        let Some(serde_json::Value::Object(hooks)) = spec.raw.get(section) else {
            continue;
        };
        for (name, item) in hooks {
            let pointer = pointer_push(&format!("/{section}"), name);
            // Only the payload matters here; read it straight from the JSON
            // rather than demand a complete operation (responses and all).
            let found = ["post", "put", "patch"].into_iter().find_map(|method| {
                let op = item.get(method)?;
                let (media_type, media) = op
                    .get("requestBody")?
                    .get("content")?
                    .as_object()?
                    .iter()
                    .next()?;
                Some((method, op, media_type.clone(), media.get("schema")?.clone()))
            });
            let Some((method, op, media_type, schema)) = found else {
                types.warnings.push(Warning {
                    kind: WarningKind::WebhookWithoutBody,
                    location: spec.locate(&pointer),
                    message: format!(
                        "webhook `{name}` has no request body schema; no payload type is generated"
                    ),
                });
                continue;
            };
            let at = pointer_push(
                &pointer_push(
                    &pointer_push(&pointer_push(&pointer, method), "requestBody"),
                    "content",
                ),
                &media_type,
            );
            let schema: ReferenceOr<Schema> =
                serde_json::from_value(schema).map_err(|err| Error::Invalid {
                    kind: InvalidKind::NotOpenApi,
                    location: spec.locate(&pointer_push(&at, "schema")),
                    message: format!("not a valid schema: {err}"),
                })?;
            let lowered = types.lower(
                &schema,
                &format!("{name} payload"),
                &pointer_push(&at, "schema"),
            )?;
            let text = |key: &str| {
                op.get(key)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            };
            out.push(Webhook {
                type_name: names.claim(&naming::type_name(name)),
                name: name.clone(),
                payload: lowered.ty,
                doc: text("summary").or_else(|| text("description")),
            });
        }
    }
    out.sort_by(|a, b| a.type_name.cmp(&b.type_name));
    Ok(out)
}
