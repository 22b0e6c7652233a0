//! Both parties' utterances into one conversation: in order of when each began, a speaker's
//! consecutive utterances joined into one turn; and that conversation as labelled text, the
//! form analyzers and contact enrichment read.

use loquent_shared::{TranscriptSpeaker, TranscriptTurn};

/// One utterance as transcribed: who, when (seconds from the recording's start), what.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    pub speaker: TranscriptSpeaker,
    pub start_secs: f64,
    pub end_secs: f64,
    pub text: String,
}

/// The conversation turn by turn. Utterances heard as nothing (silence the model left empty)
/// are dropped; times are rounded to the centisecond.
pub fn merge(mut heard: Vec<Heard>) -> Vec<TranscriptTurn> {
    // Stable: of two utterances starting together, the one given first stays first.
    heard.sort_by(|a, b| a.start_secs.total_cmp(&b.start_secs));
    let mut turns: Vec<TranscriptTurn> = Vec::new();
    for h in heard {
        let text = h.text.trim();
        if text.is_empty() {
            continue;
        }
        match turns.last_mut() {
            Some(turn) if turn.speaker == h.speaker => {
                turn.text.push(' ');
                turn.text.push_str(text);
                turn.end_secs = turn.end_secs.max(centis(h.end_secs));
            }
            _ => turns.push(TranscriptTurn {
                speaker: h.speaker,
                start_secs: centis(h.start_secs),
                end_secs: centis(h.end_secs),
                text: text.to_owned(),
            }),
        }
    }
    turns
}

fn centis(secs: f64) -> f64 {
    (secs * 100.0).round() / 100.0
}

/// One line per turn, `Label: text` (`Staff: …`, `Contact: …`).
pub fn as_text(turns: &[TranscriptTurn]) -> String {
    turns
        .iter()
        .map(|t| format!("{}: {}", t.speaker.label(), t.text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use TranscriptSpeaker::{Contact, Staff};

    fn heard(speaker: TranscriptSpeaker, start_secs: f64, end_secs: f64, text: &str) -> Heard {
        Heard { speaker, start_secs, end_secs, text: text.to_owned() }
    }

    fn turn(
        speaker: TranscriptSpeaker,
        start_secs: f64,
        end_secs: f64,
        text: &str,
    ) -> TranscriptTurn {
        TranscriptTurn { speaker, start_secs, end_secs, text: text.to_owned() }
    }

    #[test]
    fn utterances_interleave_by_start_time() {
        let turns = merge(vec![
            heard(Staff, 3.8, 4.6, "Great, see you then."),
            heard(Staff, 0.5, 1.5, "Hi, this is Sam."),
            heard(Contact, 2.0, 3.2, "Hi Sam!"),
        ]);
        assert_eq!(
            turns,
            vec![
                turn(Staff, 0.5, 1.5, "Hi, this is Sam."),
                turn(Contact, 2.0, 3.2, "Hi Sam!"),
                turn(Staff, 3.8, 4.6, "Great, see you then."),
            ]
        );
    }

    #[test]
    fn a_speakers_consecutive_utterances_are_one_turn() {
        let turns = merge(vec![
            heard(Contact, 0.2, 1.0, " Hello? "),
            heard(Contact, 2.0, 3.0, "Is anyone there?"),
            heard(Staff, 3.5, 4.0, "Yes, hi."),
            heard(Staff, 5.0, 6.123, "Sorry about that."),
        ]);
        assert_eq!(
            turns,
            vec![
                turn(Contact, 0.2, 3.0, "Hello? Is anyone there?"),
                turn(Staff, 3.5, 6.12, "Yes, hi. Sorry about that."),
            ]
        );
    }

    #[test]
    fn empty_utterances_neither_show_nor_split_a_turn() {
        let turns = merge(vec![
            heard(Staff, 0.0, 1.0, "One."),
            heard(Contact, 1.2, 1.6, "  "),
            heard(Staff, 2.0, 3.0, "Two."),
        ]);
        assert_eq!(turns, vec![turn(Staff, 0.0, 3.0, "One. Two.")]);
        assert!(merge(Vec::new()).is_empty());
    }

    #[test]
    fn the_text_labels_each_turn() {
        let turns = [turn(Staff, 0.5, 1.5, "Hi, this is Sam."), turn(Contact, 2.0, 3.2, "Hi Sam!")];
        assert_eq!(as_text(&turns), "Staff: Hi, this is Sam.\nContact: Hi Sam!");
        assert_eq!(as_text(&[]), "");
    }
}
