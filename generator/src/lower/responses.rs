//! Responses → success and error cases: one per declared status, the
//! payload each decodes into, and the variant names of their enums.

use openapiv3::{MediaType, ReferenceOr, Response, StatusCode};

use super::bodies::is_binary;
use super::naming::Scope;
use super::operations::{Operations, essence, is_json};
use crate::error::{Error, InvalidKind, Result, pointer_push};
use crate::ir::{Case, Payload, StatusMatch, Success, TypeRef};

impl Operations<'_, '_> {
    pub(super) fn responses(
        &mut self,
        op: &openapiv3::Operation,
        pointer: &str,
        type_base: &str,
    ) -> Result<(Success, Vec<Case>)> {
        let at = pointer_push(pointer, "responses");
        let mut successes = Vec::new();
        let mut errors = Vec::new();
        let mut success_variants = Scope::default();
        let mut error_variants = Scope::default();
        let declared = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => StatusMatch::Code(*c),
                    StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| (StatusMatch::Default, "default".to_owned(), r)),
            );
        let mut declared: Vec<_> = declared.collect();
        // Exact codes first, then ranges, then `default`: the order the
        // emitted `match` needs.
        declared.sort_by_key(|(status, _, _)| *status);
        for (status, key, response) in declared {
            let here = pointer_push(&at, &key);
            let success = match status {
                StatusMatch::Code(c) => (200..300).contains(&c),
                StatusMatch::Range(r) => r == 2,
                StatusMatch::Default => false,
            };
            let name = status_name(status);
            let hint = if success {
                format!("{type_base} response")
            } else {
                format!("{type_base} {key} response")
            };
            let shared = format!("{name} response");
            let (payload, doc) = self.response(response, &here, &hint, shared)?;
            let (list, variants) = if success {
                (&mut successes, &mut success_variants)
            } else {
                (&mut errors, &mut error_variants)
            };
            list.push(Case {
                status,
                variant: variants.claim(&name),
                payload,
                doc,
                // Decided once every type is known (`ir::analysis::variant_size`).
                boxed: false,
            });
        }
        let shared_payload = successes
            .first()
            .map(|c| c.payload.clone())
            .filter(|first| successes.iter().all(|c| &c.payload == first));
        let enum_name = match shared_payload {
            Some(_) => None,
            None if successes.is_empty() => None,
            // Not `...Response`: inline response bodies are named that way.
            None => Some(format!("{type_base}Success")),
        };
        Ok((
            Success {
                cases: successes,
                enum_name,
            },
            errors,
        ))
    }

    /// `hint` names an inline body schema of a response written in the
    /// operation; `shared_hint` one of a response component, which is named
    /// after the status it is used for, not after any one operation.
    pub(super) fn response(
        &mut self,
        response: &ReferenceOr<Response>,
        pointer: &str,
        hint: &str,
        shared_hint: String,
    ) -> Result<(Payload, Option<String>)> {
        let (response, hint, pointer) = match response {
            ReferenceOr::Item(r) => (r.clone(), hint.to_owned(), pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                match self.spec.component::<openapiv3::Response>(reference) {
                    Some((key, ReferenceOr::Item(r))) => (
                        r.clone(),
                        shared_hint,
                        pointer_push("/components/responses", key),
                    ),
                    _ => {
                        return Err(Error::Invalid {
                            kind: InvalidKind::WrongComponent,
                            location: self.spec.locate(pointer),
                            message: format!(
                                "response reference `{reference}` does not name a responses component"
                            ),
                        });
                    }
                }
            }
        };
        let doc = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
        let Some((media_type, media)) = pick_response_media(&response.content) else {
            return Ok((Payload::Empty, doc));
        };
        let at = pointer_push(
            &pointer_push(&pointer_push(&pointer, "content"), &media_type),
            "schema",
        );
        let essence = essence(&media_type);
        let binary_schema = matches!(&media.schema, Some(ReferenceOr::Item(s)) if is_binary(s));
        let payload = if binary_schema {
            Payload::Binary
        } else if is_json(&media_type) {
            match &media.schema {
                Some(schema) => Payload::Json(self.types.lower(schema, &hint, &at)?.ty),
                None => Payload::Json(TypeRef::Json),
            }
        } else if essence.starts_with("text/") {
            Payload::Text
        } else {
            Payload::Binary
        };
        Ok((payload, doc))
    }
}

/// Of several response media types, the one the client asks to decode: JSON
/// first, then the first declared.
fn pick_response_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(String, MediaType)> {
    content
        .iter()
        .find(|(k, _)| essence(k) == "application/json")
        .or_else(|| content.iter().find(|(k, _)| is_json(k)))
        .or_else(|| content.iter().next())
        .map(|(k, v)| (k.clone(), v.clone()))
}

/// A name for the statuses a case covers (`NotFound`, `ClientError`, `Default`).
fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => reason_variant(code),
        StatusMatch::Range(1) => "Informational".to_owned(),
        StatusMatch::Range(2) => "Success".to_owned(),
        StatusMatch::Range(3) => "Redirection".to_owned(),
        StatusMatch::Range(4) => "ClientError".to_owned(),
        StatusMatch::Range(5) => "ServerError".to_owned(),
        StatusMatch::Range(other) => format!("Status{other}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

/// Error enum variant for a status: its reason phrase (`NotFound`).
fn reason_variant(status: u16) -> String {
    let reason = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    reason.to_owned()
}
