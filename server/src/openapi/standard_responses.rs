//! The answers every operation can give because of how it is served, not what it does: the
//! extractors' and the framework's errors. Each handler documents its own outcomes; this adds,
//! to every operation of the built spec, the ones its shape implies, so none is forgotten:
//!
//! - a JSON body (read by `JsonBody`): 400 malformed JSON, 413 too large, 415 not JSON, 422 wrong
//!   shape;
//! - a path parameter (every one is a UUID): 400 `invalid_path`;
//! - a query parameter: 400 `invalid_query`;
//! - credentials required: 401;
//! - always: 405 for a method the path doesn't have, and 500.
//!
//! Each is a shared response under `components/responses`, referenced where it applies; a status
//! the handler already documents keeps the handler's own, more precise description.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

/// (status, component name, description) of every standard answer.
const STANDARD: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "The request is malformed: JSON that doesn't parse (`malformed_json`), a path id that \
         isn't a UUID (`invalid_path`), a query parameter out of range (`invalid_query`), or an \
         invalid field; `field` names it",
    ),
    (
        "401",
        "Unauthenticated",
        "No valid session or API key (`unauthenticated`, `invalid_api_key`)",
    ),
    (
        "405",
        "MethodNotAllowed",
        "The path exists but not with this method (`method_not_allowed`); `Allow` lists the \
         methods it has",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body is larger than the 256 KiB a request may carry (`payload_too_large`)",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body isn't sent as `Content-Type: application/json` (`unsupported_media_type`)",
    ),
    (
        "422",
        "InvalidBody",
        "The body is JSON of the wrong shape (`invalid_body`: a missing field, a wrong type) or \
         a field's value is invalid; `field` names it",
    ),
    (
        "500",
        "InternalError",
        "Something failed on Loquent's side (`internal_error`); the cause is logged with the \
         request's `X-Request-Id`",
    ),
];

/// Adds the shared responses to `components` and references them from every operation.
pub fn add(spec: &mut OpenApi) {
    let components = spec.components.get_or_insert_with(Default::default);
    for (_, name, description) in STANDARD {
        components.responses.insert((*name).to_owned(), RefOr::T(error_response(description)));
    }
    for item in spec.paths.paths.values_mut() {
        let operations =
            [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            for status in implied_statuses(operation) {
                let Some((_, name, _)) = STANDARD.iter().find(|(s, _, _)| *s == status) else {
                    continue;
                };
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
            }
        }
    }
}

/// The statuses an operation's shape implies.
fn implied_statuses(operation: &Operation) -> Vec<&'static str> {
    let mut statuses = vec!["405", "500"];
    let params = operation.parameters.as_deref().unwrap_or_default();
    let has = |place: ParameterIn| params.iter().any(|p| p.parameter_in == place);
    let json_body = operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.content.contains_key("application/json"));
    if json_body {
        statuses.extend(["400", "413", "415", "422"]);
    }
    if has(ParameterIn::Path) || has(ParameterIn::Query) {
        statuses.push("400");
    }
    // `security: []` marks a public operation; one without credentials answers 401.
    let public = operation.security.as_ref().is_some_and(|s| s.iter().all(is_empty_requirement));
    if operation.security.is_some() && !public {
        statuses.push("401");
    }
    statuses
}

fn is_empty_requirement(requirement: &utoipa::openapi::security::SecurityRequirement) -> bool {
    serde_json::to_value(requirement).is_ok_and(|v| v.as_object().is_some_and(|m| m.is_empty()))
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
        )
        .build()
}
