//! Call pages: the list (filters, inline playback, more pages) and a call's details.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use loquent_shared::{CallDetails, CallStatus};

use super::components::{
    AnalysisPanel, CallFilters, CallTable, CallTableSkeleton, Filters, call_length, play_label,
    route, unusual_status, who,
};
use super::live::LiveCalls;
use super::transcript::TranscriptView;
use crate::api::{self, ApiError};
use crate::components::{
    AudioPlayer, DetailsSkeleton, EmptyState, Icon, ListPage, Loaded, MissingState, MorePages,
    PageHeader, PagedRows, Svg, id_param,
};
use crate::mods::auth::session::use_session;
use crate::mods::dialpad::NewCallButton;
use crate::mods::todos::section::{LazyTodoSection, TodosOf};
use crate::range::DateRange;
use crate::refresh::{refresh_while, replace};
use crate::util;

#[component]
pub fn CallListView() -> impl IntoView {
    let navigate = use_navigate();
    let query = use_query_map();
    let session = use_session();
    let can_call = Signal::derive(move || session.can_edit());
    let filters = Memo::new(move |_| {
        query.with(|q| Filters {
            range: DateRange::read(
                q.get_str("range"),
                q.get_str("from"),
                q.get_str("to"),
                Filters::DEFAULT_RANGE,
            ),
            phone: q.get("phone").unwrap_or_default(),
        })
    });
    // The inputs follow the address (back and forward too); changing them changes the address.
    let range = RwSignal::new(DateRange::preset(Filters::DEFAULT_RANGE));
    let phone = RwSignal::new(String::new());
    Effect::new(move |_| {
        let f = filters.get();
        if range.with_untracked(|r| *r != f.range) {
            range.set(f.range);
        }
        if phone.with_untracked(|p| *p != f.phone) {
            phone.set(f.phone);
        }
    });
    let on_change = Callback::new(move |()| {
        let next = Filters { range: range.get_untracked(), phone: phone.get_untracked() };
        if next.backwards() || next == filters.get_untracked() {
            return;
        }
        let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
        navigate(&format!("/calls{}", next.search()), options);
    });

    let first = LocalResource::new(move || {
        let query = filters.get().query();
        async move { api::calls::list(&query).await }
    });
    // The numbers to filter by; without them the list still works.
    let phones =
        LocalResource::new(move || async move { api::phones::list().await.unwrap_or_default() });
    let phone_list = Signal::derive(move || phones.get().unwrap_or_default());

    // Pages after the first, until the filters change.
    let more = MorePages::new(filters, |filters: Filters, cursor| async move {
        api::calls::list(&api::calls::CallQuery { cursor: Some(cursor), ..filters.query() }).await
    });
    // Calls live or being processed move on by themselves; new ones come in on top.
    let live =
        LiveCalls::follow(move || filters.get_untracked().query(), move || first.refetch(), None);
    Effect::new(move |_| {
        filters.track();
        live.reset();
    });
    let clear = Callback::new(move |()| {
        range.set(DateRange::preset(Filters::DEFAULT_RANGE));
        phone.set(String::new());
        on_change.run(());
    });

    // No calls yet, or none matching the filters.
    let empty = move || {
        if filters.with_untracked(Filters::is_empty) {
            view! {
                <div class="list-empty">
                    <EmptyState
                        icon=Icon::Calls
                        title="No calls yet"
                        description="Once a number has an agent, every call shows up here with its recording and transcript."
                    >
                        <a class="btn btn-secondary" href="/phones">
                            "Set up a number"
                            <Svg icon=Icon::ArrowRight />
                        </a>
                    </EmptyState>
                </div>
            }
                .into_any()
        } else {
            view! {
                <div class="list-empty" data-testid="no-matching-calls">
                    <EmptyState
                        icon=Icon::Search
                        title="No calls match these filters"
                        description="Try other days or another number."
                    >
                        <button type="button" class="btn btn-secondary" on:click=move |_| clear.run(())>
                            "Clear filters"
                        </button>
                    </EmptyState>
                </div>
            }
                .into_any()
        }
    };

    view! {
        <ListPage
            title="Calls"
            subtitle="Every call with your numbers, with its recording, transcript and analysis."
            action=move || can_call.get().then(|| view! { <NewCallButton /> })
        >
            <section class="card panel list-panel" aria-label="Calls">
                <CallFilters range=range phone=phone phones=phone_list on_change=on_change />
                <Loaded
                    resource=first
                    fallback=|| view! { <CallTableSkeleton /> }
                    error_title="Couldn't load your calls"
                    in_panel=true
                    is_empty=|page: &loquent_shared::CallPage| page.items.is_empty()
                    empty=empty
                    let:page
                >
                    <PagedRows page=page more=more error_title="Couldn't load more calls" let:rows>
                        <CallTable rows=live.over(rows) />
                    </PagedRows>
                </Loaded>
            </section>
        </ListPage>
    }
}

#[component]
pub fn CallDetailsView() -> impl IntoView {
    let id = id_param();
    let details = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::calls::get(id).await,
                None => Err(ApiError::not_found()),
            }
        }
    });

    view! {
        <div class="page">
            <Loaded
                resource=details
                fallback=|| view! { <DetailsSkeleton /> }
                error_title="Couldn't load this call"
                error_head=|| view! { <PageHeader title="Call" back=("/calls", "Calls") /> }
                not_found=|| {
                    view! {
                        <MissingState
                            icon=Icon::Calls
                            title="This call isn't here"
                            description="It may have been removed, or it belongs to another organization."
                            back=("/calls", "Back to calls")
                        />
                    }
                }
                let:details
            >
                <CallPage details=details />
            </Loaded>
        </div>
    }
}

/// A call: its recording, transcript, analysis and facts. While Loquent is still working on it
/// (live, recording on its way, transcribing, analyzing, a rerun) the page looks again by
/// itself and each part follows.
#[component]
fn CallPage(details: CallDetails) -> impl IntoView {
    let CallDetails { call, transcription, transcript_turns, analysis_groups } = details;
    let id = call.id;
    let call = RwSignal::new(call);
    let transcription = RwSignal::new(transcription);
    let transcript_turns = RwSignal::new(transcript_turns);
    let groups = RwSignal::new(analysis_groups);
    // A rerun's runs are awaited too: the call is being processed again from the moment it's
    // queued, but the page only learns that by looking.
    let awaiting = RwSignal::new(false);
    let pending = Memo::new(move |_| call.with(|c| c.processing) || awaiting.get());
    refresh_while(pending.into(), move || async move {
        let Ok(fresh) = api::calls::get(id).await else { return false };
        let changed = [
            replace(call, fresh.call),
            replace(transcription, fresh.transcription),
            replace(transcript_turns, fresh.transcript_turns),
            replace(groups, fresh.analysis_groups),
        ];
        changed.contains(&true)
    });

    let has_recording = Memo::new(move |_| call.with(|c| c.has_recording));
    let has_transcription = Memo::new(move |_| call.with(|c| c.has_transcription));
    let title = Signal::derive(move || call.with(who));
    let subtitle = Signal::derive(move || {
        call.with(|c| format!("{} · {}", route(c), util::date_time(c.created_at)))
    });
    let contact = move || match call.with(|c| (c.contact_id, c.contact_name.clone())) {
        (Some(id), name) => {
            let name = name.unwrap_or_else(|| "Unnamed contact".to_owned());
            view! {
                <a class="inline-link" href=format!("/contacts/{id}") data-testid="call-contact-link">
                    {name}
                    <Svg icon=Icon::ArrowRight />
                </a>
            }
                .into_any()
        }
        (None, _) => view! { <span class="muted">"Unknown caller"</span> }.into_any(),
    };
    let status = move || call.with(|c| unusual_status(c).unwrap_or_else(|| c.status.label()));
    let completed = move || call.with(|c| c.status == CallStatus::Completed);
    let direction = move || match call.with(|c| c.direction) {
        loquent_shared::CallDirection::Inbound => "Inbound",
        loquent_shared::CallDirection::Outbound => "Outbound",
    };
    let recording = move || {
        if has_recording.get() {
            let (expected, label) = call.with_untracked(|c| (c.duration_secs, play_label(c)));
            view! { <AudioPlayer src=api::calls::recording_url(id) expected=expected label=label /> }
                .into_any()
        } else {
            let text = if call.with(|c| c.ended_at.is_none() && c.processing) {
                "The call is still going. Its recording is stored a few moments after it ends."
            } else {
                "No recording for this call yet. It's stored a few moments after the call ends."
            };
            view! {
                <p class="status-line" class:status-pending=move || call.with(|c| c.processing)>
                    <Svg icon=Icon::Mic />
                    <span>{text}</span>
                </p>
            }
            .into_any()
        }
    };
    let caller = Signal::derive(move || call.with(|c| c.contact_name.clone().unwrap_or_default()));
    let transcript = move || {
        match transcription.get() {
        Some(text) => view! {
            <TranscriptView transcript=text turns=transcript_turns.get() caller=caller.get_untracked() />
        }
        .into_any(),
        None if has_recording.get() || call.with(|c| c.processing) => view! {
            <EmptyState
                compact=true
                icon=Icon::FileText
                title="Transcribing…"
                description="The transcript shows up here a minute or so after the call ends."
            />
        }
        .into_any(),
        None => view! {
            <EmptyState
                compact=true
                icon=Icon::FileText
                title="No transcript"
                description="There's no recording to transcribe for this call."
            />
        }
        .into_any(),
    }
    };

    view! {
        <PageHeader title=title subtitle=subtitle back=("/calls", "Calls") />
        <section class="card panel player-panel" aria-label="Recording">
            {recording}
        </section>
        <div class="grid grid-2-1">
            <div class="stack">
                <AnalysisPanel call_id=id groups=groups has_transcription=has_transcription awaiting=awaiting />
                <LazyTodoSection of=TodosOf::Call(id) />
                <section class="card panel" aria-labelledby="transcript-title">
                    <div class="panel-head">
                        <div>
                            <h2 class="panel-title" id="transcript-title">
                                "Transcript"
                            </h2>
                            <p class="panel-subtitle">"What was said, as the recording was transcribed."</p>
                        </div>
                    </div>
                    {transcript}
                </section>
            </div>
            <section class="card panel panel-aside" aria-labelledby="call-details-title">
                <div class="panel-head">
                    <h2 class="panel-title" id="call-details-title">
                        "Details"
                    </h2>
                </div>
                <dl class="details details-stacked">
                    <div>
                        <dt>"Contact"</dt>
                        <dd>{contact}</dd>
                    </div>
                    <div>
                        <dt>"From"</dt>
                        <dd data-testid="call-from">{move || call.with(|c| util::phone_number(&c.from_number))}</dd>
                    </div>
                    <div>
                        <dt>"To"</dt>
                        <dd>{move || call.with(|c| util::phone_number(&c.to_number))}</dd>
                    </div>
                    <div>
                        <dt>"Date"</dt>
                        <dd>{move || call.with(|c| util::date_time(c.created_at))}</dd>
                    </div>
                    <div>
                        <dt>"Duration"</dt>
                        <dd>{move || call.with(call_length)}</dd>
                    </div>
                    <div>
                        <dt>"Status"</dt>
                        <dd data-testid="call-status">
                            <span class="badge" class:badge-success=completed>{status}</span>
                            " "
                            <span class="badge badge-muted">{direction}</span>
                            {move || {
                                call.with(|c| c.processing && c.ended_at.is_some())
                                    .then(|| view! { " " <span class="badge badge-muted is-live">"processing…"</span> })
                            }}
                        </dd>
                    </div>
                </dl>
            </section>
        </div>
    }
}
