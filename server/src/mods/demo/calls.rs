//! The month's calls: who called which number (or whom the clinic called), how the call ended,
//! how long it took and, for a call that was answered, what was said. Each call draws from its
//! own random stream, so what a call is doesn't depend on today's date; only when it happened
//! does.

use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncPgConnection;
use loquent_shared::{CallDirection, CallStatus, TranscriptTurn};
use uuid::Uuid;

use super::error::DemoError;
use super::ids::{self, Kind};
use super::people::Person;
use super::rng::Rng;
use super::scripts::{self, Fill, Script};
use super::setup::Setup;
use crate::mods::call;
use crate::mods::call::queries::CallAt;
use crate::mods::call::transcript::merge;

/// The random streams calls draw from: call `n` uses `CALL_STREAM + n`.
const CALL_STREAM: u64 = 1_000;

/// One call of the month.
#[derive(Debug, Clone)]
pub struct PlannedCall {
    pub n: usize,
    pub id: Uuid,
    pub call_sid: String,
    pub direction: CallDirection,
    pub status: CallStatus,
    /// The patient, by index into the people.
    pub person: usize,
    /// The clinic's number, by index into `setup::NUMBERS`.
    pub number: usize,
    pub started: DateTime<Utc>,
    pub ended: DateTime<Utc>,
    pub duration_secs: i32,
    /// What the call was about; its words only when it was answered.
    pub script: &'static Script,
    pub fill: Fill,
    /// Empty unless the call was answered.
    pub turns: Vec<TranscriptTurn>,
    /// The recording's key in the store and its SID, when one was made for the call.
    pub recording: Option<(String, String)>,
}

impl PlannedCall {
    pub fn answered(&self) -> bool {
        self.status == CallStatus::Completed
    }

    /// The transcript as the pipeline writes it for a recording with a channel per party.
    pub fn transcription(&self) -> Option<String> {
        self.answered().then(|| merge::as_text(&self.turns))
    }
}

/// How calls end, by direction, with their odds: nearly every call to the clinic is answered
/// (the agent is always there); a quarter of the calls it places go unanswered.
fn outcome(rng: &mut Rng, direction: CallDirection) -> CallStatus {
    let (statuses, odds): (&[CallStatus], &[f64]) = match direction {
        CallDirection::Inbound => (
            &[CallStatus::Completed, CallStatus::Canceled, CallStatus::Failed, CallStatus::Busy],
            &[0.94, 0.025, 0.02, 0.015],
        ),
        CallDirection::Outbound => (
            &[CallStatus::Completed, CallStatus::NoAnswer, CallStatus::Busy, CallStatus::Failed],
            &[0.62, 0.26, 0.08, 0.04],
        ),
    };
    statuses.get(rng.weighted(odds)).copied().unwrap_or(CallStatus::Completed)
}

/// The month's calls, one per start time (oldest first), among `people`.
pub fn plan(
    organization_id: Uuid,
    clinic: &str,
    people: &[Person],
    starts: &[DateTime<Utc>],
) -> Vec<PlannedCall> {
    let weights: Vec<f64> = people.iter().map(|p| p.weight).collect();
    starts
        .iter()
        .enumerate()
        .filter_map(|(n, started)| {
            let mut rng = Rng::new(CALL_STREAM + n as u64);
            let direction =
                if rng.chance(0.09) { CallDirection::Outbound } else { CallDirection::Inbound };
            let status = outcome(&mut rng, direction);
            let person_index = rng.weighted(&weights);
            let person = people.get(person_index)?;
            let choices = scripts::of(direction);
            let odds: Vec<f64> = choices.iter().map(|s| s.weight).collect();
            let script = choices.get(rng.weighted(&odds))?;
            let fill = Fill::draw(&mut rng, person.first, person.last, clinic);
            let turns = match status {
                CallStatus::Completed => scripts::turns(script, &fill, &mut rng),
                _ => Vec::new(),
            };
            // An answered call lasts until a moment after its last words; one that wasn't
            // answered has no length (Twilio reports 0), the phone having rung a while.
            let (duration_secs, rang) = match turns.last() {
                Some(last) => ((last.end_secs + 1.0 + rng.unit() * 1.5).ceil() as i32, 0),
                None => (0, rng.between(5, 30)),
            };
            let number = match (direction, script.key) {
                (CallDirection::Inbound, "new_patient") => 1,
                (CallDirection::Inbound, _) if rng.chance(0.12) => 1,
                _ => 0,
            };
            let id = ids::id(organization_id, Kind::Call, n);
            Some(PlannedCall {
                n,
                id,
                call_sid: ids::sid("CA", id),
                direction,
                status,
                person: person_index,
                number,
                started: *started,
                ended: *started + Duration::seconds(i64::from(duration_secs) + rang),
                duration_secs,
                script,
                fill,
                turns,
                recording: None,
            })
        })
        .collect()
}

/// Inserts the calls through the call module.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    setup: &Setup,
    contact_ids: &[Uuid],
    people: &[Person],
    calls: &[PlannedCall],
) -> Result<(), DemoError> {
    let transcripts: Vec<Option<String>> = calls.iter().map(PlannedCall::transcription).collect();
    let mut rows = Vec::with_capacity(calls.len());
    for (c, transcription) in calls.iter().zip(&transcripts) {
        let (Some(person), Some((number_id, number))) =
            (people.get(c.person), setup.numbers.get(c.number))
        else {
            continue;
        };
        let (from_number, to_number) = match c.direction {
            CallDirection::Inbound => (person.phone.as_str(), *number),
            CallDirection::Outbound => (*number, person.phone.as_str()),
        };
        rows.push(CallAt {
            id: c.id,
            phone_number_id: Some(*number_id),
            contact_id: contact_ids.get(c.person).copied(),
            call_sid: &c.call_sid,
            direction: c.direction,
            status: c.status,
            from_number,
            to_number,
            created_at: c.started,
            ended_at: c.ended,
            duration_secs: c.duration_secs,
            recording_key: c.recording.as_ref().map(|(key, _)| key.as_str()),
            recording_sid: c.recording.as_ref().map(|(_, sid)| sid.as_str()),
            transcription: transcription.as_deref(),
            transcript_turns: c.answered().then_some(c.turns.as_slice()),
        });
    }
    call::queries::insert_many_at(conn, organization_id, &rows).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month() -> Vec<PlannedCall> {
        let people = super::super::people::all();
        let t0 = DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
        let starts: Vec<_> = (0..300).map(|i| t0 + Duration::minutes(137 * i)).collect();
        plan(Uuid::from_u128(9), "Demo Dental Clinic", &people, &starts)
    }

    #[test]
    fn most_calls_come_in_and_are_answered_with_a_transcript() {
        let calls = month();
        assert_eq!(calls.len(), 300);
        let inbound = calls.iter().filter(|c| c.direction == CallDirection::Inbound).count();
        assert!((240..295).contains(&inbound), "{inbound} inbound");
        let answered = calls.iter().filter(|c| c.answered()).count();
        assert!((240..295).contains(&answered), "{answered} answered");
        for status in [CallStatus::NoAnswer, CallStatus::Busy, CallStatus::Failed] {
            assert!(calls.iter().any(|c| c.status == status), "{status:?}");
        }
        for c in &calls {
            assert_eq!(c.transcription().is_some(), c.answered());
            assert_eq!(c.answered(), c.duration_secs > 0);
            assert!(c.ended >= c.started);
            if let Some(text) = c.transcription() {
                assert!(text.contains(c.fill.first.as_str()) || c.script.key == "hours");
            }
        }
    }

    #[test]
    fn what_a_call_is_does_not_depend_on_when_it_is() {
        let people = super::super::people::all();
        let shifted: Vec<_> = month().iter().map(|c| c.started + Duration::days(3)).collect();
        let later = plan(Uuid::from_u128(9), "Demo Dental Clinic", &people, &shifted);
        for (a, b) in month().iter().zip(&later) {
            assert_eq!((a.status, a.person, a.script.key), (b.status, b.person, b.script.key));
            assert_eq!(a.turns, b.turns);
        }
    }
}
