//! Pages that show work Loquent is still doing (a live call, a recording being transcribed, a
//! rerun) look again by themselves until it is done. Cheap polling: it backs off while nothing
//! changes, pauses while the tab is hidden, and stops as soon as nothing is pending.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::util;

/// The first wait, and the wait again after a look that found something new: post-call work
/// comes in bursts (the call ends, then its recording, transcript and analysis land seconds
/// apart).
const FIRST_MS: f64 = 2000.0;
/// Each look that found nothing new waits this much longer than the one before…
const GROWTH: f64 = 1.5;
/// …up to this, so a long call is looked at four times a minute.
const LONGEST_MS: f64 = 15_000.0;

/// The wait after one of `last_ms`, given whether that look found something new.
pub fn next_wait(last_ms: f64, changed: bool) -> f64 {
    if changed { FIRST_MS } else { (last_ms * GROWTH).min(LONGEST_MS) }
}

/// Coming back within this of the last look doesn't look again.
const COMING_BACK_MS: f64 = 2000.0;

fn tab_hidden() -> bool {
    document().hidden()
}

/// Calls `look` (which fetches what the page shows, takes it in, and says whether anything
/// changed) while `pending` holds and the tab is shown: first after 2 s, then after waits that
/// grow by half while nothing changes, up to 15 s. Hiding the tab stops it. Coming back to the
/// tab or the window looks once at once, pending or not (a call may have come in meanwhile),
/// and goes on if something is pending. It ends with the component that started it.
pub fn refresh_while<F, Fut>(pending: Signal<bool>, look: F)
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = bool> + 'static,
{
    // Boxed, so the code below is in the bundle once rather than once per page.
    follow(pending, Rc::new(move || Box::pin(look()) as Pin<Box<dyn Future<Output = bool>>>));
}

/// A page's look: fetch, take in, say whether anything changed.
type Look = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = bool>>>>;

fn follow(pending: Signal<bool>, look: Look) {
    // When the last look started, so coming back (which fires both `focus` and
    // `visibilitychange`) looks once.
    let last = Rc::new(Cell::new(0.0));
    let look = {
        let last = Rc::clone(&last);
        Rc::new(move || {
            last.set(js_sys::Date::now());
            look()
        })
    };
    let look_back = {
        let look = Rc::clone(&look);
        move || {
            if tab_hidden() || js_sys::Date::now() - last.get() < COMING_BACK_MS {
                return;
            }
            let look = Rc::clone(&look);
            spawn_local(async move {
                look().await;
            });
        }
    };
    // Bumped whenever polling should stop or start over; a loop that sees another value ends.
    let generation = Arc::new(AtomicU64::new(0));
    let hidden = RwSignal::new(tab_hidden());
    let shown_again = {
        let look_back = look_back.clone();
        window_event_listener(ev::visibilitychange, move |_| {
            hidden.set(tab_hidden());
            look_back();
        })
    };
    let focused = window_event_listener(ev::focus, move |_| look_back());
    {
        let generation = Arc::clone(&generation);
        on_cleanup(move || {
            generation.store(u64::MAX, Ordering::Relaxed);
            shown_again.remove();
            focused.remove();
        });
    }

    let active = Memo::new(move |_| pending.get() && !hidden.get());
    Effect::new(move |_| {
        let active = active.get();
        let Ok(before) = generation.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |g| {
            (g != u64::MAX).then_some(g + 1)
        }) else {
            return;
        };
        let this = before + 1;
        if !active {
            return;
        }
        let look = Rc::clone(&look);
        let generation = Arc::clone(&generation);
        spawn_local(async move {
            let current = || generation.load(Ordering::Relaxed) == this;
            let mut wait = FIRST_MS;
            loop {
                util::sleep(wait as i32).await;
                if !current() {
                    return;
                }
                let changed = look().await;
                wait = next_wait(wait, changed);
            }
        });
    });
}

/// Sets `signal` to `value` when they differ (so nothing that reads it re-renders for nothing);
/// whether they did.
pub fn replace<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) -> bool {
    let differs = signal.with_untracked(|now| *now != value);
    if differs {
        signal.set(value);
    }
    differs
}

#[cfg(test)]
mod tests {
    use super::next_wait;

    #[test]
    fn waits_grow_while_nothing_changes_and_start_over_after_a_change() {
        let mut wait = 2000.0;
        let mut waits = Vec::new();
        for _ in 0..7 {
            wait = next_wait(wait, false);
            waits.push(wait);
        }
        assert_eq!(waits, [3000.0, 4500.0, 6750.0, 10125.0, 15000.0, 15000.0, 15000.0]);
        assert_eq!(next_wait(15000.0, true), 2000.0);
    }
}
