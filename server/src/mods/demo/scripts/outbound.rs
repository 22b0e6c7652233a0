//! Calls the clinic places from the browser: its front desk (Sam) calling patients.

use loquent_shared::CallDirection::Outbound;

use super::Script;
use super::Who::{Them, Us};

pub const SCRIPTS: &[Script] = &[
    Script {
        key: "recall",
        direction: Outbound,
        weight: 5.0,
        lines: &[
            (Them, "Hello?"),
            (
                Us,
                "Hi, is this {first}? This is Sam from {clinic}. You're due for your six-month \
                 checkup, and I wanted to help you book it.",
            ),
            (Them, "Oh right, I keep forgetting. What do you have?"),
            (Us, "I have {day} at {time} with {hygienist}."),
            (Them, "{day} works."),
            (Us, "Great, you're booked. You'll get a reminder the day before. Take care!"),
        ],
        intent: "Recall call: the patient is due for a six-month checkup.",
        outcome: "Booked a checkup on {day} at {time} with {hygienist}. Nothing left open.",
        sentiment: "Positive: glad of the reminder.",
        follow_up: None,
    },
    Script {
        key: "confirm",
        direction: Outbound,
        weight: 4.0,
        lines: &[
            (Them, "Hello, {first} speaking."),
            (
                Us,
                "Hi {first}, it's Sam from {clinic}. I'm calling to confirm your appointment \
                 tomorrow at {time} with {doctor}.",
            ),
            (Them, "Yes, I'll be there."),
            (Us, "Perfect. Please arrive five minutes early. See you tomorrow!"),
            (Them, "Thanks, bye."),
        ],
        intent: "Confirm tomorrow's appointment.",
        outcome: "Confirmed tomorrow at {time} with {doctor}.",
        sentiment: "Positive: confirmed straight away.",
        follow_up: None,
    },
    Script {
        key: "billing_callback",
        direction: Outbound,
        weight: 2.0,
        lines: &[
            (Them, "Hello?"),
            (Us, "Hi {first}, this is Sam from {clinic}, about the X-ray charge on your invoice."),
            (Them, "Oh yes, thanks for calling back."),
            (
                Us,
                "Your insurer had the wrong date of service. We resubmitted the claim, and it's \
                 been paid, so you owe nothing. The eighty-six dollars is off your account.",
            ),
            (Them, "That's great news. Thank you for sorting it out."),
            (Us, "My pleasure. Have a good day, {first}."),
        ],
        intent: "Call back about a disputed X-ray charge.",
        outcome: "The claim was resubmitted and paid; the $86 charge is cleared. Nothing left \
                  open.",
        sentiment: "Positive: relieved and grateful.",
        follow_up: None,
    },
];
