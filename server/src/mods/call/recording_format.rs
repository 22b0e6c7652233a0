//! What a stored recording is: Twilio's MP3 (what the post-call pipeline downloads), or a WAV
//! Loquent wrote itself (the demo workspace's synthesized recordings). The storage key says
//! which, so the recording is served with its own content type.

use loquent_shared::twilio::is_sid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordingFormat {
    Mp3,
    Wav,
}

impl RecordingFormat {
    /// The format of the recording stored under `key`, by its extension; MP3 unless it says
    /// otherwise (every key the pipeline wrote ends in `.mp3`).
    pub fn of_key(key: &str) -> RecordingFormat {
        if key.ends_with(".wav") { RecordingFormat::Wav } else { RecordingFormat::Mp3 }
    }

    pub fn extension(self) -> &'static str {
        match self {
            RecordingFormat::Mp3 => "mp3",
            RecordingFormat::Wav => "wav",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            RecordingFormat::Mp3 => "audio/mpeg",
            RecordingFormat::Wav => "audio/wav",
        }
    }
}

/// Where a call's recording in `format` and its transcript live. The key comes from the
/// validated CallSid (`CA` + 32 hex digits) only, so no input can steer it elsewhere in the
/// store.
pub fn storage_keys(call_sid: &str, format: RecordingFormat) -> anyhow::Result<(String, String)> {
    if !is_sid(call_sid, "CA") {
        anyhow::bail!("refusing to derive a storage key from call SID {call_sid:?}");
    }
    Ok((format!("{call_sid}.{}", format.extension()), format!("{call_sid}.txt")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_the_format_and_the_format_is_read_back_from_them() {
        let sid = format!("CA{}", "0123456789abcdef".repeat(2));
        let (audio, text) = storage_keys(&sid, RecordingFormat::Wav).expect("a valid SID");
        assert_eq!(
            (audio.as_str(), text.as_str()),
            (&*format!("{sid}.wav"), &*format!("{sid}.txt"))
        );
        assert_eq!(RecordingFormat::of_key(&audio), RecordingFormat::Wav);
        let (audio, _) = storage_keys(&sid, RecordingFormat::Mp3).expect("a valid SID");
        assert_eq!(RecordingFormat::of_key(&audio).content_type(), "audio/mpeg");
        assert!(storage_keys("../etc/passwd", RecordingFormat::Wav).is_err());
    }
}
