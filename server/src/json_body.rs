//! [`JsonBody<T>`]: a request's JSON body, as actix's `web::Json` reads it (content type, size
//! limit, malformed JSON: the same checks and errors), except that a body of the wrong shape
//! names the field at fault, e.g. `"field": "phones[0].number"`, which actix's extractor can't.

use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for JsonBody<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + Serialize + 'static> FromRequest for JsonBody<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = json.await?.into_inner();
            // Every request body is an object: serde would also read a struct from an array
            // (`[]` as a struct whose fields all have defaults), which the spec doesn't allow.
            if !value.is_object() {
                return Err(ApiError::InvalidBody {
                    message: "the body must be a JSON object".to_string(),
                    field: None,
                }
                .into());
            }
            let body: T = shaped(value)?;
            // PostgreSQL text can't hold U+0000: refused here, naming where, rather than failing
            // in whichever query first meets it (a sign-in's lookup, a rate-limit bucket). Only
            // in what the request carries: members the body has beyond its schema's are ignored,
            // as they are anywhere else.
            if let Some(field) =
                serde_json::to_value(&body).ok().and_then(|read| nul_at(&read, String::new()))
            {
                return Err(ApiError::InvalidBody {
                    message: format!("{field}: text may not contain the NUL character (U+0000)"),
                    field: Some(field),
                }
                .into());
            }
            Ok(JsonBody(body))
        })
    }
}

/// The path (as [`shaped`] names fields) to the first string or key holding U+0000.
fn nul_at(value: &serde_json::Value, path: String) -> Option<String> {
    match value {
        serde_json::Value::String(text) if text.contains('\0') => Some(path),
        serde_json::Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, item)| nul_at(item, format!("{path}[{i}]")))
        }
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            if key.contains('\0') { Some(here) } else { nul_at(item, here) }
        }),
        _ => None,
    }
}

/// The JSON document as `T`, or 422 `invalid_body` naming where it has the wrong shape.
pub fn shaped<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner().to_string();
        let field = field_at(&path, &inner);
        let message = match &field {
            Some(field) => format!("{field}: {inner}"),
            None => inner,
        };
        ApiError::InvalidBody { message, field }
    })
}

/// The field an error is about: the path to the value, or for a missing field (reported at the
/// object that lacks it) the path to where it should be. `None` for the document itself.
fn field_at(path: &str, message: &str) -> Option<String> {
    let parent = (path != ".").then_some(path);
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name);
    match (parent, missing) {
        (Some(parent), Some(name)) => Some(format!("{parent}.{name}")),
        (None, Some(name)) => Some(name.to_owned()),
        (parent, None) => parent.map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only the shape matters here")]
    struct Phone {
        number: String,
        #[serde(default)]
        is_preferred: bool,
    }

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only the shape matters here")]
    struct Input {
        name: String,
        #[serde(default)]
        phones: Vec<Phone>,
    }

    fn field_of(value: serde_json::Value) -> (Option<String>, String) {
        match shaped::<Input>(value) {
            Err(ApiError::InvalidBody { field, message }) => (field, message),
            other => panic!("expected invalid_body, got {other:?}"),
        }
    }

    #[test]
    fn a_wrong_type_names_its_path() {
        let (field, message) = field_of(json!({"name": "A", "phones": [{"number": 5}]}));
        assert_eq!(field.as_deref(), Some("phones[0].number"));
        assert!(message.starts_with("phones[0].number: invalid type"), "{message}");
        let (field, _) = field_of(json!({"name": 7}));
        assert_eq!(field.as_deref(), Some("name"));
    }

    #[test]
    fn a_missing_field_names_where_it_belongs() {
        assert_eq!(field_of(json!({})).0.as_deref(), Some("name"));
        let (field, _) = field_of(json!({"name": "A", "phones": [{"is_preferred": true}]}));
        assert_eq!(field.as_deref(), Some("phones[0].number"));
    }

    #[test]
    fn a_document_of_the_wrong_kind_names_no_field() {
        assert_eq!(field_of(json!("a string")).0, None);
    }

    #[test]
    fn a_good_body_reads() {
        assert!(shaped::<Input>(json!({"name": "A", "phones": [{"number": "+1"}]})).is_ok());
    }
}
