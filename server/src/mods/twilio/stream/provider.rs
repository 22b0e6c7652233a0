//! Opening an agent's realtime provider session: its provider, with its voice, instructions,
//! turn taking and tools.

use loquent_shared::{Eagerness, NoiseReduction, RealtimeProvider, TurnDetection};

use super::tools;
use crate::clients::realtime::{ConnectError, RealtimeSession, SessionSettings, gemini, openai};
use crate::mods::agent::for_call::CallAgent;
use crate::state::AppState;

pub async fn open(state: &AppState, agent: &CallAgent) -> Result<RealtimeSession, ConnectError> {
    let settings = settings_for(agent);
    let config = &state.config;
    match agent.realtime_config.provider {
        RealtimeProvider::Openai => {
            openai::connect(&config.openai_base_url, config.openai_api_key.as_ref(), &settings)
                .await
        }
        RealtimeProvider::Gemini => {
            gemini::connect(&config.gemini_base_url, config.gemini_api_key.as_ref(), &settings)
                .await
        }
    }
}

fn settings_for(agent: &CallAgent) -> SessionSettings {
    let rc = &agent.realtime_config;
    SessionSettings {
        model: rc.model.clone(),
        instructions: agent.instructions.clone(),
        voice: rc.voice.clone(),
        speed: rc.speed,
        noise_reduction: match rc.noise_reduction {
            NoiseReduction::Off => None,
            NoiseReduction::NearField => Some("near_field"),
            NoiseReduction::FarField => Some("far_field"),
        },
        turn_detection: match rc.turn_detection {
            TurnDetection::ServerVad => "server_vad",
            TurnDetection::SemanticVad => "semantic_vad",
        },
        eagerness: match rc.eagerness {
            Eagerness::Low => "low",
            Eagerness::Medium => "medium",
            Eagerness::High => "high",
            Eagerness::Auto => "auto",
        },
        tools: tools::specs(agent),
    }
}
