//! The OpenAPI spec is the contract: the committed file must equal what the server serves, and
//! every operation must document its errors.

use std::collections::HashSet;
use std::path::PathBuf;

use loquent_tests::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json")
}

#[tokio::test]
async fn the_committed_spec_is_the_served_spec() {
    let generated = loquent_server::openapi::spec_json().expect("generating the spec");
    let path = committed_path();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("writing openapi/openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `./dev openapi` and commit the result"
    );

    let app = TestApp::spawn().await;
    let res = app.client().get("/api/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let served: Value = res.json().await.expect("json");
    let committed: Value = serde_json::from_str(&committed).expect("committed spec is JSON");
    assert_eq!(served, committed);
}

#[test]
fn every_operation_is_named_tagged_and_documents_its_errors() {
    let spec: Value =
        serde_json::from_str(&loquent_server::openapi::spec_json().expect("spec")).expect("json");
    assert_eq!(spec["openapi"], "3.1.0");
    let public = [
        "sign_up",
        "log_in",
        "log_out",
        "request_password_reset",
        "reset_password",
        "confirm_email_change",
        "preview_invitation",
        "accept_invitation",
    ];
    let mut ids = HashSet::new();
    let paths = spec["paths"].as_object().expect("paths");
    assert!(!paths.is_empty());
    for (path, item) in paths {
        let webhook = path.starts_with("/twilio/");
        assert!(path.starts_with("/api/") || webhook, "{path}");
        for (method, op) in item.as_object().expect("path item") {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            assert!(ids.insert(id.to_string()), "duplicate operationId {id}");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{id} is not snake_case"
            );
            assert!(op["tags"].as_array().is_some_and(|t| !t.is_empty()), "{id}: no tag");
            let responses = op["responses"].as_object().expect("responses");
            assert!(
                responses.keys().any(|s| s.starts_with('2') || s == "101"),
                "{id}: no success response"
            );
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    let response = resolve(&spec, response);
                    let schema = &response["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/ErrorBody", "{id} {status}");
                }
            }
            for status in ["405", "500"] {
                assert!(responses.contains_key(status), "{id}: {status} not documented");
            }
            if op["requestBody"]["content"]["application/json"].is_object() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{id}: {status} not documented");
                }
            }
            if webhook {
                assert_eq!(op["tags"][0], "twilio_webhooks", "{id}");
                assert_eq!(op["security"][0]["twilio_signature"], serde_json::json!([]), "{id}");
                assert!(responses.contains_key("403"), "{id}: 403 not documented");
            } else if !public.contains(&id) {
                assert!(
                    op["security"].as_array().is_some_and(|s| !s.is_empty()),
                    "{id}: no security"
                );
                assert!(responses.contains_key("401"), "{id}: 401 not documented");
            }
        }
    }
}

/// A response, or the shared response a `$ref` names.
fn resolve<'a>(spec: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/responses/")) {
        Some(name) => &spec["components"]["responses"][name],
        None => response,
    }
}

/// Every `pattern` in the spec is one of `loquent_shared::patterns`, each of which a unit test
/// holds to its validator: an attribute that mistyped one can't slip through.
#[test]
fn every_pattern_is_a_checked_one() {
    let spec: Value =
        serde_json::from_str(&loquent_server::openapi::spec_json().expect("spec")).expect("json");
    let mut found = Vec::new();
    collect_patterns(&spec, &mut found);
    assert!(found.len() > 20, "patterns: {found:?}");
    let known: Vec<&str> = loquent_shared::patterns::ALL.to_vec();
    for pattern in found {
        let known = known.contains(&pattern.as_str()) || documented_elsewhere(&pattern);
        assert!(known, "{pattern} is not one of loquent_shared::patterns");
    }
}

/// Patterns written next to the one parameter they describe, and checked by that handler's
/// tests: opening hours, to-do statuses, page cursors.
fn documented_elsewhere(pattern: &str) -> bool {
    pattern.contains("[01][0-9]|2[0-3]")
        || pattern.starts_with("^(pending_review|")
        || pattern.starts_with("^(0|-?[1-9]")
}

fn collect_patterns(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(p)) = map.get("pattern") {
                found.push(p.clone());
            }
            map.values().for_each(|v| collect_patterns(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_patterns(v, found)),
        _ => {}
    }
}
