//! AI agents: what answers a phone number, with which voice model and tools.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, validate_e164, validate_name};

mod provider;

pub use provider::{GEMINI_VOICES, OPENAI_VOICES, RealtimeProvider, RealtimeSetting};

/// An agent, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agent {
    /// Agent id.
    pub id: Uuid,
    /// Name shown to staff, e.g. "Receptionist".
    pub name: String,
    /// The system prompt: who the agent is and how it helps callers.
    pub instructions: String,
    /// The realtime speech model and how it listens and speaks.
    pub realtime_config: RealtimeConfig,
    /// What the agent may do during a call.
    pub tools: AgentTools,
    /// How many of the organization's numbers this agent answers.
    pub phone_count: u32,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// Creates an agent, or replaces one entirely (`PUT`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Receptionist",
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "You answer calls for Acme Dental. Be brief and warm.",
            max_length = 20000,
            pattern = r"^[^\x00]*$"
        )
    )]
    pub instructions: String,
    #[serde(default)]
    pub realtime_config: RealtimeConfig,
    #[serde(default)]
    pub tools: AgentTools,
}

/// Longest instructions accepted: generous for a system prompt, bounded for the database.
pub const MAX_INSTRUCTIONS_LEN: usize = 20_000;
pub const MAX_TRANSFER_NUMBERS: usize = 10;

impl AgentInput {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_name("name", &self.name)?;
        if self.instructions.chars().count() > MAX_INSTRUCTIONS_LEN {
            return Err(FieldError::new(
                "instructions",
                "too_long",
                format!("must be at most {MAX_INSTRUCTIONS_LEN} characters"),
            ));
        }
        self.realtime_config.validate()?;
        self.tools.validate()
    }
}

/// Background-noise filtering of the caller's audio (OpenAI; Gemini ignores it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoiseReduction {
    Off,
    /// Close-talking microphones: handsets, headsets. Right for phone calls.
    #[default]
    NearField,
    /// Room microphones: speakerphones, conference rooms.
    FarField,
}

/// How the model decides the caller has finished speaking (OpenAI; Gemini ignores it and
/// detects turns itself).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TurnDetection {
    /// Silence-based voice activity detection.
    ServerVad,
    /// A model judges whether the caller's utterance is complete.
    #[default]
    SemanticVad,
}

/// How readily the agent takes its turn: with OpenAI, under semantic turn detection only; with
/// Gemini, how soon it decides the caller has finished speaking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Eagerness {
    Low,
    Medium,
    High,
    #[default]
    Auto,
}

/// The realtime model and its speech settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RealtimeConfig {
    pub provider: RealtimeProvider,
    /// The provider's model: OpenAI's are `gpt-…realtime…`, Gemini's `gemini-…`.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "gpt-realtime", max_length = 100, pattern = r"^[A-Za-z0-9_.:/-]+$")
    )]
    pub model: String,
    /// One of the provider's voices: OpenAI's alloy, ash, ballad, coral, echo, sage, shimmer,
    /// verse, marin, cedar; Gemini's 30 prebuilt voices (Zephyr, Puck, Charon, Kore, …).
    #[cfg_attr(
        feature = "openapi",
        schema(example = "marin", max_length = 100, pattern = r"^[A-Za-z0-9_.:/-]+$")
    )]
    pub voice: String,
    /// Speaking rate, 0.25 to 1.5 (1.0 is normal). OpenAI; Gemini ignores it.
    #[cfg_attr(feature = "openapi", schema(minimum = 0.25, maximum = 1.5, example = 1.0))]
    pub speed: f64,
    pub noise_reduction: NoiseReduction,
    pub turn_detection: TurnDetection,
    pub eagerness: Eagerness,
}

impl Default for RealtimeConfig {
    fn default() -> Self {
        RealtimeConfig::for_provider(RealtimeProvider::default())
    }
}

impl RealtimeConfig {
    /// The settings a new agent of this provider starts with.
    pub fn for_provider(provider: RealtimeProvider) -> Self {
        RealtimeConfig {
            provider,
            model: provider.default_model().into(),
            voice: provider.default_voice().into(),
            speed: 1.0,
            noise_reduction: NoiseReduction::default(),
            turn_detection: TurnDetection::default(),
            eagerness: Eagerness::default(),
        }
    }

    /// Whether `setting` takes effect for this agent: its provider honours it and, where the
    /// provider offers a choice of turn detection, eagerness only with semantic detection.
    pub fn applies(&self, setting: RealtimeSetting) -> bool {
        let provider = self.provider;
        match setting {
            RealtimeSetting::Eagerness if provider.honours(RealtimeSetting::TurnDetection) => {
                provider.honours(setting) && self.turn_detection == TurnDetection::SemanticVad
            }
            _ => provider.honours(setting),
        }
    }

    /// Checks the names' form, that the model and voice are the provider's own, and the speed
    /// even for a provider that ignores it: the value is kept, and used again if the agent
    /// switches back.
    pub fn validate(&self) -> Result<(), FieldError> {
        for (field, value) in
            [("realtime_config.model", &self.model), ("realtime_config.voice", &self.voice)]
        {
            let ok = !value.trim().is_empty()
                && value.len() <= 100
                && value.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:/".contains(c));
            if !ok {
                return Err(FieldError::new(
                    field,
                    "invalid",
                    "must be a provider name such as gpt-realtime",
                ));
            }
        }
        self.provider.check_model(&self.model)?;
        self.provider.check_voice(&self.voice)?;
        if !(0.25..=1.5).contains(&self.speed) {
            return Err(FieldError::new(
                "realtime_config.speed",
                "out_of_range",
                "must be between 0.25 and 1.5",
            ));
        }
        Ok(())
    }
}

/// Tools the agent may call during a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentTools {
    /// Hang up when the conversation is over.
    pub end_call: bool,
    /// Cold-transfer the caller to one of these numbers (none: the tool is off).
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub transfer_call: Vec<TransferTarget>,
}

impl Default for AgentTools {
    fn default() -> Self {
        AgentTools { end_call: true, transfer_call: Vec::new() }
    }
}

impl AgentTools {
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.transfer_call.len() > MAX_TRANSFER_NUMBERS {
            return Err(FieldError::new(
                "tools.transfer_call",
                "too_many",
                format!("at most {MAX_TRANSFER_NUMBERS} transfer numbers"),
            ));
        }
        for target in &self.transfer_call {
            validate_name("tools.transfer_call.label", &target.label)?;
            validate_e164("tools.transfer_call.number", &target.number)?;
        }
        Ok(())
    }
}

/// A person or department the agent can transfer callers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferTarget {
    /// Who answers there, e.g. "Billing"; the agent picks by this.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Billing",
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub label: String,
    /// E.164.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "+14155550100", pattern = r"^\+[1-9][0-9]{7,14}$")
    )]
    pub number: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gemini() -> RealtimeConfig {
        RealtimeConfig::for_provider(RealtimeProvider::Gemini)
    }

    #[test]
    fn each_providers_defaults_are_valid() {
        for provider in RealtimeProvider::ALL {
            assert_eq!(RealtimeConfig::for_provider(provider).validate(), Ok(()), "{provider:?}");
        }
        assert_eq!(RealtimeConfig::default().provider, RealtimeProvider::Openai);
    }

    #[test]
    fn a_model_or_voice_of_the_other_provider_is_refused_by_field() {
        let config = RealtimeConfig { model: "gpt-realtime".into(), ..gemini() };
        assert_eq!(config.validate().expect_err("OpenAI model").field, "realtime_config.model");
        let config = RealtimeConfig { voice: "marin".into(), ..gemini() };
        assert_eq!(config.validate().expect_err("OpenAI voice").field, "realtime_config.voice");
        let config = RealtimeConfig { voice: "Kore".into(), ..RealtimeConfig::default() };
        assert_eq!(config.validate().expect_err("Gemini voice").field, "realtime_config.voice");
    }

    #[test]
    fn the_form_of_a_name_is_checked_before_its_provider() {
        let config = RealtimeConfig { voice: String::new(), ..gemini() };
        assert_eq!(config.validate().expect_err("blank").code, "invalid");
        let config = RealtimeConfig { speed: 3.0, ..gemini() };
        assert_eq!(config.validate().expect_err("too fast").field, "realtime_config.speed");
    }

    #[test]
    fn eagerness_applies_with_semantic_detection_or_where_the_provider_detects_turns_itself() {
        let openai = RealtimeConfig::default();
        assert!(openai.applies(RealtimeSetting::Eagerness));
        let silence = RealtimeConfig { turn_detection: TurnDetection::ServerVad, ..openai };
        assert!(!silence.applies(RealtimeSetting::Eagerness));
        assert!(silence.applies(RealtimeSetting::Speed));

        let gemini = RealtimeConfig { turn_detection: TurnDetection::ServerVad, ..gemini() };
        assert!(gemini.applies(RealtimeSetting::Eagerness));
        for setting in [
            RealtimeSetting::Speed,
            RealtimeSetting::NoiseReduction,
            RealtimeSetting::TurnDetection,
        ] {
            assert!(!gemini.applies(setting), "{setting:?}");
        }
    }
}
