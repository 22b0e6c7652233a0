//! The fake Twilio as a process, for tests that run Loquent as a process too (the browser tests).
//!
//! `fake_twilio [--port N]` (default 0: a free port) seeds a pool of numbers to buy and a
//! customer's own Twilio account holding three numbers and one finished call's recording (a real
//! MP3 of speech, `tests/fixtures/call-recording.mp3`), prints one JSON line with the base URL,
//! both accounts' credentials and the recording's SID, then serves until SIGTERM or SIGINT.

use std::io::Write;

use loquent_tests::fakes::twilio::FakeTwilio;

/// Numbers to search and buy: (E.164, locality, region).
const POOL: [(&str, &str, &str); 8] = [
    ("+14155550123", "San Francisco", "CA"),
    ("+14155550147", "San Francisco", "CA"),
    ("+14155550182", "San Francisco", "CA"),
    ("+12125550111", "New York", "NY"),
    ("+12125550164", "New York", "NY"),
    ("+12125550198", "New York", "NY"),
    ("+16465550125", "New York", "NY"),
    ("+16465550173", "New York", "NY"),
];

/// The customer's own numbers, still pointing at the provider they used before Loquent.
const BYO_NUMBERS: [(&str, &str); 3] = [
    ("+14155550101", "Front desk"),
    ("+14155550102", "After hours"),
    ("+12125550103", "NYC office"),
];
const BYO_VOICE_URL: &str = "https://handler.example.com/voice";
const RECORDING: &[u8] = include_bytes!("../../fixtures/call-recording.mp3");

fn port_from_args() -> anyhow::Result<u16> {
    let mut args = std::env::args().skip(1);
    let mut port = 0;
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--port=") {
            Some(value) => value.to_string(),
            None if arg == "--port" => {
                args.next().ok_or_else(|| anyhow::anyhow!("--port needs a value"))?
            }
            None => anyhow::bail!("unknown argument {arg:?} (usage: fake_twilio [--port N])"),
        };
        port = value.parse().map_err(|e| anyhow::anyhow!("--port {value:?}: {e}"))?;
    }
    Ok(port)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let port = port_from_args()?;
    let twilio = FakeTwilio::start_on_port(port).await?;
    for (number, locality, region) in POOL {
        twilio.add_available_number(number, locality, region);
    }
    let (byo_sid, byo_token) = twilio.add_account("Acme Dental (own account)");
    for (number, name) in BYO_NUMBERS {
        twilio.add_incoming_number(&byo_sid, number, name, Some(BYO_VOICE_URL));
    }
    let recording_sid = twilio.add_recording(&byo_sid, RECORDING);

    let ready = serde_json::json!({
        "base_url": twilio.base_url,
        "main_account_sid": twilio.main_account_sid,
        "main_auth_token": twilio.main_auth_token,
        "byo_account_sid": byo_sid,
        "byo_auth_token": byo_token,
        "byo_recording_sid": recording_sid,
    });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{ready}")?;
    stdout.flush()?;
    drop(stdout);

    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = terminate.recv() => {}
        result = tokio::signal::ctrl_c() => result?,
    }
    twilio.stop().await;
    Ok(())
}
