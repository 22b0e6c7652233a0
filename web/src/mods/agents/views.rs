//! Agent pages: the list, a new agent, an agent's settings.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use loquent_shared::{Agent, AgentInput, AgentTools, RealtimeConfig};

use super::components::{AgentCard, AgentForm, DeleteAgentDialog};
use super::voice::voice_label;
use crate::api::{self, ApiError};
use crate::components::{
    CardGridSkeleton, CreateLink, DangerZone, DetailsSkeleton, EmptyState, Icon, ListPage, Loaded,
    MissingState, PageHeader, ReadOnlyNote, id_param, use_toasts,
};
use crate::mods::auth::session::use_session;
use crate::util;

#[component]
pub fn AgentListView() -> impl IntoView {
    let session = use_session();
    let agents = LocalResource::new(move || async move { api::agents::list().await });
    let can_configure = Signal::derive(move || session.can_configure());
    let empty = move || {
        view! {
            <div class="card panel panel-empty">
                <EmptyState
                    icon=Icon::Agents
                    title="No agents yet"
                    description="An agent is the voice on your line: its instructions, its voice and what it may do during a call."
                >
                    <CreateLink href="/agents/new" label="Create your first agent" can_create=can_configure />
                </EmptyState>
            </div>
        }
    };

    view! {
        <ListPage
            title="Agents"
            subtitle="The voices that answer your numbers."
            create=("/agents/new", "New agent")
            can_create=can_configure
        >
            <Loaded
                resource=agents
                fallback=|| view! { <CardGridSkeleton label="Loading agents" /> }
                error_title="Couldn't load your agents"
                is_empty=Vec::is_empty
                empty=empty
                let:list
            >
                <div class="card-grid" data-testid="agent-list">
                    {list.into_iter().map(|agent| view! { <AgentCard agent=agent /> }).collect_view()}
                </div>
            </Loaded>
        </ListPage>
    }
}

#[component]
pub fn AgentCreateView() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    // Started from a number's page ("Create an agent"): back there, with the new agent chosen.
    let for_phone = use_query_map()
        .with_untracked(|q| q.get("for_phone"))
        .and_then(|id| uuid::Uuid::parse_str(&id).ok());
    let initial = AgentInput {
        name: String::new(),
        instructions: String::new(),
        realtime_config: RealtimeConfig::default(),
        tools: AgentTools::default(),
    };
    let on_saved = Callback::new(move |agent: Agent| match for_phone {
        Some(phone) => {
            toasts.success(format!("{} is ready: save to let it answer this number", agent.name));
            navigate(&format!("/phones/{phone}?agent={}", agent.id), Default::default());
        }
        None => {
            toasts.success(format!(
                "{} is ready. Choose the numbers it answers in Phones.",
                agent.name
            ));
            navigate("/agents", Default::default());
        }
    });
    view! {
        <div class="page">
            <PageHeader
                title="New agent"
                subtitle=Signal::derive(|| "Describe your business and pick a voice. You can change everything later.".to_owned())
                back=("/agents", "Agents")
            />
            {move || (!session.can_configure()).then(|| view! { <ReadOnlyNote what="agents" /> })}
            <AgentForm initial=initial editable=Signal::derive(move || session.can_configure()) on_saved=on_saved />
        </div>
    }
}

#[component]
pub fn AgentDetailsView() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let id = id_param();
    let agent = LocalResource::new(move || async move {
        match id.get() {
            Some(id) => api::agents::get(id).await,
            None => Err(ApiError::not_found()),
        }
    });
    let editable = Signal::derive(move || session.can_configure());
    let deleting = RwSignal::new(None::<Agent>);
    let on_saved = Callback::new(move |_: Agent| {
        toasts.success("Changes saved");
        agent.refetch();
    });
    let on_deleted = Callback::new(move |()| {
        let name = deleting.get_untracked().map(|a| a.name).unwrap_or_default();
        deleting.set(None);
        toasts.success(format!("{name} was deleted"));
        navigate("/agents", Default::default());
    });

    view! {
        <div class="page">
            <Loaded
                resource=agent
                fallback=|| view! { <DetailsSkeleton /> }
                error_title="Couldn't load this agent"
                error_head=|| view! { <PageHeader title="Agent" back=("/agents", "Agents") /> }
                not_found=|| {
                    view! {
                        <MissingState
                            icon=Icon::Agents
                            title="This agent isn't here"
                            description="It may have been deleted, or it belongs to another organization."
                            back=("/agents", "Back to agents")
                        />
                    }
                }
                let:loaded
            >
                {

                                let config = &loaded.realtime_config;
                                let subtitle = format!(
                                    "{} · {} · {}",
                                    config.provider.name(),
                                    voice_label(&config.voice),
                                    match loaded.phone_count {
                                        0 => "answers no number yet".to_owned(),
                                        n => format!("answers {}", util::count(n as usize, "number", "numbers")),
                                    },
                                );
                                let initial = AgentInput {
                                    name: loaded.name.clone(),
                                    instructions: loaded.instructions.clone(),
                                    realtime_config: loaded.realtime_config.clone(),
                                    tools: loaded.tools.clone(),
                                };
                                let for_delete = loaded.clone();
                                view! {
                                    <PageHeader
                                        title=loaded.name.clone()
                                        subtitle=Signal::derive(move || subtitle.clone())
                                        back=("/agents", "Agents")
                                    />
                                    {move || (!editable.get()).then(|| view! { <ReadOnlyNote what="agents" /> })}
                                    <AgentForm initial=initial agent_id=loaded.id editable=editable on_saved=on_saved />
                                    <DangerZone
                                        title="Delete this agent"
                                        description="Its numbers stay in Loquent, without an agent to answer them."
                                        button="Delete agent"
                                        can_delete=editable
                                        on_delete=Callback::new(move |()| deleting.set(Some(for_delete.clone())))
                                    />
                                }
                }
            </Loaded>
            {move || {
                deleting
                    .get()
                    .map(|agent| {
                        view! {
                            <DeleteAgentDialog
                                agent=agent
                                on_close=Callback::new(move |()| deleting.set(None))
                                on_deleted=on_deleted
                            />
                        }
                    })
            }}
        </div>
    }
}
