//! A few of the month's calls have a recording to play: synthesized now (see [`voice`]) as
//! WAV, the two parties' voices timed to the call's transcript, and stored where the call
//! module keeps recordings. They are written before the rows that point at them are
//! committed; writing them again (a seed that failed and runs again) overwrites the same keys
//! with the same bytes.

use bytes::Bytes;
use loquent_shared::TranscriptSpeaker;

use super::calls::PlannedCall;
use super::error::DemoError;
use super::ids;
use super::rng::Rng;
use super::voice::{self, Voice};
use crate::audio::wav;
use crate::mods::call::recording_files;
use crate::mods::call::recording_format::RecordingFormat;
use crate::storage::RecordingStore;

/// How many calls get a recording.
pub const RECORDINGS: usize = 5;
/// The longest call recorded first: short recordings keep the store and the seed small.
const LONGEST_SECS: i32 = 60;
/// The random streams the recordings draw from: call `n` uses `VOICE_STREAM + n`.
const VOICE_STREAM: u64 = 9_000;
/// The random streams the patients' voices draw from: person `n` uses `PATIENT_STREAM + n`.
const PATIENT_STREAM: u64 = 8_000;

const AGENT: Voice = Voice { pitch: 205.0, tract: 1.12 };
const STAFF: Voice = Voice { pitch: 150.0, tract: 1.04 };

/// The patient's voice: lower or higher by who they are, the same on every call.
fn patient(person: usize) -> Voice {
    let mut rng = Rng::new(PATIENT_STREAM + person as u64);
    if person.is_multiple_of(2) {
        Voice { pitch: 105.0 + rng.unit() * 30.0, tract: 0.95 + rng.unit() * 0.06 }
    } else {
        Voice { pitch: 185.0 + rng.unit() * 45.0, tract: 1.08 + rng.unit() * 0.08 }
    }
}

/// Which calls get a recording: the newest answered calls of at most a minute, or the
/// shortest answered ones if the month has too few of those.
pub fn choose(calls: &[PlannedCall]) -> Vec<usize> {
    let mut chosen: Vec<usize> = (0..calls.len())
        .rev()
        .filter(|&i| calls[i].answered() && calls[i].duration_secs <= LONGEST_SECS)
        .take(RECORDINGS)
        .collect();
    if chosen.len() < RECORDINGS {
        let mut rest: Vec<usize> =
            (0..calls.len()).filter(|i| calls[*i].answered() && !chosen.contains(i)).collect();
        rest.sort_by_key(|&i| calls[i].duration_secs);
        chosen.extend(rest.into_iter().take(RECORDINGS - chosen.len()));
    }
    chosen
}

/// The call as a mono WAV: each turn in its speaker's voice, as long as the call.
pub fn synthesize(call: &PlannedCall) -> Vec<u8> {
    let turns: Vec<(Voice, f64, f64)> = call
        .turns
        .iter()
        .map(|t| {
            let voice = match t.speaker {
                TranscriptSpeaker::Agent => AGENT,
                TranscriptSpeaker::Staff => STAFF,
                TranscriptSpeaker::Contact => patient(call.person),
            };
            (voice, t.start_secs, t.end_secs)
        })
        .collect();
    let mut rng = Rng::new(VOICE_STREAM + call.n as u64);
    let samples = voice::render(&mut rng, f64::from(call.duration_secs), &turns);
    wav::write_mono(&samples, voice::RATE)
}

/// Synthesizes and stores the chosen calls' recordings (and transcripts, as the pipeline
/// stores them), and notes each one's key and SID on its call; how many.
pub async fn store(store: &RecordingStore, calls: &mut [PlannedCall]) -> Result<usize, DemoError> {
    let chosen = choose(calls);
    for &i in &chosen {
        let Some(call) = calls.get_mut(i) else { continue };
        let audio = Bytes::from(synthesize(call));
        let transcript = call.transcription().unwrap_or_default();
        let key =
            recording_files::store(store, &call.call_sid, RecordingFormat::Wav, audio, &transcript)
                .await
                .map_err(|source| DemoError::Recording {
                    call_sid: call.call_sid.clone(),
                    source,
                })?;
        call.recording = Some((key, ids::sid("RE", call.id)));
    }
    Ok(chosen.len())
}
