//! What `loquent seed-demo [--empty] EMAIL PASSWORD` does: the demo login (see
//! `organization::demo`), then, unless `--empty`, the month of sample data in its organization.

use std::time::{Duration, Instant};

use uuid::Uuid;

use super::seed::{self, Seeded};
use crate::config::Config;
use crate::db::Pool;
use crate::mods::organization::demo::ensure_demo_login;
use crate::storage::RecordingStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `--empty`: the organization and its owner's login only.
    LoginOnly,
    /// The login, and the month of sample data if the organization is empty.
    Month,
}

/// What the command did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub organization_id: Uuid,
    /// `None` with [`Mode::LoginOnly`].
    pub seeded: Option<Seeded>,
    /// The whole command, login included.
    pub elapsed: Duration,
}

pub async fn seed_demo(
    pool: &Pool,
    store: &RecordingStore,
    config: &Config,
    email: &str,
    password: &str,
    mode: Mode,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let organization_id = ensure_demo_login(pool, email, password).await?;
    let seeded = match mode {
        Mode::LoginOnly => None,
        Mode::Month => Some(seed::seed(pool, store, config, organization_id).await?),
    };
    Ok(Outcome { organization_id, seeded, elapsed: started.elapsed() })
}

impl Outcome {
    /// One line for the person who ran the command.
    pub fn describe(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        match &self.seeded {
            None => format!("Demo login ready; no sample data (--empty) ({secs:.2} s)"),
            Some(Seeded::Month(s)) => format!(
                "Demo workspace seeded: {} calls ({} answered), {} contacts, {} to-dos, {} \
                 recordings, {} outbox messages, 1 agent, {} numbers, {} analyzers in {:.2} s \
                 ({secs:.2} s with the login)",
                s.calls,
                s.answered,
                s.contacts,
                s.todos,
                s.recordings,
                s.mail.total(),
                s.numbers,
                s.analyzers,
                s.elapsed.as_secs_f64(),
            ),
            Some(Seeded::AlreadySeeded) => {
                format!("Demo workspace already holds its sample data ({secs:.2} s)")
            }
            Some(Seeded::Cleared) => format!(
                "Demo workspace: its sample data was cleared in Settings, so it isn't seeded \
                 again ({secs:.2} s)"
            ),
            Some(Seeded::HasData) => format!(
                "Demo workspace has data of its own, so no sample data was added ({secs:.2} s)"
            ),
        }
    }
}
