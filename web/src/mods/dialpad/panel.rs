//! The dial pad's panel: the number, the line to call from, the keypad, and the call's controls
//! and status. Mounted once (the first time the pad opens) and kept while the member is signed
//! in: closing it only hides it, so a call goes on across pages.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use loquent_shared::Phone as Line;
use uuid::Uuid;

use super::DialRequest;
use super::number::{format_as_typed, to_dial};
use super::phase::{Phase, PhoneEvent};
use super::phone::{self, Phone};
use crate::api;
use crate::components::{Icon, Svg};
use crate::util;

/// The keypad: each key and the letters under it.
const KEYS: [(&str, &str); 12] = [
    ("1", ""),
    ("2", "ABC"),
    ("3", "DEF"),
    ("4", "GHI"),
    ("5", "JKL"),
    ("6", "MNO"),
    ("7", "PQRS"),
    ("8", "TUV"),
    ("9", "WXYZ"),
    ("*", ""),
    ("0", "+"),
    ("#", ""),
];

/// Where the line last called from is remembered, so the next call starts from it.
const LAST_LINE_KEY: &str = "loquent.dialpad.line";

const NUMBER_HINT: &str =
    "Enter the full number: 10 digits in the US and Canada, otherwise + and the country code.";

#[component]
pub fn DialPadPanel(request: RwSignal<Option<DialRequest>>, open: RwSignal<bool>) -> impl IntoView {
    let number = RwSignal::new(String::new());
    let contact = RwSignal::new(None::<(Uuid, String)>);
    let line = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Preparing);
    let muted = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let sent_digits = RwSignal::new(String::new());
    let now = RwSignal::new(js_sys::Date::now());
    let phone = StoredValue::new_local(None::<Phone>);
    let input = NodeRef::<leptos::html::Input>::new();

    // The SDK and a token, once: the pad says at once if calling can't work here.
    spawn_local(async move {
        let opened = phone::open(move |event: PhoneEvent| {
            if let PhoneEvent::Muted(now_muted) = event {
                muted.set(now_muted);
            }
            if matches!(event, PhoneEvent::Connecting) {
                sent_digits.set(String::new());
                muted.set(false);
            }
            let at = js_sys::Date::now();
            now.set(at);
            phase.update(|p| *p = p.after(&event, at));
        })
        .await;
        match opened {
            Ok(made) => {
                let ready = made.ready().await;
                phone.set_value(Some(made));
                // A call may have been placed meanwhile; then its events say where it stands.
                if phase.get_untracked() == Phase::Preparing {
                    phase.set(match ready {
                        Ok(()) => Phase::Ready,
                        Err(why) => Phase::Unavailable(why),
                    });
                }
            }
            Err(why) => phase.set(Phase::Unavailable(why)),
        }
    });
    on_cleanup(move || {
        phone.with_value(|p| {
            if let Some(p) = p {
                p.destroy();
            }
        });
    });

    // The organization's numbers to call from; the last one used comes first.
    let lines = LocalResource::new(|| async { api::phones::list().await });
    Effect::new(move |_| {
        let Some(Ok(list)) = lines.get() else { return };
        if list.iter().any(|l| l.number == line.get_untracked()) {
            return;
        }
        let remembered = util::stored(LAST_LINE_KEY);
        let pick = list
            .iter()
            .find(|l| Some(&l.number) == remembered.as_ref())
            .or_else(|| list.first())
            .map(|l| l.number.clone())
            .unwrap_or_default();
        line.set(pick);
    });

    // A page asked for the pad: take its number and contact unless a call is going on.
    Effect::new(move |_| {
        let Some(asked) = request.get() else { return };
        if phase.with_untracked(Phase::on_call) {
            return;
        }
        number.set(format_as_typed(&asked.number));
        contact.set(asked.contact);
        tried.set(false);
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    });
    Effect::new(move |_| {
        if open.get()
            && let Some(el) = input.get()
        {
            let _ = el.focus();
        }
    });

    // The call's timer.
    let on_call = Memo::new(move |_| phase.with(Phase::on_call));
    Effect::new(move |_| {
        if !on_call.get() {
            return;
        }
        if let Ok(handle) =
            set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(1))
        {
            on_cleanup(move || handle.clear());
        }
    });

    let dialled = Memo::new(move |_| number.with(|n| to_dial(n)));
    let number_error =
        Memo::new(move |_| (tried.get() && dialled.with(Option::is_none)).then_some(NUMBER_HINT));
    let call = move || {
        tried.set(true);
        let (Some(to), from) = (dialled.get_untracked(), line.get_untracked()) else {
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
            }
            return;
        };
        if from.is_empty() {
            return;
        }
        util::store(LAST_LINE_KEY, &from);
        let contact_id = contact.with_untracked(|c| c.as_ref().map(|(id, _)| *id));
        phone.with_value(|p| match p {
            Some(p) => p.place(&to, &from, contact_id),
            None => phase.set(Phase::Failed {
                reason: "The calling software is still loading. Try again in a moment.".into(),
                code: None,
            }),
        });
    };
    let hang_up = move || phone.with_value(|p| p.as_ref().map(Phone::hangup));
    let press = move |key: &'static str| {
        if phase.with_untracked(Phase::on_call) {
            phone.with_value(|p| p.as_ref().map(|p| p.send_digits(key)));
            sent_digits.update(|d| d.push_str(key));
        } else {
            number.update(|n| *n = format_as_typed(&format!("{n}{key}")));
        }
    };
    let backspace = move || {
        number.update(|n| {
            let digits: String = n.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
            let mut chars = digits.chars();
            chars.next_back();
            *n = format_as_typed(chars.as_str());
        });
    };
    let toggle_mute = move || {
        let next = !muted.get_untracked();
        phone.with_value(|p| p.as_ref().map(|p| p.set_muted(next)));
    };
    let close = move || open.set(false);
    let _ = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" && open.get_untracked() {
            open.set(false);
        }
    });

    let title = move || {
        contact
            .with(|c| c.as_ref().map(|(_, name)| format!("Call {name}")))
            .unwrap_or_else(|| "New call".to_owned())
    };
    let status = move || phase.with(|p| p.words(now.get()));
    let reason = move || phase.with(Phase::reason);
    let lines_view = move || match lines.get() {
        None => view! { <option value="">"Loading your numbers…"</option> }.into_any(),
        Some(Err(_)) => view! { <option value="">"Couldn't load your numbers"</option> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <option value="">"No numbers yet"</option> }.into_any()
        }
        Some(Ok(list)) => list
            .into_iter()
            .map(|l: Line| {
                let shown = util::phone_number(&l.number);
                let label = match l.friendly_name.trim() {
                    "" => shown,
                    name if name == l.number => shown,
                    name => format!("{shown} · {name}"),
                };
                view! { <option value=l.number.clone()>{label}</option> }
            })
            .collect_view()
            .into_any(),
    };
    let no_lines = move || matches!(lines.get(), Some(Ok(list)) if list.is_empty());

    view! {
        <aside
            class="dialpad"
            class:is-calling=move || on_call.get()
            role="dialog"
            aria-modal="false"
            aria-labelledby="dialpad-title"
            data-testid="dial-pad"
            hidden=move || !open.get()
        >
            <header class="dialpad-head">
                <span class="tile tile-sm" aria-hidden="true">
                    <Svg icon=Icon::Handset />
                </span>
                <div class="dialpad-heading">
                    <h2 class="dialpad-title" id="dialpad-title">{title}</h2>
                    <p
                        class="dialpad-status"
                        class:is-trouble=move || phase.with(Phase::is_trouble)
                        class:is-live=move || on_call.get()
                        role="status"
                        data-testid="dial-status"
                    >
                        {status}
                    </p>
                </div>
                <button
                    type="button"
                    class="icon-btn"
                    aria-label=move || if on_call.get() { "Hide the dial pad (the call goes on)" } else { "Close the dial pad" }
                    title=move || if on_call.get() { "Hide" } else { "Close" }
                    on:click=move |_| close()
                >
                    <Svg icon=Icon::Close />
                </button>
            </header>
            {move || {
                reason()
                    .map(|why| {
                        view! {
                            <p class="dialpad-reason" role="alert" data-testid="dial-reason">
                                <Svg icon=Icon::Alert />
                                <span>{why}</span>
                            </p>
                        }
                    })
            }}
            <form
                class="dialpad-form"
                novalidate=true
                on:submit=move |e| {
                    e.prevent_default();
                    if on_call.get_untracked() { hang_up(); } else { call(); }
                }
            >
                <div class="field" class:field-invalid=move || number_error.get().is_some()>
                    <label class="field-label" for="dialpad-number">
                        "Number"
                    </label>
                    <div class="dialpad-number-row">
                        <input
                            id="dialpad-number"
                            class="input dialpad-number"
                            type="tel"
                            inputmode="tel"
                            autocomplete="tel"
                            placeholder="(415) 555-0123"
                            node_ref=input
                            prop:value=move || number.get()
                            readonly=move || on_call.get()
                            aria-invalid=move || number_error.get().is_some().to_string()
                            aria-describedby="dialpad-number-help"
                            on:input=move |e| {
                                let typed = event_target_value(&e);
                                let formatted = format_as_typed(&typed);
                                // The field shows the formatted number at once (the signal may
                                // hold the same text already, and then wouldn't redraw it).
                                if let Some(el) = input.get_untracked() {
                                    el.set_value(&formatted);
                                }
                                number.set(formatted);
                            }
                        />
                        <button
                            type="button"
                            class="icon-btn"
                            aria-label="Delete the last digit"
                            title="Delete"
                            hidden=move || on_call.get() || number.with(String::is_empty)
                            on:click=move |_| backspace()
                        >
                            <Svg icon=Icon::ArrowLeft />
                        </button>
                    </div>
                    <p
                        class="field-message"
                        class:field-error=move || number_error.get().is_some()
                        id="dialpad-number-help"
                        data-testid="dial-number-help"
                    >
                        {move || number_error.get().unwrap_or("With the area code; + and the country code abroad.")}
                    </p>
                </div>
                <div class="field">
                    <label class="field-label" for="dialpad-line">
                        "Call from"
                    </label>
                    <select
                        id="dialpad-line"
                        class="input"
                        data-testid="dial-line"
                        prop:value=move || line.get()
                        disabled=move || on_call.get() || no_lines()
                        on:change=move |e| line.set(event_target_value(&e))
                    >
                        {lines_view}
                    </select>
                    <Show when=no_lines>
                        <p class="field-message">
                            "Buy or import a number to call from: " <a href="/phones">"Numbers"</a>
                        </p>
                    </Show>
                </div>
                <div class="keypad" role="group" aria-label=move || if on_call.get() { "Keypad: sends tones to the call" } else { "Keypad" }>
                    {KEYS
                        .into_iter()
                        .map(|(key, letters)| {
                            view! {
                                <button
                                    type="button"
                                    class="key"
                                    aria-label=key
                                    data-key=key
                                    on:click=move |_| press(key)
                                >
                                    <span class="key-digit" aria-hidden="true">{key}</span>
                                    <span class="key-letters" aria-hidden="true">{letters}</span>
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <p class="dialpad-sent" aria-live="polite" hidden=move || sent_digits.with(String::is_empty)>
                    "Sent: " {move || sent_digits.get()}
                </p>
                <div class="dialpad-actions">
                    <button
                        type="button"
                        class="btn btn-secondary dialpad-mute"
                        aria-pressed=move || muted.get().to_string()
                        hidden=move || !on_call.get()
                        on:click=move |_| toggle_mute()
                    >
                        <Svg icon=Icon::Mic />
                        {move || if muted.get() { "Unmute" } else { "Mute" }}
                    </button>
                    {move || {
                        if on_call.get() {
                            view! {
                                <button type="submit" class="btn btn-danger dialpad-call" data-testid="hang-up">
                                    <Svg icon=Icon::Handset />
                                    "Hang up"
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button
                                    type="submit"
                                    class="btn btn-call dialpad-call"
                                    data-testid="place-call"
                                    disabled=no_lines
                                >
                                    <Svg icon=Icon::Handset />
                                    "Call"
                                </button>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </form>
        </aside>
        <button
            type="button"
            class="call-pill"
            data-testid="call-pill"
            hidden=move || open.get() || !on_call.get()
            on:click=move |_| open.set(true)
        >
            <span class="call-pill-dot" aria-hidden="true"></span>
            <span>{status}</span>
            <span class="call-pill-open">"Show"</span>
        </button>
    }
}
