//! Opening an agent's provider session at the voice webhook, before Twilio opens the media
//! stream; the registry it waits in is `clients::realtime::early`.

use uuid::Uuid;

use super::provider;
use crate::clients::realtime::RealtimeSession;
use crate::mods::agent::for_call;
use crate::state::AppState;

/// Starts opening `agent_id`'s session for the call, in the background: the webhook's answer
/// waits for nothing.
pub fn open(state: &AppState, call_sid: &str, phone_id: Uuid, org_id: Uuid, agent_id: Uuid) {
    let early = &state.early_sessions;
    if early.unclaimed_ttl().is_zero() {
        return;
    }
    // A retried webhook replaces the entry; the older session closes when its receiver drops.
    let (ticket, opened) = early.expect(call_sid, phone_id, agent_id);
    let state = state.clone();
    let call_sid = call_sid.to_string();
    let span = tracing::info_span!("early_session", %call_sid);
    tokio::spawn(tracing::Instrument::instrument(
        async move {
            let session = open_for(&state, org_id, agent_id).await;
            if let Err(Some(unwanted)) = opened.send(session) {
                unwanted.close();
            }
            tokio::time::sleep(state.early_sessions.unclaimed_ttl()).await;
            state.early_sessions.expire(&call_sid, ticket);
        },
        span,
    ));
}

async fn open_for(state: &AppState, org_id: Uuid, agent_id: Uuid) -> Option<RealtimeSession> {
    let agent = async {
        let mut conn = state.conn().await.ok()?;
        for_call::load(&mut conn, org_id, agent_id).await.ok()
    };
    let Some(agent) = agent.await else {
        tracing::warn!("could not load the agent to open its provider session early");
        return None;
    };
    match provider::open(state, &agent).await {
        Ok(session) => Some(session),
        Err(e) => {
            // The stream tries again itself, and tells the caller if that fails too.
            tracing::warn!(error = %e, "could not open the provider session early");
            None
        }
    }
}
