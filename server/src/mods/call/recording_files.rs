//! A call's stored files, the recording and its transcript, under the keys
//! [`recording_format::storage_keys`] derives from the CallSid: written for recordings Loquent
//! makes itself (the demo workspace's), removed when calls are deleted.

use bytes::Bytes;

use super::queries::DeletedCall;
use super::recording_format::{self, RecordingFormat};
use crate::storage::RecordingStore;

/// Stores the call's recording and its transcript as the post-call pipeline does; the
/// recording's key, for the call's `recording_key`. Writing the same call's files again
/// overwrites them, so a retry is harmless.
pub async fn store(
    store: &RecordingStore,
    call_sid: &str,
    format: RecordingFormat,
    audio: Bytes,
    transcript: &str,
) -> anyhow::Result<String> {
    let (audio_key, transcript_key) = recording_format::storage_keys(call_sid, format)?;
    store.put(&audio_key, audio).await?;
    store.put(&transcript_key, Bytes::from(transcript.to_owned())).await?;
    Ok(audio_key)
}

/// Removes deleted calls' recordings and transcripts; how many files couldn't be removed
/// (each is logged). Run after the rows' transaction commits: a file left behind is only
/// space, while a row pointing at a removed file would be a broken player.
pub async fn remove(store: &RecordingStore, calls: &[DeletedCall]) -> usize {
    let mut failed = 0;
    for call in calls {
        // The transcript is stored only after a recording (so a call without one has neither).
        let Some(recording_key) = &call.recording_key else { continue };
        let mut keys = vec![recording_key.clone()];
        if let Ok((_, transcript_key)) =
            recording_format::storage_keys(&call.call_sid, RecordingFormat::of_key(recording_key))
        {
            keys.push(transcript_key);
        }
        for key in keys {
            if let Err(e) = store.delete(&key).await {
                tracing::warn!(%key, error = format!("{e:#}"), "a deleted call's file stayed");
                failed += 1;
            }
        }
    }
    failed
}
