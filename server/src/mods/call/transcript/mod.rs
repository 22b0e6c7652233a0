//! A transcript that knows who spoke, from a recording with one channel per party: each
//! channel's utterances are found ([`voice_activity`]), transcribed as clips of their own (a
//! few at a time), and merged by start time into turns ([`merge`]). The transcription model
//! needs no timestamps or diarisation of its own: who comes from the channel, when from the
//! clip's place in it.

pub mod merge;
pub mod voice_activity;

use futures_util::{StreamExt, TryStreamExt, stream};
use loquent_shared::{CallDirection, TranscriptSpeaker, TranscriptTurn};

use super::error::TranscriptError;
use crate::audio::wav;
use crate::clients::llm::LlmClient;
use merge::Heard;

/// Clips sent to transcription at once: enough to finish a long call in a fraction of its
/// length, few enough to stay clear of the API's rate limits.
const CONCURRENT_CLIPS: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    /// One line per turn, labelled (`Staff: …`): what analyzers and enrichment read.
    pub text: String,
    pub turns: Vec<TranscriptTurn>,
}

/// Who is on each channel of a two-channel recording. Twilio puts the call's inbound track
/// (what it receives from the leg it recorded) on the first channel and its outbound track
/// (what it plays to that leg) on the second. On a call placed from the browser that leg is
/// the member's, and the outbound track carries the person dialled; on a call to one of the
/// organization's numbers it is the caller's, and the outbound track carries the agent.
pub fn speakers(direction: CallDirection) -> [TranscriptSpeaker; 2] {
    match direction {
        CallDirection::Outbound => [TranscriptSpeaker::Staff, TranscriptSpeaker::Contact],
        CallDirection::Inbound => [TranscriptSpeaker::Contact, TranscriptSpeaker::Agent],
    }
}

/// Transcribes a two-channel PCM16 WAV, `speakers[i]` speaking on channel `i`. `name` prefixes
/// the clips' file names (the API wants one, with the format's extension).
pub async fn transcribe_channels(
    llm: &LlmClient,
    model: &str,
    recording: &[u8],
    speakers: [TranscriptSpeaker; 2],
    name: &str,
) -> Result<Transcript, TranscriptError> {
    let pcm = wav::read(recording)?;
    if pcm.channels.len() != 2 {
        return Err(TranscriptError::Channels(pcm.channels.len()));
    }
    let rate = pcm.rate;
    let clips: Vec<(TranscriptSpeaker, &[i16], voice_activity::Utterance)> = speakers
        .into_iter()
        .zip(&pcm.channels)
        .flat_map(|(speaker, samples)| {
            voice_activity::utterances(samples, rate)
                .into_iter()
                .map(move |utterance| (speaker, samples.as_slice(), utterance))
        })
        .collect();
    tracing::info!(
        clips = clips.len(),
        secs = pcm.len() / rate as usize,
        "transcribing per channel"
    );

    let secs = |sample: usize| sample as f64 / f64::from(rate);
    // The futures are made first and only polled by the stream (a closure in the stream would
    // hide their `Send`-ness from the job worker's spawn); none runs before it is polled.
    let requests: Vec<_> = clips
        .into_iter()
        .enumerate()
        .map(|(n, (speaker, samples, utterance))| async move {
            let audio = wav::write_mono(&samples[utterance.clip.clone()], rate);
            let file = format!("{name}-{}-{n}.wav", speaker.label().to_ascii_lowercase());
            let text = llm.transcribe(model, audio, &file).await?;
            Ok::<_, TranscriptError>(Heard {
                speaker,
                start_secs: secs(utterance.voice.start),
                end_secs: secs(utterance.voice.end),
                text,
            })
        })
        .collect();
    let heard: Vec<Heard> =
        stream::iter(requests).buffer_unordered(CONCURRENT_CLIPS).try_collect().await?;

    let turns = merge::merge(heard);
    Ok(Transcript { text: merge::as_text(&turns), turns })
}
