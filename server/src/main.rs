//! `loquent`: the server binary. Thin: parses the command and calls the library.

use std::net::TcpListener;
use std::process::ExitCode;

use loquent_server::config::{Config, LogFormat};
use loquent_server::mods::demo::command::Mode;
use loquent_server::storage::RecordingStore;
use loquent_server::{app, db, openapi, telemetry};

const USAGE: &str = "\
Usage: loquent [COMMAND]

Commands:
  serve                        Migrate the database and serve (the default)
  migrate                      Apply pending database migrations and exit
  openapi [PATH]               Write the OpenAPI spec to PATH (default: stdout)
  seed-demo [--empty] EMAIL PASSWORD
                               Create the demo organization and owner (or reset the owner's
                               password) and, while the organization is empty, fill it with a
                               month of sample data; --empty: the login only
  simulate-call --server URL --account-sid AC… --auth-token TOKEN --from E164 --to E164
                --wav CALLER.wav [--out HEARD.wav] [--fast] [--linger-secs N]
                               Play Twilio against a Loquent server: one inbound call

Configuration comes from the environment and a .env file; see README.md.";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] | ["serve"] => serve().await,
        ["migrate"] => migrate().await,
        ["openapi"] => openapi::spec_json().map(|json| print!("{json}")),
        ["openapi", path] => write_spec(path),
        ["seed-demo", email, password] => seed_demo(email, password, Mode::Month).await,
        ["seed-demo", "--empty", email, password] => {
            seed_demo(email, password, Mode::LoginOnly).await
        }
        ["simulate-call", rest @ ..] => simulate_call(rest).await,
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "loquent failed");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn config() -> anyhow::Result<Config> {
    let config = Config::from_env()?;
    telemetry::init(config.log_format);
    Ok(config)
}

async fn serve() -> anyhow::Result<()> {
    let config = config()?;
    let listener = TcpListener::bind(config.bind)
        .map_err(|e| anyhow::anyhow!("binding {}: {e}", config.bind))?;
    let bind = config.bind;
    let running = app::serve(config, listener).await?;
    tracing::info!(%bind, "Loquent is serving");
    running.server.await?;
    Ok(())
}

async fn migrate() -> anyhow::Result<()> {
    let config = config()?;
    let applied = db::migrate::run_pending(&config.database_url).await?;
    tracing::info!(count = applied.len(), ?applied, "migrations applied");
    Ok(())
}

fn write_spec(path: &str) -> anyhow::Result<()> {
    // Only logging is configured here: generating the spec needs no database.
    telemetry::init(LogFormat::Text);
    std::fs::write(path, openapi::spec_json()?)?;
    eprintln!("wrote {path}");
    Ok(())
}

async fn seed_demo(email: &str, password: &str, mode: Mode) -> anyhow::Result<()> {
    let config = config()?;
    db::migrate::run_pending(&config.database_url).await?;
    let pool = db::create_pool(&config.database_url, 2)?;
    let store = RecordingStore::from_config(&config.recordings)?;
    let outcome = loquent_server::mods::demo::command::seed_demo(
        &pool, &store, &config, email, password, mode,
    )
    .await?;
    println!("{}", outcome.describe());
    Ok(())
}

async fn simulate_call(args: &[&str]) -> anyhow::Result<()> {
    telemetry::init(LogFormat::Text);
    let mut fast = false;
    let mut opts = std::collections::HashMap::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--fast" => fast = true,
            flag if flag.starts_with("--") => {
                let value = it.next().ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))?;
                opts.insert(flag.trim_start_matches("--"), *value);
            }
            other => anyhow::bail!("unexpected argument {other:?}\n\n{USAGE}"),
        }
    }
    let need = |k: &str| {
        opts.get(k).copied().ok_or_else(|| anyhow::anyhow!("--{k} is required\n\n{USAGE}"))
    };
    let wav = std::fs::read(need("wav")?).map_err(|e| anyhow::anyhow!("reading --wav: {e}"))?;
    let options = loquent_server::simulator::SimulateOptions {
        server: need("server")?.to_string(),
        account_sid: need("account-sid")?.to_string(),
        auth_token: need("auth-token")?.to_string(),
        from: need("from")?.to_string(),
        to: need("to")?.to_string(),
        audio: loquent_server::simulator::caller_audio_from_wav(&wav)?,
        real_time: !fast,
        linger: std::time::Duration::from_secs(
            opts.get("linger-secs").map(|s| s.parse()).transpose()?.unwrap_or(3),
        ),
    };
    let report = loquent_server::simulator::simulate_call(&options).await?;
    if let Some(out) = opts.get("out") {
        let pcm = loquent_server::audio::mulaw::decode(&report.heard);
        std::fs::write(out, loquent_server::audio::wav::write_mono(&pcm, 8000))?;
    }
    println!(
        "{}",
        serde_json::json!({
            "call_sid": report.call_sid,
            "streamed": report.twiml.contains("<Stream"),
            "frames_sent": report.frames_sent,
            "heard_ms": report.heard.len() / 8,
            "clears": report.clears,
            "marks_answered": report.marks_answered,
            "closed_by_server": report.closed_by_server,
        })
    );
    Ok(())
}
