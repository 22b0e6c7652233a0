//! What each realtime speech provider offers: its models, its voices, the model and voice a new
//! agent starts with, and the speech settings it honours. The server checks agents against this
//! on save; the agent form offers and shows exactly this.

use serde::{Deserialize, Serialize};

use crate::validation::FieldError;

/// Which realtime speech provider answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RealtimeProvider {
    #[default]
    Openai,
    Gemini,
}

/// A speech setting of an agent that some providers honour and others ignore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RealtimeSetting {
    Speed,
    NoiseReduction,
    TurnDetection,
    Eagerness,
}

impl RealtimeSetting {
    pub const ALL: [RealtimeSetting; 4] = [
        RealtimeSetting::Speed,
        RealtimeSetting::NoiseReduction,
        RealtimeSetting::TurnDetection,
        RealtimeSetting::Eagerness,
    ];
}

/// OpenAI Realtime's voices.
pub const OPENAI_VOICES: [&str; 10] =
    ["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"];

/// Gemini Live's prebuilt voices. Gemini spells them capitalised and matches them exactly.
pub const GEMINI_VOICES: [&str; 30] = [
    "Zephyr",
    "Puck",
    "Charon",
    "Kore",
    "Fenrir",
    "Leda",
    "Orus",
    "Aoede",
    "Callirrhoe",
    "Autonoe",
    "Enceladus",
    "Iapetus",
    "Umbriel",
    "Algieba",
    "Despina",
    "Erinome",
    "Algenib",
    "Rasalgethi",
    "Laomedeia",
    "Achernar",
    "Alnilam",
    "Schedar",
    "Gacrux",
    "Pulcherrima",
    "Achird",
    "Zubenelgenubi",
    "Vindemiatrix",
    "Sadachbia",
    "Sadaltager",
    "Sulafat",
];

impl RealtimeProvider {
    pub const ALL: [RealtimeProvider; 2] = [RealtimeProvider::Openai, RealtimeProvider::Gemini];

    /// The provider's name as staff know it.
    pub fn name(self) -> &'static str {
        match self {
            RealtimeProvider::Openai => "OpenAI",
            RealtimeProvider::Gemini => "Gemini",
        }
    }

    /// The model a new agent of this provider starts with, and switching to it picks.
    pub fn default_model(self) -> &'static str {
        match self {
            RealtimeProvider::Openai => "gpt-realtime",
            RealtimeProvider::Gemini => "gemini-2.5-flash-native-audio-preview-09-2025",
        }
    }

    /// The voice a new agent of this provider starts with, and switching to it picks.
    pub fn default_voice(self) -> &'static str {
        match self {
            RealtimeProvider::Openai => "marin",
            RealtimeProvider::Gemini => "Puck",
        }
    }

    /// Every voice the provider speaks with.
    pub fn voices(self) -> &'static [&'static str] {
        match self {
            RealtimeProvider::Openai => &OPENAI_VOICES,
            RealtimeProvider::Gemini => &GEMINI_VOICES,
        }
    }

    pub fn offers_voice(self, voice: &str) -> bool {
        self.voices().contains(&voice)
    }

    /// Whether `model` is one of the provider's realtime models. New models ship often, so this
    /// recognises the family rather than a list: OpenAI's are `gpt-…realtime…`, Gemini's are
    /// `gemini-…` (which Gemini also accepts as `models/gemini-…`).
    pub fn serves_model(self, model: &str) -> bool {
        match self {
            RealtimeProvider::Openai => model.starts_with("gpt-") && model.contains("realtime"),
            RealtimeProvider::Gemini => {
                model.strip_prefix("models/").unwrap_or(model).starts_with("gemini-")
            }
        }
    }

    /// Whether the provider acts on `setting`. Gemini Live takes eagerness (as how soon its
    /// automatic activity detection decides the caller has finished) and has no equivalent of
    /// OpenAI's speaking speed, noise reduction or choice of turn detection.
    pub fn honours(self, setting: RealtimeSetting) -> bool {
        match self {
            RealtimeProvider::Openai => true,
            RealtimeProvider::Gemini => setting == RealtimeSetting::Eagerness,
        }
    }

    /// Refuses a model of another provider, saying what this one expects.
    pub fn check_model(self, model: &str) -> Result<(), FieldError> {
        if self.serves_model(model) {
            return Ok(());
        }
        let expected = match self {
            RealtimeProvider::Openai => "an OpenAI realtime model",
            RealtimeProvider::Gemini => "a Gemini Live model",
        };
        Err(FieldError::new(
            "realtime_config.model",
            "wrong_provider",
            format!("{model} is not {expected}; use one such as {}", self.default_model()),
        ))
    }

    /// Refuses a voice the provider doesn't have, listing the ones it has.
    pub fn check_voice(self, voice: &str) -> Result<(), FieldError> {
        if self.offers_voice(voice) {
            return Ok(());
        }
        let article = match self {
            RealtimeProvider::Openai => "an",
            RealtimeProvider::Gemini => "a",
        };
        Err(FieldError::new(
            "realtime_config.voice",
            "wrong_provider",
            format!(
                "{voice} is not {article} {} voice; choose one of {}",
                self.name(),
                self.voices().join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use RealtimeProvider::{Gemini, Openai};

    #[test]
    fn each_provider_starts_with_its_own_model_and_voice() {
        assert_eq!((Openai.default_model(), Openai.default_voice()), ("gpt-realtime", "marin"));
        assert_eq!(
            (Gemini.default_model(), Gemini.default_voice()),
            ("gemini-2.5-flash-native-audio-preview-09-2025", "Puck")
        );
        for provider in RealtimeProvider::ALL {
            assert!(provider.serves_model(provider.default_model()), "{provider:?}");
            assert!(provider.offers_voice(provider.default_voice()), "{provider:?}");
        }
    }

    #[test]
    fn no_voice_belongs_to_both_providers() {
        assert_eq!(GEMINI_VOICES.len(), 30);
        assert!(OPENAI_VOICES.iter().all(|v| !Gemini.offers_voice(v)));
        assert!(GEMINI_VOICES.iter().all(|v| !Openai.offers_voice(v)));
        // Gemini's names are matched as Gemini spells them.
        assert!(!Gemini.offers_voice("puck"));
    }

    #[test]
    fn models_are_recognised_by_family() {
        for model in ["gpt-realtime", "gpt-realtime-mini", "gpt-4o-realtime-preview-2025-06-03"] {
            assert!(Openai.serves_model(model), "{model}");
            assert!(!Gemini.serves_model(model), "{model}");
        }
        for model in [
            "gemini-2.5-flash-native-audio-preview-09-2025",
            "models/gemini-live-2.5-flash-preview",
        ] {
            assert!(Gemini.serves_model(model), "{model}");
            assert!(!Openai.serves_model(model), "{model}");
        }
        for model in ["gpt-4o", "realtime", "models/gpt-realtime", "claude-voice"] {
            assert!(!Openai.serves_model(model) && !Gemini.serves_model(model), "{model}");
        }
    }

    #[test]
    fn openai_honours_every_setting_and_gemini_only_eagerness() {
        assert!(RealtimeSetting::ALL.into_iter().all(|s| Openai.honours(s)));
        let gemini: Vec<_> =
            RealtimeSetting::ALL.into_iter().filter(|&s| Gemini.honours(s)).collect();
        assert_eq!(gemini, [RealtimeSetting::Eagerness]);
    }

    #[test]
    fn refusals_name_the_field_and_say_what_is_expected() {
        let err = Openai.check_voice("Puck").expect_err("Puck is Gemini's");
        assert_eq!((err.field, err.code), ("realtime_config.voice", "wrong_provider"));
        assert!(err.message.starts_with("Puck is not an OpenAI voice; choose one of alloy, ash,"));
        let err = Gemini.check_voice("marin").expect_err("marin is OpenAI's");
        assert!(
            err.message.starts_with("marin is not a Gemini voice; choose one of Zephyr, Puck,")
        );

        let err = Gemini.check_model("gpt-realtime").expect_err("an OpenAI model");
        assert_eq!((err.field, err.code), ("realtime_config.model", "wrong_provider"));
        assert_eq!(
            err.message,
            "gpt-realtime is not a Gemini Live model; use one such as \
             gemini-2.5-flash-native-audio-preview-09-2025"
        );
        let err = Openai.check_model("gemini-2.0-flash-live-001").expect_err("a Gemini model");
        assert_eq!(
            err.message,
            "gemini-2.0-flash-live-001 is not an OpenAI realtime model; use one such as gpt-realtime"
        );
    }
}
