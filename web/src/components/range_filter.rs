//! The date range picker of the dashboard and the call list: a preset, and the two days it
//! covers, which can be changed (making it a range of picked days).

use leptos::prelude::*;

use super::{Binding, SelectField, TextField};
use crate::range::{DateRange, Preset};
use crate::util;

/// The ids of the picker's three fields, unique on the page.
#[derive(Debug, Clone, Copy)]
pub struct RangeIds {
    pub preset: &'static str,
    pub from: &'static str,
    pub to: &'static str,
}

#[component]
pub fn RangeFilter(
    ids: RangeIds,
    range: RwSignal<DateRange>,
    on_change: Callback<()>,
) -> impl IntoView {
    let shown = move |r: &DateRange| r.days(util::local_day);
    let preset = Binding::field(
        range,
        |r| r.preset.key().to_owned(),
        move |r, key: String| {
            *r = match Preset::from_key(&key) {
                // Picking "Custom dates" starts from the days shown.
                Some(Preset::Custom) | None => {
                    let (from, to) = shown(r);
                    DateRange { preset: Preset::Custom, from, to }
                }
                Some(preset) => DateRange::preset(preset),
            }
        },
    );
    let from = Binding::field(
        range,
        move |r| shown(r).0,
        move |r, from| *r = DateRange { preset: Preset::Custom, from, to: shown(r).1 },
    );
    let to = Binding::field(
        range,
        move |r| shown(r).1,
        move |r, to| *r = DateRange { preset: Preset::Custom, from: shown(r).0, to },
    );
    let options = Signal::derive(|| {
        Preset::CHOICES.iter().map(|p| (p.key().to_owned(), p.label().to_owned())).collect()
    });
    let to_error = Signal::derive(move || {
        range.with(DateRange::backwards).then(|| "Before the start date".to_owned())
    });
    view! {
        <SelectField id=ids.preset label="Dates" value=preset options=options on_change=on_change />
        <TextField id=ids.from label="From" kind="date" value=from error=Signal::derive(|| None::<String>) on_input=on_change />
        <TextField id=ids.to label="To" kind="date" value=to error=to_error on_input=on_change />
    }
}
