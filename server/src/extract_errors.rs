//! Extractor configuration: body size limits, and actix's extractor errors (bad JSON, wrong
//! content type, bad path or query parameters) answered in the JSON envelope.

use actix_web::error::InternalError;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError, UrlencodedError};
use actix_web::http::StatusCode;
use actix_web::web::{self, FormConfig, JsonConfig, PathConfig, QueryConfig};

use crate::error::ApiError;
use crate::known_routes::KnownRoutes;

/// Request bodies are small JSON documents; anything larger is a mistake or an attack.
pub const JSON_LIMIT_BYTES: usize = 256 * 1024;

pub fn json_config() -> JsonConfig {
    JsonConfig::default().limit(JSON_LIMIT_BYTES).error_handler(|err, _req| json_error(err).into())
}

pub fn path_config() -> PathConfig {
    PathConfig::default().error_handler(|err, req| {
        if let Some(response) =
            req.app_data::<web::Data<KnownRoutes>>().and_then(|known| known.method_not_allowed(req))
        {
            return InternalError::from_response(err, response).into();
        }
        let PathError::Deserialize(e) = &err else {
            return ApiError::bad_request("invalid_path", err.to_string()).into();
        };
        // Every path parameter is an id: the one that isn't a UUID is the one at fault.
        let bad = req.match_info().iter().find(|(_, value)| uuid::Uuid::parse_str(value).is_err());
        match bad {
            Some((name, value)) => ApiError::BadRequest {
                code: "invalid_path",
                message: format!("{name}: {value:?} is not a UUID"),
                field: Some(name.to_owned().into()),
            },
            None => ApiError::bad_request("invalid_path", format!("path: {e}")),
        }
        .into()
    })
}

pub fn query_config() -> QueryConfig {
    QueryConfig::default().error_handler(|err, _req| {
        let message = match &err {
            QueryPayloadError::Deserialize(e) => format!("query: {e}"),
            other => other.to_string(),
        };
        ApiError::bad_request("invalid_query", message).into()
    })
}

pub fn form_config() -> FormConfig {
    FormConfig::default().limit(JSON_LIMIT_BYTES).error_handler(|err, _req| {
        match err {
            UrlencodedError::ContentType => ApiError::Framework {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: "expected Content-Type: application/x-www-form-urlencoded".into(),
            },
            UrlencodedError::Overflow { .. } | UrlencodedError::UnknownLength => {
                ApiError::Framework {
                    status: StatusCode::PAYLOAD_TOO_LARGE,
                    code: "payload_too_large",
                    message: format!("the form body must be at most {JSON_LIMIT_BYTES} bytes"),
                }
            }
            other => ApiError::bad_request("malformed_form", other.to_string()),
        }
        .into()
    })
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::ContentType => ApiError::Framework {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: "expected Content-Type: application/json".into(),
        },
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::Framework {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                code: "payload_too_large",
                message: format!("the JSON body must be at most {JSON_LIMIT_BYTES} bytes"),
            }
        }
        // Well-formed JSON of the wrong shape (a missing field, a wrong type) names the field.
        // Only where a handler reads `web::Json` itself: `JsonBody` names the field.
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            ApiError::InvalidBody { message: e.to_string(), field: None }
        }
        JsonPayloadError::Deserialize(e) => {
            ApiError::bad_request("malformed_json", format!("the body is not valid JSON: {e}"))
        }
        other => ApiError::bad_request("malformed_json", other.to_string()),
    }
}

/// Codes for statuses actix produces on its own.
pub fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        s if s.is_server_error() => "internal_error",
        _ => "bad_request",
    }
}
