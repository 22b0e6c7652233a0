//! Calls to the clinic, answered by its receptionist agent (Riley).

use loquent_shared::CallDirection::Inbound;

use super::Who::{Them, Us};
use super::{FollowUp, Script};

const GREETING: &str = "Thank you for calling {clinic}, this is Riley. How can I help you today?";

pub const SCRIPTS: &[Script] = &[
    Script {
        key: "running_late",
        direction: Inbound,
        weight: 6.0,
        lines: &[
            (Us, GREETING),
            (
                Them,
                "Hi, it's {first} {last}. I have an appointment at {time} with {hygienist} and \
                 I'm stuck in traffic. I'll be about ten minutes late.",
            ),
            (
                Us,
                "Thanks for letting us know, {first}. Ten minutes is fine; I'll tell {hygienist}. \
                 If it gets to more than fifteen, we may need to shorten the cleaning.",
            ),
            (Them, "Understood, I'll be as quick as I can."),
            (Us, "No problem. Drive safely, see you soon."),
        ],
        intent: "Running about ten minutes late for today's appointment.",
        outcome: "Told the hygienist; the appointment at {time} with {hygienist} stands. Nothing \
                  left open.",
        sentiment: "Neutral: apologetic, relieved it was fine.",
        follow_up: None,
    },
    Script {
        key: "cleaning",
        direction: Inbound,
        weight: 22.0,
        lines: &[
            (Us, GREETING),
            (Them, "Hi, I'd like to book a cleaning and a checkup. It's been about six months."),
            (Us, "Of course. Can I have your name, please?"),
            (Them, "It's {first} {last}."),
            (
                Us,
                "Thanks, {first}. I can offer {day} at {time} with {hygienist}, or Thursday \
                 afternoon. Which works better for you?",
            ),
            (Them, "{day} at {time} is perfect."),
            (
                Us,
                "Great, you're booked for a cleaning and exam on {day} at {time}. You'll get a \
                 text reminder the day before. Is there anything else I can help with?",
            ),
            (Them, "No, that's all. Thank you!"),
            (Us, "You're welcome, {first}. See you on {day}!"),
        ],
        intent: "Book a routine cleaning and checkup.",
        outcome: "Booked a cleaning and exam for {day} at {time} with {hygienist}. Nothing left \
                  open.",
        sentiment: "Positive: friendly, and got the first slot offered.",
        follow_up: None,
    },
    Script {
        key: "toothache",
        direction: Inbound,
        weight: 5.0,
        lines: &[
            (Us, GREETING),
            (
                Them,
                "Hi, I've got a really bad toothache on the lower left side. It kept me up most \
                 of the night.",
            ),
            (Us, "I'm sorry to hear that. Can I have your name?"),
            (Them, "{first} {last}."),
            (Us, "Thank you, {first}. Is there any swelling in your face or jaw, or a fever?"),
            (Them, "A little swelling near the tooth. No fever."),
            (
                Us,
                "We keep emergency slots open every day. I can see you today at {time} with \
                 {doctor}. Would that work?",
            ),
            (Them, "Yes, please. Can I take something for the pain until then?"),
            (
                Us,
                "I can't give medical advice, but I'll ask {doctor} to call you back before your \
                 visit. If the swelling gets worse or you have trouble swallowing, please go to \
                 the emergency room.",
            ),
            (Them, "Okay. Thank you so much."),
            (Us, "You're welcome. We'll see you at {time}."),
        ],
        intent: "Urgent toothache; wants to be seen as soon as possible.",
        outcome: "Booked a same-day emergency visit at {time} with {doctor}. Still open: the \
                  dentist is to call back about pain relief before the visit.",
        sentiment: "Negative: anxious and in pain, relieved once a same-day slot was offered.",
        follow_up: Some(FollowUp {
            kind: "Call back",
            title: "Call {first} {last} back about pain relief before today's visit",
            description: "{first} has a toothache (lower left) with slight swelling and no fever, \
                          and asked what to take for the pain until the {time} emergency visit \
                          with {doctor}.",
            due_hint: Some("Before {time} today"),
            email: None,
        }),
    },
    Script {
        key: "reschedule",
        direction: Inbound,
        weight: 5.0,
        lines: &[
            (Us, GREETING),
            (
                Them,
                "Hi, I have an appointment on {day} but something came up at work. Could I move \
                 it?",
            ),
            (Us, "Sure. May I have your name?"),
            (Them, "{first} {last}."),
            (
                Us,
                "Thanks, {first}. I see your appointment on {day} at {time} with {doctor}. When \
                 would suit you instead?",
            ),
            (
                Them,
                "Do you have anything on a Saturday morning? That's really the only time I can \
                 do for the next few weeks.",
            ),
            (
                Us,
                "Saturday mornings are set by the front desk each week, so I can't book one \
                 myself. I'll ask the team to find you a Saturday slot and call you back. Should \
                 I keep {day} in the meantime?",
            ),
            (Them, "Please cancel {day}, I definitely can't make it."),
            (
                Us,
                "Done, {day} is cancelled. Someone from the front desk will call you about a \
                 Saturday appointment.",
            ),
            (Them, "Thanks, bye."),
        ],
        intent: "Move an existing appointment to a Saturday morning.",
        outcome: "Cancelled the {day} appointment. Still open: the front desk has to find a \
                  Saturday morning slot and call back.",
        sentiment: "Neutral: in a hurry, but polite.",
        follow_up: Some(FollowUp {
            kind: "Book appointment",
            title: "Find {first} {last} a Saturday morning appointment",
            description: "{first} cancelled {day} at {time} with {doctor} and can only come on \
                          Saturday mornings for the next few weeks. Call back with a slot.",
            due_hint: Some("This week"),
            email: None,
        }),
    },
    Script {
        key: "cancel",
        direction: Inbound,
        weight: 8.0,
        lines: &[
            (Us, GREETING),
            (Them, "Hi, this is {first} {last}. I need to cancel my appointment for tomorrow."),
            (
                Us,
                "No problem, {first}. I've cancelled tomorrow's appointment with {doctor}. Would \
                 you like to book another one?",
            ),
            (Them, "Not right now. I'm travelling for two weeks, I'll call when I'm back."),
            (Us, "Of course. Have a good trip, and give us a call whenever you're ready."),
            (Them, "Will do, thanks."),
        ],
        intent: "Cancel tomorrow's appointment.",
        outcome: "Cancelled tomorrow's appointment with {doctor}. The caller will call back to \
                  rebook after two weeks of travel.",
        sentiment: "Neutral: matter-of-fact; will rebook after travelling.",
        follow_up: None,
    },
    Script {
        key: "insurance",
        direction: Inbound,
        weight: 5.0,
        lines: &[
            (Us, GREETING),
            (
                Them,
                "Hi, I'm changing jobs and my new insurance is Delta Dental PPO. Do you take it?",
            ),
            (
                Us,
                "Yes, we're in network with Delta Dental PPO. Can I have your name so I can note \
                 it on your file?",
            ),
            (Them, "{first} {last}."),
            (
                Us,
                "Thank you, {first}. Please bring your new member card to your next visit. Is \
                 there anything else?",
            ),
            (
                Them,
                "Could you email me the list of plans you accept? My partner is choosing a plan \
                 too.",
            ),
            (
                Us,
                "Of course. I'll have the front desk email you our list of accepted plans. Is the \
                 email on your file still the best one?",
            ),
            (Them, "Yes, that's the one."),
            (Us, "Perfect. You'll have it shortly. Have a great day!"),
        ],
        intent: "Check that a new insurance plan is accepted, and get the list of accepted plans.",
        outcome: "Confirmed Delta Dental PPO is in network. Still open: email the list of \
                  accepted plans.",
        sentiment: "Positive: pleased the new plan is accepted.",
        follow_up: Some(FollowUp {
            kind: "Send information",
            title: "Email {first} {last} the list of accepted insurance plans",
            description: "{first} has a new Delta Dental PPO plan (we're in network) and asked \
                          for the full list of plans we accept, for their partner.",
            due_hint: None,
            email: Some((
                "Insurance plans accepted at {clinic}",
                "Hi {first},\n\nThank you for calling {clinic}. As promised, here are the \
                 insurance plans we are in network with:\n\n- Delta Dental PPO\n- Cigna Dental \
                 PPO\n- MetLife PDP\n- Aetna Dental PPO\n- Guardian DentalGuard Preferred\n\nWe \
                 can also bill most other PPO plans out of network. Please bring your new member \
                 card to your next visit.\n\nBest regards,\nThe front desk at {clinic}",
            )),
        }),
    },
    Script {
        key: "whitening",
        direction: Inbound,
        weight: 4.0,
        lines: &[
            (Us, GREETING),
            (Them, "Hi, I was wondering how much teeth whitening costs at your clinic."),
            (
                Us,
                "We offer in-office whitening and take-home trays. The price depends on the \
                 option. May I have your name?",
            ),
            (Them, "Sure, it's {first} {last}."),
            (Us, "Thanks, {first}. Would you like me to email you the options with their prices?"),
            (Them, "Yes, that would be great. I'd like to compare before I decide."),
            (
                Us,
                "I'll make sure the front desk sends it today. Whitening starts with a short \
                 consultation with {doctor}.",
            ),
            (Them, "Sounds good. Thank you."),
        ],
        intent: "Ask the price of teeth whitening.",
        outcome: "Explained the two options. Still open: email the whitening options with prices.",
        sentiment: "Positive: curious and comparing options.",
        follow_up: Some(FollowUp {
            kind: "Send information",
            title: "Email {first} {last} the whitening options and prices",
            description: "{first} wants to compare in-office whitening and take-home trays \
                          before deciding, and asked for the prices by email.",
            due_hint: Some("Today"),
            email: Some((
                "Teeth whitening at {clinic}",
                "Hi {first},\n\nThanks for asking about whitening. Our options are:\n\n- \
                 In-office whitening, one 90-minute visit: $450\n- Custom take-home trays with \
                 gel: $295\n- Touch-up gel for existing trays: $45\n\nWhitening starts with a \
                 short consultation with {doctor}, free if you had a checkup in the last six \
                 months. Reply to this email or call us to book.\n\nBest regards,\nThe front \
                 desk at {clinic}",
            )),
        }),
    },
    Script {
        key: "billing",
        direction: Inbound,
        weight: 3.0,
        lines: &[
            (Us, GREETING),
            (
                Them,
                "Hi, I got an invoice for eighty-six dollars for X-rays, but my insurance should \
                 cover those.",
            ),
            (Us, "I'm sorry about the confusion. Can I have your name, please?"),
            (Them, "{first} {last}."),
            (
                Us,
                "Thank you, {first}. I can't see claim details myself, so I'll ask our billing \
                 team to check the claim with your insurer and call you back. Is this number the \
                 best one to reach you?",
            ),
            (Them, "Yes, this number is fine. Tomorrow morning is best."),
            (Us, "Noted: tomorrow morning. Billing will call you then."),
            (Them, "Thanks."),
        ],
        intent: "Question an $86 charge for X-rays that insurance should cover.",
        outcome: "Logged the question. Still open: billing to check the insurance claim and \
                  call back tomorrow morning.",
        sentiment: "Negative: frustrated about the bill, calmer by the end.",
        follow_up: Some(FollowUp {
            kind: "Call back",
            title: "Call {first} {last} back about the X-ray charge",
            description: "{first} was billed $86 for X-rays they believe their insurance covers. \
                          Check the claim with the insurer and call back.",
            due_hint: Some("Tomorrow morning"),
            email: None,
        }),
    },
    Script {
        key: "new_patient",
        direction: Inbound,
        weight: 5.0,
        lines: &[
            (Us, GREETING),
            (Them, "Hi, I just moved to the area and I'm looking for a new dentist."),
            (Us, "Welcome! We'd be glad to see you. Can I have your name?"),
            (Them, "{first} {last}."),
            (
                Us,
                "Thank you, {first}. A first visit is an exam, X-rays and a cleaning, about an \
                 hour. I have {day} at {time} with {doctor}.",
            ),
            (Them, "That works. Is there anything I need to fill in before?"),
            (
                Us,
                "Yes, there are new patient forms. I'll have them emailed to you so you can fill \
                 them in at home. Please bring a photo ID and your insurance card.",
            ),
            (Them, "Perfect, thank you."),
            (Us, "You're all set for {day} at {time}. See you then, {first}."),
        ],
        intent: "New patient looking for a dentist after moving to the area.",
        outcome: "Booked a first visit on {day} at {time} with {doctor}. Still open: email the \
                  new patient forms.",
        sentiment: "Positive: glad to find a dentist so quickly.",
        follow_up: Some(FollowUp {
            kind: "Send information",
            title: "Email {first} {last} the new patient forms",
            description: "New patient, first visit on {day} at {time} with {doctor}. Asked for \
                          the forms to fill in at home.",
            due_hint: Some("Before {day}"),
            email: Some((
                "Your new patient forms",
                "Hi {first},\n\nWelcome to {clinic}! Before your first visit on {day} at {time}, \
                 please fill in our new patient forms: the health history, the consent form and \
                 your insurance details. You can print them, or arrive 15 minutes early and fill \
                 them in at the front desk.\n\nPlease bring a photo ID and your insurance \
                 card.\n\nSee you soon,\nThe front desk at {clinic}",
            )),
        }),
    },
    Script {
        key: "hours",
        direction: Inbound,
        weight: 14.0,
        lines: &[
            (Us, GREETING),
            (Them, "Hi, it's {first}. What time are you open on Fridays?"),
            (
                Us,
                "On Fridays we're open from 8 to 4. Monday to Thursday it's 8 to 6, and Saturday \
                 mornings 9 to 1.",
            ),
            (Them, "And is there parking?"),
            (Us, "Yes, free parking behind the building. The entrance is on Elm Street."),
            (Them, "Great, thanks."),
            (Us, "You're welcome, {first}. Have a nice day!"),
        ],
        intent: "Opening hours on Fridays, and parking.",
        outcome: "Answered: open 8 to 4 on Fridays, free parking behind the building. Nothing \
                  left open.",
        sentiment: "Positive: a quick question, quickly answered.",
        follow_up: None,
    },
    Script {
        key: "child",
        direction: Inbound,
        weight: 6.0,
        lines: &[
            (Us, GREETING),
            (Them, "Hi, I'd like to book a first dental visit for my son. He's three and a half."),
            (Us, "How lovely. May I have your name, and your son's first name?"),
            (Them, "I'm {first} {last}, and he's Leo."),
            (
                Us,
                "Thank you, {first}. First visits for little ones are short and gentle, about \
                 twenty minutes. I have {day} at {time} with {doctor}.",
            ),
            (Them, "That's great. Can I stay with him in the room?"),
            (Us, "Of course, parents always stay. You're booked for {day} at {time}."),
            (Them, "Wonderful, thank you!"),
        ],
        intent: "Book a child's first dental visit.",
        outcome: "Booked Leo's first visit on {day} at {time} with {doctor}. Nothing left open.",
        sentiment: "Positive: reassured that a parent can stay in the room.",
        follow_up: None,
    },
    Script {
        key: "crown",
        direction: Inbound,
        weight: 2.0,
        lines: &[
            (Us, GREETING),
            (
                Them,
                "Hi, this is {first} {last}. I'm waiting for a crown and wanted to know if it's \
                 ready.",
            ),
            (
                Us,
                "Thanks, {first}. The lab hasn't delivered it yet. It's usually two weeks after \
                 the impression.",
            ),
            (Them, "Okay. Could someone call me as soon as it's in? I want to book the fitting."),
            (
                Us,
                "Of course. I'll ask the team to call you when the lab delivers it, to book the \
                 fitting with {doctor}.",
            ),
            (Them, "Great, thanks."),
        ],
        intent: "Ask whether a crown is back from the lab.",
        outcome: "The crown isn't back yet. Still open: call back when the lab delivers it, to \
                  book the fitting.",
        sentiment: "Neutral: a little impatient for the crown.",
        follow_up: Some(FollowUp {
            kind: "Call back",
            title: "Call {first} {last} when the crown is back from the lab",
            description: "{first} is waiting for a crown and asked to be called as soon as the \
                          lab delivers it, to book the fitting with {doctor}.",
            due_hint: Some("When the lab delivers"),
            email: None,
        }),
    },
    Script {
        key: "post_op",
        direction: Inbound,
        weight: 2.0,
        lines: &[
            (Us, GREETING),
            (
                Them,
                "Hi, I had a tooth out yesterday and it's still bleeding a little. Is that \
                 normal?",
            ),
            (Us, "Thank you for calling about it. Can I have your name?"),
            (Them, "{first} {last}."),
            (
                Us,
                "Thanks, {first}. I'm not able to give medical advice, so I'll ask {doctor} to \
                 call you back today. If the bleeding is heavy or won't stop, please go to the \
                 emergency room.",
            ),
            (Them, "It's just a little. I'll wait for the call."),
            (Us, "{doctor} will call you today. Take care."),
        ],
        intent: "Still bleeding a little the day after an extraction; asks if that's normal.",
        outcome: "Gave the emergency-room advice for heavy bleeding. Still open: the dentist is \
                  to call back today.",
        sentiment: "Negative: worried about the bleeding, calmer once a call back was promised.",
        follow_up: Some(FollowUp {
            kind: "Call back",
            title: "{doctor} to call {first} {last} about bleeding after the extraction",
            description: "{first} had an extraction yesterday and is still bleeding a little. \
                          Asked whether that's normal.",
            due_hint: Some("Today"),
            email: None,
        }),
    },
];
