//! A browser call's two-channel recording, transcribed per party: the recording webhook says
//! `RecordingChannels=2`, the job fetches the WAV with `RequestedChannels=2`, finds each
//! party's utterances and transcribes them apart, and the call gets speaker-labelled turns.
//! The fake OpenAI "hears" each tone as a sentence, so which clip is which doesn't depend on
//! the order the clips are sent in.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::{call, job};
use loquent_server::mods::call::pipeline::{ProcessRecording, process_recording};
use loquent_shared::{CallDetails, TranscriptSpeaker};
use loquent_tests::audio::{tone, wav};
use loquent_tests::client::json;
use loquent_tests::fakes::openai::FakeOpenAi;
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::{connect_own_twilio, eventually, post_signed};
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use uuid::Uuid;

const NUMBER: &str = "+14155550123";
const CALLEE: &str = "+14155550199";
const RATE: u32 = 8000;

/// What each tone is heard as: the member's two sentences on the left, the contact's on the
/// right.
const STAFF_HELLO: (f64, &str) = (440.0, "Hi, this is Sam from Loquent.");
const CONTACT_REPLY: (f64, &str) = (660.0, "Hi Sam, yes, Friday at ten works for me.");
const STAFF_BYE: (f64, &str) = (990.0, "Great, you're booked in. Bye!");

/// The MP3 Twilio serves for playback (its content doesn't matter here).
const MP3: &[u8] = b"ID3\x04\x00\x00\x00\x00\x00\x00 two-channel call";

struct BrowserCall {
    twilio: FakeTwilio,
    openai: FakeOpenAi,
    app: TestApp,
    owner: SignedIn,
    account_sid: String,
    token: String,
    call_id: Uuid,
    call_sid: String,
    recording_sid: String,
}

/// `secs` of a channel: quiet line noise, with a tone at 0.3 of full scale in each span.
fn channel(secs: f64, spans: &[(f64, f64, f64)]) -> Vec<i16> {
    let mut samples = vec![0i16; (secs * f64::from(RATE)) as usize];
    for &(hz, from, to) in spans {
        let start = (from * f64::from(RATE)) as usize;
        for (i, s) in tone(f64::from(RATE), hz, 0.3, to - from).into_iter().enumerate() {
            samples[start + i] = s;
        }
    }
    // Deterministic hiss at about −60 dBFS, as a quiet line has.
    let mut seed = 0x9e37_79b9_u32;
    for s in &mut samples {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *s = s.saturating_add((seed >> 16) as i16 % 40);
    }
    samples
}

/// Staff on the left (Twilio's inbound track: the browser), the contact on the right.
fn conversation() -> Vec<u8> {
    let staff = channel(5.5, &[(STAFF_HELLO.0, 0.5, 1.5), (STAFF_BYE.0, 3.8, 4.6)]);
    let contact = channel(5.5, &[(CONTACT_REPLY.0, 2.0, 3.2)]);
    wav(&[&staff, &contact], RATE)
}

/// A member's browser call to `CALLEE`, dialled and recorded as `POST /twilio/voice/outbound`
/// sets it up; its recording (given as `recording`) waits at Twilio.
async fn browser_call(recording: &[u8]) -> BrowserCall {
    let twilio = FakeTwilio::start().await;
    let openai = FakeOpenAi::start().await;
    for (hz, text) in [STAFF_HELLO, CONTACT_REPLY, STAFF_BYE] {
        openai.recognise_tone(hz, text);
    }
    let app = TestApp::spawn_with_fakes(&twilio, &openai, &[]).await;
    let owner = app.sign_up("Acme Dental").await;
    let (account_sid, token) = connect_own_twilio(&twilio, &owner, "Acme's own").await;
    app.insert_phone(&owner, NUMBER).await;
    let call_sid = format!("CA{}", Uuid::new_v4().simple());
    let client = format!("client:user_{}", owner.me.member.id);
    let application = format!("AP{}", Uuid::new_v4().simple());
    let params = [
        ("AccountSid", account_sid.as_str()),
        ("ApplicationSid", application.as_str()),
        ("CallSid", call_sid.as_str()),
        ("From", client.as_str()),
        ("Caller", client.as_str()),
        ("Direction", "inbound"),
        ("CallStatus", "ringing"),
        ("ApiVersion", "2010-04-01"),
        ("To", CALLEE),
        ("CallerId", NUMBER),
    ];
    let twiml = post_signed(&app, "/twilio/voice/outbound", &params, &token).await;
    assert_eq!(twiml.status(), StatusCode::OK);
    assert!(twiml.text().await.expect("TwiML").contains(r#"channels="dual""#));
    let mut conn = app.conn().await;
    let call_id: Uuid = call::table
        .filter(call::call_sid.eq(&call_sid))
        .select(call::id)
        .first(&mut conn)
        .await
        .expect("the outbound call");
    drop(conn);
    let recording_sid = twilio.add_recording_with_wav(&account_sid, MP3, recording);
    BrowserCall { twilio, openai, app, owner, account_sid, token, call_id, call_sid, recording_sid }
}

impl BrowserCall {
    async fn recording_webhook(&self, channels: &str) -> StatusCode {
        let params = [
            ("AccountSid", self.account_sid.as_str()),
            ("CallSid", self.call_sid.as_str()),
            ("RecordingSid", self.recording_sid.as_str()),
            ("RecordingUrl", "https://api.twilio.com/ignored"),
            ("RecordingStatus", "completed"),
            ("RecordingDuration", "6"),
            ("RecordingChannels", channels),
            ("RecordingSource", "StartCallRecordingTwiML"),
        ];
        post_signed(&self.app, "/twilio/recording", &params, &self.token).await.status()
    }

    async fn details(&self) -> CallDetails {
        let path = format!("/api/calls/{}", self.call_id);
        json(self.owner.client.get(&path).await, StatusCode::OK).await
    }

    async fn job(&self, kind: &str) -> Option<(String, i32, Option<String>)> {
        let mut conn = self.app.conn().await;
        job::table
            .filter(job::kind.eq(kind))
            .select((job::status, job::attempts, job::last_error))
            .first(&mut conn)
            .await
            .optional()
            .expect("jobs")
    }

    async fn recording_done(&self) -> bool {
        self.job("process_recording").await.is_some_and(|(status, _, _)| status == "done")
    }

    /// The `.wav` downloads Twilio saw, as `(path, query)`.
    fn wav_downloads(&self) -> Vec<(String, String)> {
        self.twilio
            .requests()
            .into_iter()
            .filter(|r| r.path.ends_with(".wav"))
            .map(|r| (r.path, r.query))
            .collect()
    }
}

#[tokio::test]
async fn a_two_channel_recording_becomes_speaker_labelled_turns() {
    let call = browser_call(&conversation()).await;

    assert_eq!(call.recording_webhook("2").await, StatusCode::NO_CONTENT);
    eventually(30, "the recording job", || call.recording_done()).await;

    let details = call.details().await;
    let turns = details.transcript_turns.clone().expect("turns");
    let summary: Vec<(TranscriptSpeaker, &str)> =
        turns.iter().map(|t| (t.speaker, t.text.as_str())).collect();
    assert_eq!(
        summary,
        [
            (TranscriptSpeaker::Staff, STAFF_HELLO.1),
            (TranscriptSpeaker::Contact, CONTACT_REPLY.1),
            (TranscriptSpeaker::Staff, STAFF_BYE.1),
        ]
    );
    for (turn, (start, end)) in turns.iter().zip([(0.5, 1.5), (2.0, 3.2), (3.8, 4.6)]) {
        assert!((turn.start_secs - start).abs() <= 0.1, "{turn:?} should start at {start}");
        assert!((turn.end_secs - end).abs() <= 0.1, "{turn:?} should end at {end}");
    }
    assert_eq!(
        details.transcription.as_deref(),
        Some(
            "Staff: Hi, this is Sam from Loquent.\n\
             Contact: Hi Sam, yes, Friday at ten works for me.\n\
             Staff: Great, you're booked in. Bye!"
        )
    );
    assert!(details.call.has_recording && details.call.has_transcription);
    // Fetched once as two-channel WAV with the organization's credentials; the MP3 is kept
    // for playback; each utterance was its own upload.
    let wav = call.wav_downloads();
    assert_eq!(wav.len(), 1, "{wav:?}");
    assert_eq!(wav[0].1, "RequestedChannels=2");
    let stored =
        std::fs::read(call.app.recordings_dir.path().join(format!("{}.mp3", call.call_sid)))
            .expect("stored mp3");
    assert_eq!(stored, MP3);
    let uploads: Vec<_> = call
        .openai
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/audio/transcriptions"))
        .collect();
    assert_eq!(uploads.len(), 3);
    assert!(uploads.iter().all(|u| {
        u.audio_filename.as_deref().is_some_and(|f| f.ends_with(".wav"))
            && u.model.as_deref() == Some("gpt-4o-transcribe")
    }));
    // Enrichment and analysis follow as for any call.
    eventually(20, "enrichment and analysis", || async {
        let (enrich, analyze) = (call.job("enrich_contact").await, call.job("analyze_call").await);
        [enrich, analyze].iter().all(|j| j.as_ref().is_some_and(|(s, _, _)| s == "done"))
    })
    .await;
}

#[tokio::test]
async fn running_the_job_again_transcribes_nothing_new() {
    let call = browser_call(&conversation()).await;
    assert_eq!(call.recording_webhook("2").await, StatusCode::NO_CONTENT);
    eventually(30, "the recording job", || call.recording_done()).await;
    let before = call.details().await;
    let uploads = call.openai.transcription_count();

    let job = ProcessRecording {
        call_id: call.call_id,
        recording_sid: call.recording_sid.clone(),
        channels: 2,
    };
    process_recording(&call.app.state, job).await.expect("the job, again");
    assert_eq!(call.recording_webhook("2").await, StatusCode::NO_CONTENT, "a retried webhook");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    assert_eq!(call.openai.transcription_count(), uploads);
    assert_eq!(call.wav_downloads().len(), 1);
    let after = call.details().await;
    assert_eq!(
        (after.transcription, after.transcript_turns),
        (before.transcription, before.transcript_turns)
    );
}

#[tokio::test]
async fn a_twilio_error_on_the_wav_download_leaves_the_job_to_retry() {
    let call = browser_call(&conversation()).await;
    let wav_path = format!("/Recordings/{}.wav", call.recording_sid);
    call.twilio.fail_next("GET", &wav_path, 503, 20503, "Service Unavailable");

    assert_eq!(call.recording_webhook("2").await, StatusCode::NO_CONTENT);

    eventually(20, "the failed attempt to be recorded", || async {
        call.job("process_recording").await.is_some_and(|(_, _, error)| error.is_some())
    })
    .await;
    let (_, attempts, error) = call.job("process_recording").await.expect("job");
    assert_eq!(attempts, 1);
    assert!(error.unwrap_or_default().contains("Service Unavailable"));
    let waiting = call.details().await;
    assert!(waiting.call.has_recording, "the MP3 is stored already");
    assert_eq!((waiting.transcription, waiting.transcript_turns), (None, None));
    assert_eq!(call.openai.transcription_count(), 0);

    // The retry (after its backoff) finishes the work, downloading the MP3 no second time.
    eventually(30, "the retry", || call.recording_done()).await;
    let (_, attempts, _) = call.job("process_recording").await.expect("job");
    assert_eq!(attempts, 2);
    assert_eq!(call.details().await.transcript_turns.map(|t| t.len()), Some(3));
    let mp3_downloads = call.twilio.requests().iter().filter(|r| r.path.ends_with(".mp3")).count();
    assert_eq!(mp3_downloads, 1);
}

#[tokio::test]
async fn a_recording_announced_with_two_channels_but_mono_at_twilio_is_transcribed_whole() {
    let mono = wav(&[&channel(3.0, &[(STAFF_HELLO.0, 0.5, 1.5)])], RATE);
    let call = browser_call(&mono).await;
    call.openai.set_transcript("The whole call as one text.");

    assert_eq!(call.recording_webhook("2").await, StatusCode::NO_CONTENT);
    eventually(30, "the recording job", || call.recording_done()).await;

    let details = call.details().await;
    assert_eq!(details.transcription.as_deref(), Some("The whole call as one text."));
    assert_eq!(details.transcript_turns, None);
    let uploads: Vec<_> = call
        .openai
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/audio/transcriptions"))
        .map(|r| r.audio_bytes)
        .collect();
    assert_eq!(uploads, [Some(MP3.len())], "the MP3, whole");
}

#[tokio::test]
async fn a_one_channel_callback_keeps_the_whole_recording_path() {
    let call = browser_call(&conversation()).await;
    call.openai.set_transcript("The whole call as one text.");

    assert_eq!(call.recording_webhook("1").await, StatusCode::NO_CONTENT);
    eventually(30, "the recording job", || call.recording_done()).await;

    let details = call.details().await;
    assert_eq!(details.transcription.as_deref(), Some("The whole call as one text."));
    assert_eq!(details.transcript_turns, None);
    assert!(call.wav_downloads().is_empty(), "no WAV fetched for a mono recording");
}

#[tokio::test]
async fn a_recording_channels_value_twilio_never_sends_is_refused() {
    let call = browser_call(&conversation()).await;

    assert_eq!(call.recording_webhook("3").await, StatusCode::BAD_REQUEST);

    assert_eq!(call.job("process_recording").await, None);
}
