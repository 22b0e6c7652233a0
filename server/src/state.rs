//! What every handler can reach: the pool and the configuration.

use std::sync::Arc;

use crate::clients::llm::LlmClient;
use crate::clients::mail::Mailer;
use crate::clients::realtime::early::EarlySessions;
use crate::clients::twilio::TwilioClient;
use crate::config::Config;
use crate::crypto::SecretCipher;
use crate::db::{Conn, Pool};
use crate::error::ApiResult;
use crate::storage::RecordingStore;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    /// Encrypts and decrypts secrets at rest.
    pub cipher: SecretCipher,
    pub twilio: TwilioClient,
    pub llm: LlmClient,
    /// Email: the SMTP server when one is configured, otherwise the outbox keeps it.
    pub mailer: Mailer,
    /// Recordings and transcripts.
    pub store: RecordingStore,
    /// Provider sessions the voice webhook opened, waiting for their media streams.
    pub early_sessions: Arc<EarlySessions>,
}

impl AppState {
    pub async fn conn(&self) -> ApiResult<Conn> {
        Ok(self.pool.get().await?)
    }
}
