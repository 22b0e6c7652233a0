//! A setup the service would refuse ends the session with 1007 and the service's words.

use serde_json::json;

use super::{CLOSE_INVALID, FakeGemini, SHORT, WAIT, connect, docs_setup};

/// Sends `setup` on a new connection and returns the close frame it gets.
async fn refusal_of(fake: &FakeGemini, setup: serde_json::Value) -> (u16, String) {
    let mut client = connect(fake).await;
    client.send(json!({"setup": setup})).await;
    client.closed().await
}

#[tokio::test]
async fn json_schema_parameters_are_refused_as_the_service_refuses_them() {
    let fake = FakeGemini::start().await;
    let mut setup = docs_setup("hi")["setup"].clone();
    setup["tools"][0]["functionDeclarations"][0]["parameters"]["additionalProperties"] =
        json!(false);
    let (code, reason) = refusal_of(&fake, setup).await;
    assert_eq!(code, CLOSE_INVALID);
    let full = "Invalid JSON payload received. Unknown name \"additionalProperties\" at \
                'setup.tools[0].function_declarations[0].parameters': Cannot find field.";
    // A close frame holds 123 bytes of reason: the service's is cut there too.
    assert!(full.starts_with(&reason) && reason.len() == 123, "{reason}");
    assert_eq!(fake.closed_with(0), Some((CLOSE_INVALID, reason)));
    assert_eq!(fake.wait_for_session(SHORT).await, None);

    let mut setup = docs_setup("hi")["setup"].clone();
    setup["tools"][0]["functionDeclarations"][0]["parameters"] =
        json!({"type": "OBJECT", "properties": {}});
    let (code, reason) = refusal_of(&fake, setup).await;
    assert_eq!(code, CLOSE_INVALID);
    assert_eq!(
        reason,
        "* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties: \
         should be non-empty for OBJECT type"
    );

    let mut setup = docs_setup("hi")["setup"].clone();
    setup["tools"][0]["functionDeclarations"][0]["parameters"]["type"] = json!("OBJECTS");
    assert_eq!(refusal_of(&fake, setup).await.0, CLOSE_INVALID, "not a Type");
}

#[tokio::test]
async fn enum_names_are_taken_in_any_case_as_google_parses_them() {
    let fake = FakeGemini::start().await;
    let mut client = connect(&fake).await;
    let mut setup = docs_setup("hi");
    setup["setup"]["tools"][0]["functionDeclarations"] = json!([
        {"name": "transfer_call", "parameters": {"type": "object",
            "properties": {"destination": {"type": "string"}}, "required": ["destination"]}},
    ]);
    client.send(setup).await;
    assert_eq!(client.recv().await, json!({"setupComplete": {}}), "lower-case types are accepted");
}

#[tokio::test]
async fn a_parameterless_function_and_the_services_options_are_accepted() {
    let fake = FakeGemini::start().await;
    let mut client = connect(&fake).await;
    let mut setup = docs_setup("hi");
    setup["setup"]["tools"][0]["functionDeclarations"] = json!([
        {"name": "end_call", "description": "Hangs up."},
        {"name": "transfer_call", "parameters": {"type": "OBJECT",
            "properties": {"destination": {"type": "STRING", "enum": ["Billing"]}},
            "required": ["destination"]}},
    ]);
    setup["setup"]["realtimeInputConfig"] = json!({"automaticActivityDetection": {
        "startOfSpeechSensitivity": "START_SENSITIVITY_HIGH",
        "endOfSpeechSensitivity": "END_SENSITIVITY_LOW",
        "prefixPaddingMs": 100, "silenceDurationMs": 700}});
    setup["setup"]["contextWindowCompression"] = json!({"slidingWindow": {}});
    setup["setup"]["sessionResumption"] = json!({});
    client.send(setup).await;
    assert_eq!(client.recv().await, json!({"setupComplete": {}}));
    assert_eq!(fake.wait_for_session(WAIT).await, Some(0));
    assert_eq!(fake.function_declarations(0).len(), 2);
}

#[tokio::test]
async fn vertex_only_and_unknown_options_are_refused() {
    let fake = FakeGemini::start().await;
    let mut setup = docs_setup("hi")["setup"].clone();
    setup["sessionResumption"] = json!({"transparent": true});
    let (code, reason) = refusal_of(&fake, setup).await;
    assert_eq!(code, CLOSE_INVALID);
    assert!(reason.contains("\"transparent\" at 'setup.session_resumption'"), "{reason}");

    let mut setup = docs_setup("hi")["setup"].clone();
    setup["realtimeInputConfig"] =
        json!({"automaticActivityDetection": {"startOfSpeechSensitivity": "HIGH"}});
    let (code, reason) = refusal_of(&fake, setup).await;
    assert_eq!(code, CLOSE_INVALID);
    assert!(reason.contains("automatic_activity_detection.start_of_speech"), "{reason}");

    let mut setup = docs_setup("hi")["setup"].clone();
    setup["contextWindowCompression"] = json!({"slidingWindow": {"targetTokens": "lots"}});
    assert_eq!(refusal_of(&fake, setup).await.0, CLOSE_INVALID);
}
