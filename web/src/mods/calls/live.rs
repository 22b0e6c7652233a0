//! Lists of calls that keep up by themselves: while a shown call is live or being processed
//! the list looks again (see [`refresh_while`]) and shows each call's latest version, and the
//! calls that came in since, over what it loaded. Rows are updated in place, so a recording
//! playing in one row plays on while another row changes.

use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use loquent_shared::Call;
use uuid::Uuid;

use crate::api;
use crate::refresh::refresh_while;

/// What a list of calls learned since it loaded its rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fresher {
    /// The latest version of loaded calls that changed since.
    latest: HashMap<Uuid, Call>,
    /// Calls that came in since, newest first.
    arrived: Vec<Call>,
}

impl Fresher {
    /// The rows to show: the calls that came in since, then `loaded` as they are now; at most
    /// `keep` of them when given.
    pub fn over(&self, loaded: &[Call], keep: Option<usize>) -> Vec<Call> {
        let rows = self
            .arrived
            .iter()
            .cloned()
            .chain(loaded.iter().map(|call| self.latest.get(&call.id).unwrap_or(call).clone()));
        match keep {
            Some(n) => rows.take(n).collect(),
            None => rows.collect(),
        }
    }

    /// Takes in a freshly fetched first page, given the rows shown now; whether anything
    /// shown changed. Calls newer than every shown one came in since; older calls not shown
    /// are on pages not loaded, and stay there.
    pub fn take(&mut self, shown: &[Call], fresh: Vec<Call>) -> bool {
        let newest = shown.iter().map(|c| (c.created_at, c.id)).max();
        let mut changed = false;
        for call in fresh {
            match shown.iter().find(|c| c.id == call.id) {
                Some(now) if *now == call => {}
                Some(_) => {
                    changed = true;
                    match self.arrived.iter_mut().find(|c| c.id == call.id) {
                        Some(arrived) => *arrived = call,
                        None => {
                            self.latest.insert(call.id, call);
                        }
                    }
                }
                None if newest.is_none_or(|n| (call.created_at, call.id) > n) => {
                    changed = true;
                    self.arrived.push(call);
                }
                None => {}
            }
        }
        self.arrived.sort_by_key(|c| std::cmp::Reverse((c.created_at, c.id)));
        changed
    }
}

/// A list of calls kept current: give it the loaded rows with [`LiveCalls::over`]; it looks
/// again with `query` while a shown call is being processed.
#[derive(Clone, Copy)]
pub struct LiveCalls {
    fresher: RwSignal<Fresher>,
    /// What the list shows now (empty while it shows its empty state).
    shown: RwSignal<Vec<Call>>,
    /// Which table on screen is followed (see [`LiveCalls::over`]).
    table: StoredValue<u64>,
    keep: Option<usize>,
}

impl LiveCalls {
    /// Follows the list fetched with `query` (the first page of what the list shows). While it
    /// shows nothing, a look that finds calls calls `reload` instead, so the list replaces its
    /// empty state.
    pub fn follow(
        query: impl Fn() -> api::calls::CallQuery + 'static,
        reload: impl Fn() + 'static,
        keep: Option<usize>,
    ) -> LiveCalls {
        // Boxed, so the code below is in the bundle once for every list that follows calls.
        Self::start(Rc::new(query), Rc::new(reload), keep)
    }

    fn start(
        query: Rc<dyn Fn() -> api::calls::CallQuery>,
        reload: Rc<dyn Fn()>,
        keep: Option<usize>,
    ) -> LiveCalls {
        let live = LiveCalls {
            fresher: RwSignal::new(Fresher::default()),
            shown: RwSignal::new(Vec::new()),
            table: StoredValue::new(0),
            keep,
        };
        let pending = Memo::new(move |_| live.shown.with(|rows| rows.iter().any(|c| c.processing)));
        refresh_while(pending.into(), move || {
            let query = query();
            let reload = Rc::clone(&reload);
            async move {
                let Ok(page) = api::calls::list(&query).await else { return false };
                // The page may have gone while the request ran (its signals with it).
                let Some(shown) = live.shown.try_get_untracked() else { return false };
                if shown.is_empty() {
                    if page.items.is_empty() {
                        return false;
                    }
                    reload();
                    return true;
                }
                let mut changed = false;
                live.fresher.try_update(|f| changed = f.take(&shown, page.items));
                changed
            }
        });
        live
    }

    /// Starts over (the list's filters changed: what it loaded is going).
    pub fn reset(self) {
        self.fresher.set(Fresher::default());
        self.shown.set(Vec::new());
    }

    /// The rows to show, given the rows the list loaded. The latest table to ask is the one
    /// followed: one still on screen while the next loads no longer speaks for the list.
    pub fn over(self, loaded: Signal<Vec<Call>>) -> Signal<Vec<Call>> {
        let table = self.table.get_value() + 1;
        self.table.set_value(table);
        let ours = move || self.table.try_get_value() == Some(table);
        let rows = Memo::new(move |_| {
            let loaded = loaded.get();
            self.fresher.with(|f| f.over(&loaded, self.keep))
        });
        Effect::new(move |_| {
            let rows = rows.get();
            if ours() {
                self.shown.set(rows);
            }
        });
        on_cleanup(move || {
            if ours() {
                self.shown.try_set(Vec::new());
            }
        });
        rows.into()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};
    use loquent_shared::{Call, CallDirection, CallStatus};
    use uuid::Uuid;

    use super::Fresher;

    fn call(n: u128, minutes: i64) -> Call {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).single().unwrap_or_default()
            + Duration::minutes(minutes);
        Call {
            id: Uuid::from_u128(n),
            phone_number_id: None,
            contact_id: None,
            contact_name: None,
            call_sid: format!("CA{n:032x}"),
            from_number: "+14155550199".to_owned(),
            to_number: "+14155550101".to_owned(),
            from_to_number: "+14155550199 -> +14155550101".to_owned(),
            direction: CallDirection::Inbound,
            status: CallStatus::InProgress,
            duration_secs: None,
            has_recording: false,
            has_transcription: false,
            created_at: at,
            ended_at: None,
            processing: true,
        }
    }

    fn ids(rows: &[Call]) -> Vec<u128> {
        rows.iter().map(|c| c.id.as_u128()).collect()
    }

    #[test]
    fn changed_calls_replace_theirs_and_new_calls_go_on_top() {
        // Loaded: calls 3, 2 (newest first), and 1 on a later page.
        let loaded = vec![call(3, 30), call(2, 20), call(1, 10)];
        let mut fresher = Fresher::default();
        let shown = fresher.over(&loaded, None);
        assert!(!fresher.take(&shown, vec![call(3, 30), call(2, 20)]), "nothing new");

        let mut ended = call(3, 30);
        ended.status = CallStatus::Completed;
        ended.contact_name = Some("Grace Hopper".to_owned());
        let arrived = call(4, 40);
        assert!(fresher.take(&shown, vec![arrived.clone(), ended.clone(), call(2, 20)]));
        let shown = fresher.over(&loaded, None);
        assert_eq!(ids(&shown), [4, 3, 2, 1]);
        assert_eq!(shown[1], ended);

        // The arrived call changes in its turn; an older call not shown stays off the list.
        let mut done = arrived;
        done.processing = false;
        assert!(fresher.take(&shown, vec![done.clone(), ended, call(0, 5)]));
        let shown = fresher.over(&loaded, None);
        assert_eq!(ids(&shown), [4, 3, 2, 1]);
        assert_eq!(shown[0], done);
        // A short list keeps its length.
        assert_eq!(ids(&fresher.over(&loaded, Some(3))), [4, 3, 2]);
    }
}
