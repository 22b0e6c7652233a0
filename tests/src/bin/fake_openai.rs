//! The fake OpenAI-compatible API as a process, for the browser tests.
//!
//! `fake_openai [--port N]` answers transcriptions with the text spoken in
//! `tests/fixtures/call-recording.mp3`, names the caller when asked, and gives every analyzer a
//! short finding; prints one JSON line `{"base_url", "api_key"}`, then serves until SIGTERM or
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
