//! The calls table, the filters and a call's analysis.

use leptos::prelude::*;
use loquent_shared::{Call, CallAnalysisGroup, CallDirection, CallStatus, Phone};
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::sentence;
use crate::components::{
    EmptyState, ErrorBanner, Icon, PlayButton, ProgressLine, RangeFilter, RangeIds, SelectField,
    Spinner, Svg, Track, use_toasts,
};
use crate::mods::auth::session::use_session;
use crate::range::{DateRange, Preset};
use crate::util;

/// The other party's number: the caller on inbound calls, the callee on outbound ones.
pub fn other_number(call: &Call) -> &str {
    match call.direction {
        CallDirection::Inbound => &call.from_number,
        CallDirection::Outbound => &call.to_number,
    }
}

/// "Inbound" or "Outbound", for people.
pub fn direction(call: &Call) -> &'static str {
    match call.direction {
        CallDirection::Inbound => "Inbound",
        CallDirection::Outbound => "Outbound",
    }
}

/// "(415) 555-0199 → (415) 555-0101"
pub fn route(call: &Call) -> String {
    format!("{} → {}", util::phone_number(&call.from_number), util::phone_number(&call.to_number))
}

/// Who the call was with, for people: the contact's name, or else their number.
pub fn who(call: &Call) -> String {
    call.contact_name.clone().unwrap_or_else(|| util::phone_number(other_number(call)))
}

/// "Play the call with Grace Hopper"
pub fn play_label(call: &Call) -> String {
    format!("Play the call with {}", who(call))
}

/// Why a call's play button is off, if it is.
pub fn unavailable(call: &Call) -> Option<&'static str> {
    (!call.has_recording).then_some("No recording for this call")
}

/// A status other than `completed`, worded for people ("no answer").
pub fn unusual_status(call: &Call) -> Option<String> {
    (call.status != CallStatus::Completed).then(|| call.status.label())
}

pub fn call_length(call: &Call) -> String {
    call.duration_secs.map_or_else(|| "—".to_owned(), |s| util::duration(f64::from(s)))
}

/// The calls, newest first: a table on wide screens, cards on narrow ones.
#[component]
pub fn CallTable(#[prop(into)] rows: Signal<Vec<Call>>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table calls-table" data-testid="calls-table">
                <thead>
                    <tr>
                        <th scope="col" class="cell-play">
                            <span class="sr-only">"Recording"</span>
                        </th>
                        <th scope="col">"Contact"</th>
                        <th scope="col">"From → To"</th>
                        <th scope="col">"Date"</th>
                        <th scope="col" class="cell-num">
                            "Duration"
                        </th>
                        <th scope="col" class="cell-chevron">
                            <span class="sr-only">"Open"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|call| call.id let:call>
                        <CallRow call=current(rows, call) />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// One call of `rows` as it is now: a live list's row follows its call (updated in place, so
/// playback goes on) instead of being rebuilt.
pub fn current(rows: Signal<Vec<Call>>, call: Call) -> Memo<Call> {
    let id = call.id;
    Memo::new(move |_| {
        rows.with(|r| r.iter().find(|c| c.id == id).cloned()).unwrap_or_else(|| call.clone())
    })
}

#[component]
fn CallRow(call: Memo<Call>) -> impl IntoView {
    let (id, created_at, expected) = call.with_untracked(|c| (c.id, c.created_at, c.duration_secs));
    let track = Track::new(expected);
    let href = format!("/calls/{id}");
    view! {
        <tr class="call-row" class:is-playing=move || track.is_playing() data-testid="call-row">
            <td class="cell-play">
                {track.audio(api::calls::recording_url(id), "none")}
                <PlayButton
                    track=track
                    label=Signal::derive(move || call.with(play_label))
                    unavailable=Signal::derive(move || call.with(unavailable))
                />
                <ProgressLine track=track />
            </td>
            <td class="cell-contact">
                <a class="row-link" href=href data-testid="call-contact">
                    {move || match call.with(|c| c.contact_name.clone()) {
                        Some(name) => view! { <span class="cell-strong">{name}</span> }.into_any(),
                        None => view! { <span class="cell-unknown">"Unknown caller"</span> }.into_any(),
                    }}
                </a>
                <CallState call=call />
            </td>
            <td class="cell-muted cell-route">
                <span>{move || call.with(route)}</span>
                <span class="cell-sub" data-testid="call-direction">{move || call.with(direction)}</span>
            </td>
            <td class="cell-date" title=util::date_time(created_at)>
                <span class="cell-day">{util::day(created_at)}</span>
                <span class="cell-sub">{util::time(created_at)}</span>
            </td>
            <td class="cell-num cell-duration">{move || call.with(call_length)}</td>
            <td class="cell-chevron" aria-hidden="true">
                <Svg icon=Icon::ChevronRight />
            </td>
        </tr>
    }
}

/// Where a call stands when that's worth saying: live or unusual ("in progress", "no answer"),
/// or still being processed after it ended.
pub fn state_label(call: &Call) -> Option<String> {
    unusual_status(call).or_else(|| call.processing.then(|| "processing…".to_owned()))
}

/// A call's [`state_label`] as a badge, following the call.
#[component]
pub fn CallState(#[prop(into)] call: Signal<Call>) -> impl IntoView {
    move || {
        call.with(|c| {
            let live = c.processing;
            state_label(c).map(|label| {
                view! {
                    <span class="badge badge-muted call-status" class:is-live=live data-testid="call-state">
                        {label}
                    </span>
                }
            })
        })
    }
}

/// Placeholder rows while calls load.
#[component]
pub fn CallTableSkeleton(#[prop(default = 4)] rows: usize) -> impl IntoView {
    view! {
        <div class="skeleton-list" role="status" aria-label="Loading calls">
            {(0..rows)
                .map(|_| {
                    view! {
                        <div class="skeleton-row">
                            <span class="skeleton skeleton-round"></span>
                            <span class="skeleton skeleton-line"></span>
                            <span class="skeleton skeleton-line short"></span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The list's filters, as the address holds them: a date range and a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    pub range: DateRange,
    pub phone: String,
}

impl Filters {
    /// The list shows every call until a range is picked.
    pub const DEFAULT_RANGE: Preset = Preset::All;

    pub fn is_empty(&self) -> bool {
        self.range.preset == Self::DEFAULT_RANGE && self.phone.is_empty()
    }

    /// The range is backwards (`to` before `from`).
    pub fn backwards(&self) -> bool {
        self.range.backwards()
    }

    /// The list request: the range's days, whole.
    pub fn query(&self) -> api::calls::CallQuery {
        let (from, to) = self.range.bounds();
        api::calls::CallQuery {
            from,
            to,
            phone_number_id: Uuid::parse_str(&self.phone).ok(),
            ..Default::default()
        }
    }

    /// `?range=…` (or `?from=…&to=…`) `&phone=…` for the address.
    pub fn search(&self) -> String {
        let mut pairs = self.range.params(Self::DEFAULT_RANGE);
        if !self.phone.is_empty() {
            pairs.push(("phone", self.phone.clone()));
        }
        let pairs: Vec<(&str, Option<&str>)> =
            pairs.iter().map(|(k, v)| (*k, Some(v.as_str()))).collect();
        api::query_string(&pairs)
    }
}

/// The dates and the number, above the table.
#[component]
pub fn CallFilters(
    range: RwSignal<DateRange>,
    phone: RwSignal<String>,
    #[prop(into)] phones: Signal<Vec<Phone>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let options = Signal::derive(move || {
        let mut options = vec![(String::new(), "All numbers".to_owned())];
        options.extend(phones.get().into_iter().map(|p| {
            let number = util::phone_number(&p.number);
            let label = if p.friendly_name == number || p.friendly_name == p.number {
                number
            } else {
                format!("{} · {number}", p.friendly_name)
            };
            (p.id.to_string(), label)
        }));
        options
    });
    let filtered =
        move || range.with(|r| r.preset != Filters::DEFAULT_RANGE) || !phone.with(String::is_empty);
    let ids = RangeIds { preset: "calls-range", from: "calls-from", to: "calls-to" };
    view! {
        <div class="filters" role="search" aria-label="Filter calls">
            <RangeFilter ids=ids range=range on_change=on_change />
            <Show when=move || !phones.with(Vec::is_empty)>
                <SelectField id="calls-phone" label="Number" value=phone options=options on_change=on_change />
            </Show>
            <Show when=filtered>
                <button
                    type="button"
                    class="btn btn-ghost btn-sm filters-clear"
                    on:click=move |_| {
                        range.set(DateRange::preset(Filters::DEFAULT_RANGE));
                        phone.set(String::new());
                        on_change.run(());
                    }
                >
                    <Svg icon=Icon::Close />
                    "Clear"
                </button>
            </Show>
        </div>
    }
}

fn total_runs(groups: &[CallAnalysisGroup]) -> usize {
    groups.iter().map(|g| g.runs.len()).sum()
}

/// Where a rerun stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rerun {
    Idle,
    /// Queued: waiting for `expected` analyzers' runs on top of the `before` there were.
    Running {
        expected: u32,
        before: usize,
        slow: bool,
    },
    /// No active analyzer is assigned to the call's number.
    NoAnalyzers,
    Failed(ApiError),
}

/// How long a rerun may take before the panel says it's slow (the runs still show when they
/// come).
const SLOW_RERUN_MS: u64 = 30_000;

/// The analyzers' findings: pick an analyzer, read its runs newest first, rerun them all. The
/// page brings in new runs (it looks again while `awaiting` a rerun's).
#[component]
pub fn AnalysisPanel(
    call_id: Uuid,
    groups: RwSignal<Vec<CallAnalysisGroup>>,
    #[prop(into)] has_transcription: Signal<bool>,
    awaiting: RwSignal<bool>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let selected = RwSignal::new(
        groups.with_untracked(|g| g.first().map(|g| g.analyzer_id.to_string()).unwrap_or_default()),
    );
    let state = RwSignal::new(Rerun::Idle);

    // The first runs of a call with none yet are shown as they come.
    Effect::new(move |_| {
        if let Some(first) = groups.with(|g| g.first().map(|g| g.analyzer_id.to_string()))
            && selected.with_untracked(String::is_empty)
        {
            selected.set(first);
        }
    });
    // A rerun is done when all its runs are in.
    Effect::new(move |_| {
        let runs = groups.with(|g| total_runs(g));
        if let Rerun::Running { expected, before, .. } = state.get_untracked()
            && runs.saturating_sub(before) >= expected as usize
        {
            state.set(Rerun::Idle);
            awaiting.set(false);
            toasts.success(if expected == 1 {
                "1 analyzer re-ran".to_owned()
            } else {
                format!("{expected} analyzers re-ran")
            });
        }
    });

    let rerun = Action::new_local(move |(): &()| async move {
        let before = groups.with_untracked(|g| total_runs(g));
        let accepted = match api::calls::rerun(call_id).await {
            Ok(accepted) => accepted,
            Err(error) => {
                state.set(Rerun::Failed(error));
                return;
            }
        };
        let expected = accepted.analyzers;
        if expected == 0 {
            state.set(Rerun::NoAnalyzers);
            return;
        }
        state.set(Rerun::Running { expected, before, slow: false });
        awaiting.set(true);
        // By then the call says it's being processed for as long as the rerun's jobs wait or
        // run, so the page goes on looking without being asked to.
        set_timeout(
            move || {
                awaiting.try_set(false);
                state.try_update(|s| {
                    if let Rerun::Running { slow, .. } = s {
                        *slow = true;
                    }
                });
            },
            std::time::Duration::from_millis(SLOW_RERUN_MS),
        );
    });
    let running = move || matches!(state.get(), Rerun::Running { .. }) || rerun.pending().get();

    let options = Signal::derive(move || {
        groups.with(|g| {
            g.iter()
                .map(|g| {
                    let runs = util::count(g.runs.len(), "run", "runs");
                    (g.analyzer_id.to_string(), format!("{} ({runs})", g.analyzer_name))
                })
                .collect::<Vec<_>>()
        })
    });
    let current = move || {
        let id = selected.get();
        groups.with(|g| g.iter().find(|g| g.analyzer_id.to_string() == id).or(g.first()).cloned())
    };
    let no_transcript_reason = "There's no transcription to analyze yet";

    view! {
        <section class="card panel" aria-labelledby="analysis-title" data-testid="analysis">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="analysis-title">
                        "Analysis"
                    </h2>
                    <p class="panel-subtitle">"What your analyzers found in this call."</p>
                </div>
                <Show when=move || session.can_edit()>
                    <span class="tooltip-wrap" title=move || (!has_transcription.get()).then_some(no_transcript_reason)>
                        <button
                            type="button"
                            class="btn btn-secondary btn-sm"
                            disabled=move || !has_transcription.get() || running()
                            aria-busy=move || running().to_string()
                            on:click=move |_| {
                                state.set(Rerun::Idle);
                                rerun.dispatch(());
                            }
                        >
                            {move || {
                                if running() {
                                    view! { <Spinner /> }.into_any()
                                } else {
                                    view! { <Svg icon=Icon::Refresh /> }.into_any()
                                }
                            }}
                            <span>{move || if running() { "Rerunning…" } else { "Rerun Analysis" }}</span>
                        </button>
                    </span>
                </Show>
            </div>
            {move || match state.get() {
                Rerun::Running { expected, slow: false, .. } => {
                    view! {
                        <p class="status-line status-pending" role="status" data-testid="rerun-status">
                            <Spinner />
                            <span>
                                {format!(
                                    "Re-running {}… results appear here as each finishes.",
                                    util::count(expected as usize, "analyzer", "analyzers"),
                                )}
                            </span>
                        </p>
                    }
                        .into_any()
                }
                Rerun::Running { slow: true, .. } => {
                    view! {
                        <p class="status-line status-pending" role="status" data-testid="rerun-status">
                            <Svg icon=Icon::Clock />
                            <span>"This is taking longer than usual. The new results show here as soon as they're in."</span>
                        </p>
                    }
                        .into_any()
                }
                Rerun::NoAnalyzers => {
                    view! {
                        <p class="status-line" role="status">
                            <Svg icon=Icon::Info />
                            <span>
                                "No active analyzer is assigned to this call's number. "
                                <a href="/analyzers">"Set up analyzers"</a>
                            </span>
                        </p>
                    }
                        .into_any()
                }
                Rerun::Failed(error) => {
                    let message = rerun_message(&error);
                    view! { <ErrorBanner error=ApiError { message, ..error } /> }.into_any()
                }
                Rerun::Idle => ().into_any(),
            }}
            {move || {
                if groups.with(Vec::is_empty) {
                    let description = if has_transcription.get() {
                        "No analyzer has run on this call. Assign analyzers to the number, then rerun the analysis."
                    } else {
                        "Analyzers read the transcript once the recording is transcribed."
                    };
                    return view! {
                        <EmptyState compact=true icon=Icon::Analyzers title="No analysis yet" description=description />
                    }
                        .into_any();
                }
                view! {
                    <SelectField id="analyzer" label="Analyzer" value=selected options=options />
                    {move || current().map(|group| view! { <RunList group=group /> })}
                }
                    .into_any()
            }}
        </section>
    }
}

/// One analyzer's runs on the call, newest first.
#[component]
fn RunList(group: CallAnalysisGroup) -> impl IntoView {
    view! {
        <ol class="runs" data-testid="analysis-runs">
            {group
                .runs
                .into_iter()
                .enumerate()
                .map(|(i, run)| {
                    view! {
                        <li class="run" data-testid="analysis-run">
                            <div class="run-head">
                                {(i == 0).then(|| view! { <span class="badge badge-success">"Latest"</span> })}
                                <time class="run-time" title=util::date_time(run.created_at)>
                                    {format!("{} · {}", util::date_time(run.created_at), util::relative(run.created_at))}
                                </time>
                            </div>
                            <p class="run-text">{run.analysis_text}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

fn rerun_message(error: &ApiError) -> String {
    match error.code.as_str() {
        "no_transcription" => "This call has no transcription to analyze yet.".to_owned(),
        "forbidden" => "Viewers can't rerun the analysis.".to_owned(),
        _ => sentence(&error.message),
    }
}
