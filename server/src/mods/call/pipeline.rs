//! `process_recording`: download → store → transcribe → store → update the call → enqueue
//! enrichment, analysis, to-do extraction and the call report. Each step checks whether it's
//! already done, so a job that crashed half-way, or runs twice, downloads and transcribes once.
//!
//! A recording with one channel is transcribed whole, as text. One with a channel per party
//! (calls placed from the browser) is also fetched as two-channel WAV, and each party's
//! utterances are transcribed apart and merged into turns ([`super::transcript`]); the MP3 kept
//! for playback is Twilio's rendering of the same recording.

use bytes::Bytes;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use loquent_shared::CallDirection;
use loquent_shared::twilio::is_sid;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::recording_format::{self, RecordingFormat};
use super::transcript::{self, Transcript};
use super::{analyze, queries};
use crate::clients::twilio::{TwilioCredentials, error_codes};
use crate::db::schema::call;
use crate::jobs::{Job, queue};
use crate::mods::contact::enrich::EnrichContact;
use crate::mods::twilio::account;
use crate::mods::{report, todo};
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessRecording {
    pub call_id: Uuid,
    pub recording_sid: String,
    /// Twilio's `RecordingChannels`: 2 when each party has its own channel. Jobs queued before
    /// Loquent read it are mono.
    #[serde(default = "mono")]
    pub channels: u8,
}

fn mono() -> u8 {
    1
}

/// Where a call's recording (Twilio's MP3) and transcript live.
pub fn storage_keys(call_sid: &str) -> anyhow::Result<(String, String)> {
    recording_format::storage_keys(call_sid, RecordingFormat::Mp3)
}

pub async fn process_recording(state: &AppState, job: ProcessRecording) -> anyhow::Result<()> {
    if !is_sid(&job.recording_sid, "RE") {
        anyhow::bail!("invalid recording SID {:?}", job.recording_sid);
    }
    let mut conn = state.pool.get().await?;
    let Some(call) = queries::find_for_job(&mut conn, job.call_id).await? else {
        tracing::warn!(call_id = %job.call_id, "the call is gone; nothing to process");
        return Ok(());
    };
    process(state, conn, call, job).await
}

#[tracing::instrument(skip_all, fields(call_sid = %call.call_sid, org_id = %call.organization_id, channels = job.channels))]
async fn process(
    state: &AppState,
    mut conn: crate::db::Conn,
    call: queries::CallRow,
    job: ProcessRecording,
) -> anyhow::Result<()> {
    let (audio_key, transcript_key) = storage_keys(&call.call_sid)?;
    let mut creds: Option<TwilioCredentials> = None;

    let already_stored =
        call.recording_key.is_some() && call.recording_sid.as_deref() == Some(&job.recording_sid);
    if !already_stored {
        let creds = creds.insert(credentials(state, &mut conn, &call).await?);
        let audio = state.twilio.download_recording(creds, &job.recording_sid).await?;
        tracing::info!(bytes = audio.len(), "recording downloaded");
        state.store.put(&audio_key, audio).await?;
        diesel::update(call::table.find(call.id))
            .set((
                call::recording_sid.eq(&job.recording_sid),
                call::recording_url
                    .eq(state.twilio.recording_url(&creds.account_sid, &job.recording_sid)),
                call::recording_key.eq(&audio_key),
                // A new recording needs its own transcript.
                call::transcription.eq(None::<String>),
                call::transcript_turns.eq(None::<serde_json::Value>),
            ))
            .execute(&mut conn)
            .await?;
    }

    let needs_transcript = !already_stored || call.transcription.is_none();
    if needs_transcript {
        let by_party = match job.channels {
            2 => {
                let creds = match creds {
                    Some(creds) => creds,
                    None => credentials(state, &mut conn, &call).await?,
                };
                per_party(state, &creds, &call, &job.recording_sid).await?
            }
            _ => None,
        };
        let (text, turns) = match by_party {
            Some(Transcript { text, turns }) => (text, Some(serde_json::to_value(turns)?)),
            None => (whole(state, &audio_key).await?, None),
        };
        state.store.put(&transcript_key, Bytes::from(text.clone())).await?;
        diesel::update(call::table.find(call.id))
            .set((call::transcription.eq(&text), call::transcript_turns.eq(&turns)))
            .execute(&mut conn)
            .await?;
        tracing::info!(chars = text.len(), by_party = turns.is_some(), "recording transcribed");
    }

    // Enrichment, analysis and to-dos are separate jobs: one failing doesn't hold up the others.
    // The report waits for them (or gives up waiting) before it reads the call.
    let (call_id, run_key) = (call.id, job.recording_sid.clone());
    conn.transaction::<_, anyhow::Error, _>(async move |conn| {
        let enrich = Job::EnrichContact(EnrichContact { call_id });
        queue::enqueue(conn, &enrich, Some(format!("enrich_contact:{call_id}:{run_key}"))).await?;
        analyze::enqueue(conn, call_id, &run_key).await?;
        todo::extract::enqueue(conn, call_id, &run_key).await?;
        report::call_report::enqueue(conn, call_id, &run_key).await?;
        Ok(())
    })
    .await?;
    Ok(())
}

async fn credentials(
    state: &AppState,
    conn: &mut crate::db::Conn,
    call: &queries::CallRow,
) -> anyhow::Result<TwilioCredentials> {
    account::stored_credentials(state, conn, call.organization_id)
        .await
        .map_err(|e| anyhow::anyhow!("the organization's Twilio credentials: {e}"))
}

/// The stored recording transcribed in one piece: text without speakers.
async fn whole(state: &AppState, audio_key: &str) -> anyhow::Result<String> {
    let audio = state.store.get(audio_key).await?;
    Ok(state.llm.transcribe(&state.config.transcription_model, audio.to_vec(), audio_key).await?)
}

/// Each party's channel transcribed apart and merged into turns; `None` when Twilio says the
/// recording has one channel after all (then it's transcribed whole, as any mono recording).
async fn per_party(
    state: &AppState,
    creds: &TwilioCredentials,
    call: &queries::CallRow,
    recording_sid: &str,
) -> anyhow::Result<Option<Transcript>> {
    let wav = match state.twilio.download_recording_channels(creds, recording_sid).await {
        Ok(wav) => wav,
        Err(e) if e.code() == Some(error_codes::MONO_RECORDING) => {
            tracing::warn!(error = %e, "announced with two channels, but Twilio has one");
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(bytes = wav.len(), "two-channel recording downloaded");
    let direction = CallDirection::parse(&call.direction).unwrap_or(CallDirection::Inbound);
    let transcript = transcript::transcribe_channels(
        &state.llm,
        &state.config.transcription_model,
        &wav,
        transcript::speakers(direction),
        &call.call_sid,
    )
    .await?;
    Ok(Some(transcript))
}
