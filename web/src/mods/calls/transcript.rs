//! A call's transcript as a conversation: from the turns the server knows (each party on its
//! own channel, with times), or else from "Agent: … Caller: …" labels in the text, or as plain
//! paragraphs.

use leptos::prelude::*;
use loquent_shared::{TranscriptSpeaker, TranscriptTurn};

use crate::components::{Icon, Svg};
use crate::util;

/// Who spoke in a transcript read from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    Agent,
    Caller,
}

/// One turn of a conversation read from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub speaker: Speaker,
    pub text: String,
}

const SPEAKERS: [(&str, Speaker); 2] = [("Agent:", Speaker::Agent), ("Caller:", Speaker::Caller)];

/// Splits "Agent: … Caller: …" into turns (labels at the start or after a space or a line
/// break). `None` when the transcript doesn't start with a label: then it's shown as text.
pub fn turns(transcript: &str) -> Option<Vec<Turn>> {
    let text = transcript.trim();
    let mut marks: Vec<(usize, usize, Speaker)> = Vec::new();
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        if previous.is_none_or(char::is_whitespace) {
            for (label, speaker) in SPEAKERS {
                if text[at..].starts_with(label) {
                    marks.push((at, at + label.len(), speaker));
                }
            }
        }
        previous = Some(c);
    }
    if marks.first().is_none_or(|(start, _, _)| *start != 0) {
        return None;
    }
    let turns = marks
        .iter()
        .enumerate()
        .filter_map(|(i, &(_, body_start, speaker))| {
            let body_end = marks.get(i + 1).map_or(text.len(), |next| next.0);
            let body = text[body_start..body_end].trim();
            (!body.is_empty()).then(|| Turn { speaker, text: body.to_owned() })
        })
        .collect::<Vec<_>>();
    (!turns.is_empty()).then_some(turns)
}

/// A transcript without speakers, as paragraphs.
pub fn paragraphs(transcript: &str) -> Vec<&str> {
    transcript.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// Which side of the conversation a bubble sits on, and so its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The organization: its agent or a member (left).
    Ours,
    /// The contact (right).
    Theirs,
}

/// One bubble, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatLine {
    pub side: Side,
    /// `data-speaker`: `agent`, `staff`, `contact` (turns) or `agent`, `caller` (text).
    pub kind: &'static str,
    /// Above the text: "Agent", "Staff", the contact's name or "Caller".
    pub label: String,
    /// When the turn began (`m:ss`), when known.
    pub at: Option<String>,
    pub text: String,
}

/// `m:ss` (or `h:mm:ss` from an hour on) for a time in seconds, rounded down.
pub fn timestamp(secs: f64) -> String {
    let total = if secs.is_finite() && secs > 0.0 { secs.floor() as u64 } else { 0 };
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// The conversation's bubbles: from `structured` turns when the server has them, else from
/// the text's labels; `None` when the text is to be shown as paragraphs. `contact` is the
/// contact's name, empty when unknown.
pub fn chat_lines(
    text: &str,
    structured: Option<&[TranscriptTurn]>,
    contact: &str,
) -> Option<Vec<ChatLine>> {
    let contact_label =
        || if contact.is_empty() { "Caller".to_owned() } else { contact.to_owned() };
    if let Some(structured) = structured.filter(|t| !t.is_empty()) {
        return Some(
            structured
                .iter()
                .map(|turn| {
                    let (side, kind, label) = match turn.speaker {
                        TranscriptSpeaker::Agent => (Side::Ours, "agent", "Agent".to_owned()),
                        TranscriptSpeaker::Staff => (Side::Ours, "staff", "Staff".to_owned()),
                        TranscriptSpeaker::Contact => (Side::Theirs, "contact", contact_label()),
                    };
                    ChatLine {
                        side,
                        kind,
                        label,
                        at: Some(timestamp(turn.start_secs)),
                        text: turn.text.clone(),
                    }
                })
                .collect(),
        );
    }
    let lines = turns(text)?
        .into_iter()
        .map(|turn| match turn.speaker {
            Speaker::Agent => ChatLine {
                side: Side::Ours,
                kind: "agent",
                label: "Agent".to_owned(),
                at: None,
                text: turn.text,
            },
            Speaker::Caller => ChatLine {
                side: Side::Theirs,
                kind: "caller",
                label: "Caller".to_owned(),
                at: None,
                text: turn.text,
            },
        })
        .collect();
    Some(lines)
}

/// The conversation as chat bubbles (the organization on the left, the contact on the right),
/// each with its time when known; or the text as paragraphs when it has no speakers.
#[component]
pub fn TranscriptView(
    transcript: String,
    turns: Option<Vec<TranscriptTurn>>,
    caller: String,
) -> impl IntoView {
    match chat_lines(&transcript, turns.as_deref(), &caller) {
        Some(lines) => {
            let caller_initials = util::initials(&caller);
            view! {
                <ol class="chat" data-testid="transcript">
                    {lines
                        .into_iter()
                        .map(|line| {
                            let theirs = line.side == Side::Theirs;
                            let avatar = match (line.kind, caller_initials.is_empty()) {
                                ("agent", _) => view! { <Svg icon=Icon::Agents /> }.into_any(),
                                ("staff", _) => view! { <Svg icon=Icon::Handset /> }.into_any(),
                                (_, true) => view! { <Svg icon=Icon::User /> }.into_any(),
                                (_, false) => caller_initials.clone().into_any(),
                            };
                            view! {
                                <li class="chat-turn" class:chat-caller=theirs data-speaker=line.kind>
                                    <span class="chat-avatar" aria-hidden="true">
                                        {avatar}
                                    </span>
                                    <div class="chat-bubble">
                                        <p class="chat-speaker">
                                            {line.label}
                                            {line.at.map(|at| view! { <time class="chat-time" data-testid="turn-time">{at}</time> })}
                                        </p>
                                        <p class="chat-text">{line.text}</p>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            }
                .into_any()
        }
        None => view! {
            <div class="transcript-text" data-testid="transcript">
                {paragraphs(&transcript).into_iter().map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
            </div>
        }
            .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use loquent_shared::{TranscriptSpeaker, TranscriptTurn};

    use super::*;

    #[test]
    fn transcripts_split_into_turns() {
        let t = turns(
            "Agent: Acme Dental, how can I help? Caller: Hi, this is Grace Hopper. I'd like to move my cleaning to Friday, please.",
        )
        .expect("turns");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].speaker, Speaker::Agent);
        assert_eq!(t[0].text, "Acme Dental, how can I help?");
        assert_eq!(t[1].speaker, Speaker::Caller);
        assert!(t[1].text.ends_with("Friday, please."));

        let t = turns("Agent: Hello.\nCaller: Hi!\n\nAgent:   \nAgent: Bye").expect("turns");
        assert_eq!(t.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(), ["Hello.", "Hi!", "Bye"]);

        // Labels only count as such at the start of a word.
        let t = turns("Caller: my SecretAgent: no").expect("turns");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "my SecretAgent: no");
    }

    #[test]
    fn plain_transcripts_stay_text() {
        assert_eq!(turns("Hello, this is Grace. Agent: nope"), None);
        assert_eq!(turns(""), None);
        assert_eq!(turns("Agent:"), None);
        assert_eq!(paragraphs("One.\n\n  Two. \n"), ["One.", "Two."]);
        assert_eq!(chat_lines("Hello, this is Grace.", None, "Grace Hopper"), None);
    }

    #[test]
    fn times_read_as_minutes_and_seconds() {
        assert_eq!(timestamp(0.0), "0:00");
        assert_eq!(timestamp(2.04), "0:02");
        assert_eq!(timestamp(59.99), "0:59");
        assert_eq!(timestamp(61.5), "1:01");
        assert_eq!(timestamp(3725.0), "1:02:05");
        assert_eq!(timestamp(-1.0), "0:00");
        assert_eq!(timestamp(f64::NAN), "0:00");
    }

    fn turn(speaker: TranscriptSpeaker, start_secs: f64, text: &str) -> TranscriptTurn {
        TranscriptTurn { speaker, start_secs, end_secs: start_secs + 1.0, text: text.to_owned() }
    }

    #[test]
    fn structured_turns_show_who_spoke_and_when() {
        let structured = [
            turn(TranscriptSpeaker::Staff, 0.5, "Hi, this is Sam."),
            turn(TranscriptSpeaker::Contact, 2.04, "Hi Sam!"),
        ];
        // The text says the same with other labels: the structured turns win.
        let text = "Staff: Hi, this is Sam.\nContact: Hi Sam!";
        let lines = chat_lines(text, Some(&structured), "Grace Hopper").expect("lines");
        assert_eq!(
            lines,
            [
                ChatLine {
                    side: Side::Ours,
                    kind: "staff",
                    label: "Staff".to_owned(),
                    at: Some("0:00".to_owned()),
                    text: "Hi, this is Sam.".to_owned(),
                },
                ChatLine {
                    side: Side::Theirs,
                    kind: "contact",
                    label: "Grace Hopper".to_owned(),
                    at: Some("0:02".to_owned()),
                    text: "Hi Sam!".to_owned(),
                },
            ]
        );
        let unnamed = chat_lines(text, Some(&structured), "").expect("lines");
        assert_eq!(unnamed[1].label, "Caller");
        let agent = [turn(TranscriptSpeaker::Agent, 0.0, "Acme Dental.")];
        assert_eq!(chat_lines("", Some(&agent), "").expect("lines")[0].kind, "agent");
    }

    #[test]
    fn without_structured_turns_the_text_labels_are_read() {
        let lines = chat_lines("Agent: Hello. Caller: Hi!", None, "Grace Hopper").expect("lines");
        assert_eq!(
            lines.iter().map(|l| (l.kind, l.label.as_str(), l.at.clone())).collect::<Vec<_>>(),
            [("agent", "Agent", None), ("caller", "Caller", None)]
        );
        // An empty list of turns is no better than none.
        assert_eq!(chat_lines("Agent: Hello.", Some(&[]), "").map(|l| l.len()), Some(1));
    }
}
