//! The fake OpenAI-compatible API as a process, for the browser tests.
//!
//! `fake_openai [--port N]` answers transcriptions with the text spoken in
//! `tests/fixtures/call-recording.mp3`, names the caller when asked, finds two to-dos in every
//! call, and gives every analyzer a short finding; prints one JSON line `{"base_url", "api_key"}`, then serves until SIGTERM or
//! SIGINT.

use std::io::Write;

use loquent_tests::fakes::openai::FakeOpenAi;

const TRANSCRIPT: &str = "Agent: Acme Dental, how can I help? Caller: Hi, this is Grace Hopper. \
    I'd like to move my cleaning to Friday, please.";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let port = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => 0,
        [flag, n] if flag == "--port" => n.parse()?,
        _ => anyhow::bail!("usage: fake_openai [--port N]"),
    };
    let openai = FakeOpenAi::start_on_port(port).await?;
    openai.set_transcript(TRANSCRIPT);
    // First match wins: enrichment's instructions, then any analyzer's transcript.
    openai.respond_when(
        "extract who the caller is",
        r#"{"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"}"#,
    );
    // To-do extraction (its request has a transcript too, so before the analyzers').
    openai.respond_when(
        "list the follow-ups",
        r#"{"todos": [
            {"type": "Book appointment", "title": "Move Grace's cleaning to Friday",
             "description": "Grace asked to move her cleaning to Friday.", "due_hint": "Friday",
             "email_subject": "", "email_body": ""},
            {"type": "Send information", "title": "Send Grace the cleaning prep instructions",
             "description": "She asked what to do before the cleaning.", "due_hint": null,
             "email_subject": "Before your cleaning",
             "email_body": "Hello Grace,\n\nPlease arrive ten minutes early.\n\nAcme Dental"}
        ]}"#,
    );
    openai.respond_when(
        "Transcript:",
        "Reschedule request: the caller wants to move a cleaning to Friday.",
    );

    let ready = serde_json::json!({ "base_url": openai.base_url, "api_key": openai.api_key });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{ready}")?;
    stdout.flush()?;
    drop(stdout);

    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = terminate.recv() => {}
        result = tokio::signal::ctrl_c() => result?,
    }
    openai.stop().await;
    Ok(())
}
