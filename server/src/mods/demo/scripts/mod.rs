//! The demo month's conversations: templates of what callers to a dental clinic say and what
//! the receptionist agent (or, on calls the clinic places, a member of staff) answers, with
//! what analysis would make of each and the follow-up it leaves. A call takes a template,
//! fills in its people, day and time ([`Fill`]), and times its lines into transcript turns.

mod inbound;
mod outbound;

use loquent_shared::{CallDirection, TranscriptSpeaker, TranscriptTurn};

use super::rng::Rng;

/// Who says a line: the organization's side (the agent on calls to the clinic, a member of
/// staff on calls it places) or the other party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Us,
    Them,
}

/// A follow-up a call leaves: a to-do of one of the default to-do types.
#[derive(Debug, Clone, Copy)]
pub struct FollowUp {
    /// The to-do type's name, one of `todo::types::DEFAULTS`.
    pub kind: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub due_hint: Option<&'static str>,
    /// The email drafted for the caller (subject, body), for `Send information`.
    pub email: Option<(&'static str, &'static str)>,
}

/// One kind of call.
#[derive(Debug, Clone, Copy)]
pub struct Script {
    pub key: &'static str,
    pub direction: CallDirection,
    /// How often it happens, relative to the other scripts of its direction.
    pub weight: f64,
    pub lines: &'static [(Who, &'static str)],
    /// What the analyzers say about it: what the caller wanted, how the call ended, and the
    /// caller's mood.
    pub intent: &'static str,
    pub outcome: &'static str,
    pub sentiment: &'static str,
    pub follow_up: Option<FollowUp>,
}

/// Every script: calls to the clinic, then calls it places.
pub fn all() -> impl Iterator<Item = &'static Script> {
    inbound::SCRIPTS.iter().chain(outbound::SCRIPTS.iter())
}

/// The scripts of one direction.
pub fn of(direction: CallDirection) -> &'static [Script] {
    match direction {
        CallDirection::Inbound => inbound::SCRIPTS,
        CallDirection::Outbound => outbound::SCRIPTS,
    }
}

/// What a call's template is filled in with.
#[derive(Debug, Clone)]
pub struct Fill {
    pub first: String,
    pub last: String,
    pub clinic: String,
    pub doctor: &'static str,
    pub hygienist: &'static str,
    pub day: &'static str,
    pub time: &'static str,
}

const DOCTORS: [&str; 2] = ["Dr. Patel", "Dr. Okafor"];
const HYGIENISTS: [&str; 3] = ["Maria", "Jen", "Tomás"];
const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const TIMES: [&str; 9] =
    ["8:30", "9:15", "10:00", "10:45", "11:30", "1:15", "2:00", "3:30", "4:15"];

impl Fill {
    /// The clinic's people and a day and time for the call, drawn from `rng`.
    pub fn draw(rng: &mut Rng, first: &str, last: &str, clinic: &str) -> Fill {
        Fill {
            first: first.to_string(),
            last: last.to_string(),
            clinic: clinic.to_string(),
            doctor: rng.pick(&DOCTORS).copied().unwrap_or(DOCTORS[0]),
            hygienist: rng.pick(&HYGIENISTS).copied().unwrap_or(HYGIENISTS[0]),
            day: rng.pick(&DAYS).copied().unwrap_or(DAYS[0]),
            time: rng.pick(&TIMES).copied().unwrap_or(TIMES[0]),
        }
    }

    /// `text` with its `{placeholders}` filled in.
    pub fn apply(&self, text: &str) -> String {
        text.replace("{first}", &self.first)
            .replace("{last}", &self.last)
            .replace("{clinic}", &self.clinic)
            .replace("{doctor}", self.doctor)
            .replace("{hygienist}", self.hygienist)
            .replace("{day}", self.day)
            .replace("{time}", self.time)
    }
}

/// Words per second of unhurried phone speech.
const WORDS_PER_SEC: f64 = 2.5;

/// The script's lines filled in and timed as turns: each line as long as its words take to
/// say (some callers take their time), with a pause before the next (a person thinking, the
/// agent's model answering). The call's other party speaks as `Contact`; the organization's
/// side as `Agent` on calls to the clinic, as `Staff` on calls it places.
pub fn turns(script: &Script, fill: &Fill, rng: &mut Rng) -> Vec<TranscriptTurn> {
    let us = match script.direction {
        CallDirection::Inbound => TranscriptSpeaker::Agent,
        CallDirection::Outbound => TranscriptSpeaker::Staff,
    };
    let tempo = 0.9 + rng.unit() * 0.35;
    // The greeting starts once the call is connected.
    let mut at = 0.6 + rng.unit() * 0.6;
    script
        .lines
        .iter()
        .map(|(who, line)| {
            let text = fill.apply(line);
            let words = text.split_whitespace().count() as f64;
            let length = (words / WORDS_PER_SEC + 0.3 + rng.unit() * 0.4) * tempo;
            let turn = TranscriptTurn {
                speaker: if *who == Who::Us { us } else { TranscriptSpeaker::Contact },
                start_secs: round(at),
                end_secs: round(at + length),
                text,
            };
            at += length + 0.5 + rng.unit() * 1.0;
            turn
        })
        .collect()
}

/// Seconds to the hundredth, as the transcription pipeline reports them.
fn round(secs: f64) -> f64 {
    (secs * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_is_filled_completely_and_its_follow_up_is_a_default_type() {
        let defaults: Vec<&str> =
            crate::mods::todo::types::defaults::DEFAULTS.iter().map(|(name, _, _)| *name).collect();
        let mut rng = Rng::new(1);
        let fill = Fill::draw(&mut rng, "Ada", "Lovelace", "Demo Dental Clinic");
        assert!(all().count() >= 12);
        for script in all() {
            let mut texts: Vec<&str> = script.lines.iter().map(|(_, l)| *l).collect();
            texts.extend([script.intent, script.outcome, script.sentiment]);
            if let Some(f) = &script.follow_up {
                assert!(defaults.contains(&f.kind), "{}: {}", script.key, f.kind);
                texts.extend([f.title, f.description]);
                texts.extend(f.due_hint);
                if let Some((subject, body)) = f.email {
                    texts.extend([subject, body]);
                }
                assert_eq!(f.email.is_some(), f.kind == "Send information", "{}", script.key);
            }
            for text in texts {
                let filled = fill.apply(text);
                assert!(!filled.contains('{') && !filled.contains('}'), "{}: {filled}", script.key);
            }
            assert!(script.lines.iter().any(|(who, _)| *who == Who::Them), "{}", script.key);
        }
    }

    #[test]
    fn turns_follow_one_another_in_time() {
        let mut rng = Rng::new(2);
        let fill = Fill::draw(&mut rng, "Ada", "Lovelace", "Demo Dental Clinic");
        for script in all() {
            let turns = turns(script, &fill, &mut rng);
            assert_eq!(turns.len(), script.lines.len());
            for pair in turns.windows(2) {
                assert!(pair[0].start_secs < pair[0].end_secs);
                assert!(pair[0].end_secs < pair[1].start_secs, "{}", script.key);
            }
        }
    }
}
