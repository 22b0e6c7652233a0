//! The agent form's Voice panel: the provider, its model and voice, and only the speech settings
//! that provider honours. What each provider offers comes from `loquent_shared`, the same
//! knowledge the server checks agents against.

use leptos::prelude::*;
use loquent_shared::{
    Eagerness, NoiseReduction, RealtimeConfig, RealtimeProvider, RealtimeSetting, TurnDetection,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::form_state::AgentFormState;
use crate::components::form::{ServerErrors, sentence};
use crate::components::{Binding, SelectField, TextField};
use crate::util;

/// "marin" → "Marin".
pub fn voice_label(voice: &str) -> String {
    sentence(voice)
}

/// An enum's wire name (`near_field`), for form controls.
fn key<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The enum with this wire name.
fn parse<T: DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(key.to_owned())).ok()
}

fn options<T: Serialize>(items: &[(T, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(value, label)| (key(value), (*label).to_owned())).collect()
}

/// The voices to pick from: the provider's own, and first the agent's current voice if the
/// provider lacks it, so the picker shows what is stored while its error says why it won't save.
pub fn voice_options(provider: RealtimeProvider, current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> =
        provider.voices().iter().map(|v| ((*v).to_owned(), voice_label(v))).collect();
    if !current.is_empty() && !provider.offers_voice(current) {
        options.insert(0, (current.to_owned(), voice_label(current)));
    }
    options
}

/// Why eagerness matters for this agent, or why it doesn't.
pub fn eagerness_hint(config: &RealtimeConfig) -> &'static str {
    if !config.applies(RealtimeSetting::Eagerness) {
        "Applies to semantic turn detection only."
    } else if config.provider.honours(RealtimeSetting::TurnDetection) {
        "How readily the agent takes its turn."
    } else {
        "How soon the agent decides the caller has finished speaking."
    }
}

/// Said under the provider when it sets some speech settings itself, so hidden ones aren't a
/// surprise.
pub fn provider_hint(provider: RealtimeProvider) -> Option<String> {
    let own: Vec<&str> = [
        (RealtimeSetting::Speed, "speaking speed"),
        (RealtimeSetting::NoiseReduction, "noise reduction"),
        (RealtimeSetting::TurnDetection, "turn detection"),
    ]
    .into_iter()
    .filter(|(setting, _)| !provider.honours(*setting))
    .map(|(_, name)| name)
    .collect();
    match own.as_slice() {
        [] => None,
        [one] => Some(format!("{} sets its own {one}.", provider.name())),
        [first @ .., last] => {
            Some(format!("{} sets its own {} and {last}.", provider.name(), first.join(", ")))
        }
    }
}

/// Provider, model and voice, then the settings the chosen provider honours.
#[component]
pub fn VoicePanel(form: RwSignal<AgentFormState>, server: ServerErrors) -> impl IntoView {
    let config = move || form.with(|s| s.realtime_config.clone());
    let provider_of = move || form.with(|s| s.realtime_config.provider);
    let honours = move |setting| provider_of().honours(setting);
    // The selects hold enums by their wire names; the form holds the enums.
    let provider = Binding::field(
        form,
        |s| key(&s.realtime_config.provider),
        |s, v| s.select_provider(parse(&v).unwrap_or_default()),
    );
    let model = Binding::field(
        form,
        |s| s.realtime_config.model.clone(),
        |s, v| s.realtime_config.model = v,
    );
    let voice = Binding::field(
        form,
        |s| s.realtime_config.voice.clone(),
        |s, v| s.realtime_config.voice = v,
    );
    let speed =
        Binding::field(form, |s| s.realtime_config.speed, |s, v| s.realtime_config.speed = v);
    let noise = Binding::field(
        form,
        |s| key(&s.realtime_config.noise_reduction),
        |s, v| s.realtime_config.noise_reduction = parse(&v).unwrap_or_default(),
    );
    let turn = Binding::field(
        form,
        |s| key(&s.realtime_config.turn_detection),
        |s, v| s.realtime_config.turn_detection = parse(&v).unwrap_or_default(),
    );
    let eagerness = Binding::field(
        form,
        |s| key(&s.realtime_config.eagerness),
        |s, v| s.realtime_config.eagerness = parse(&v).unwrap_or_default(),
    );

    // Choosing a provider already switched the model and voice to its own.
    let on_provider = Callback::new(move |()| {
        server.clear_field("realtime_config.model");
        server.clear_field("realtime_config.voice");
    });
    let model_error = Signal::derive(move || {
        server.field("realtime_config.model").or_else(|| form.with(AgentFormState::model_message))
    });
    let voice_error = Signal::derive(move || {
        server.field("realtime_config.voice").or_else(|| form.with(AgentFormState::voice_message))
    });
    let speed_error = Signal::derive(move || server.field("realtime_config.speed"));
    let voice_choices = Signal::derive(move || voice.with(|v| voice_options(provider_of(), v)));
    let eagerness_applies = move || config().applies(RealtimeSetting::Eagerness);

    view! {
        <section class="card panel" aria-labelledby="voice-title">
            <div class="panel-head">
                <div>
                    <h2 class="panel-title" id="voice-title">
                        "Voice"
                    </h2>
                    <p class="panel-subtitle">"The speech model, how it sounds and how it listens."</p>
                </div>
            </div>
            <div class="form-grid">
                <SelectField
                    id="provider"
                    label="Provider"
                    value=provider
                    options=options(&[
                        (RealtimeProvider::Openai, "OpenAI Realtime"),
                        (RealtimeProvider::Gemini, "Gemini Live"),
                    ])
                    hint=Signal::derive(move || provider_hint(provider_of()))
                    on_change=on_provider
                />
                <TextField
                    id="model"
                    label="Model"
                    value=model
                    error=model_error
                    mono=true
                    hint="Switching provider picks its recommended model."
                    on_input=move || server.clear_field("realtime_config.model")
                />
                <SelectField
                    id="voice"
                    label="Voice"
                    value=voice
                    options=voice_choices
                    error=voice_error
                    on_change=move || server.clear_field("realtime_config.voice")
                />
                <Show when=move || honours(RealtimeSetting::Speed)>
                    <SpeedSlider
                        speed=speed
                        error=speed_error
                        on_change=Callback::new(move |()| server.clear_field("realtime_config.speed"))
                    />
                </Show>
                <Show when=move || honours(RealtimeSetting::NoiseReduction)>
                    <SelectField
                        id="noise_reduction"
                        label="Noise reduction"
                        value=noise
                        options=options(&[
                            (NoiseReduction::NearField, "Near field — handsets and headsets"),
                            (NoiseReduction::FarField, "Far field — speakerphones"),
                            (NoiseReduction::Off, "Off"),
                        ])
                        hint=Signal::derive(|| Some("Near field suits most phone calls.".to_owned()))
                    />
                </Show>
                <Show when=move || honours(RealtimeSetting::TurnDetection)>
                    <SelectField
                        id="turn_detection"
                        label="Turn detection"
                        value=turn
                        options=options(&[
                            (TurnDetection::SemanticVad, "Semantic — when the caller sounds done"),
                            (TurnDetection::ServerVad, "Silence — after a pause"),
                        ])
                        hint=Signal::derive(|| Some("How the agent knows the caller has finished speaking.".to_owned()))
                    />
                </Show>
                <Show when=move || honours(RealtimeSetting::Eagerness)>
                    <SelectField
                        id="eagerness"
                        label="Eagerness"
                        value=eagerness
                        options=options(&[
                            (Eagerness::Auto, "Auto"),
                            (Eagerness::Low, "Low — lets callers take their time"),
                            (Eagerness::Medium, "Medium"),
                            (Eagerness::High, "High — replies quickly"),
                        ])
                        disabled=Signal::derive(move || !eagerness_applies())
                        hint=Signal::derive(move || Some(eagerness_hint(&config()).to_owned()))
                    />
                </Show>
            </div>
        </section>
    }
}

/// Speaking rate: 0.25× to 1.5×.
#[component]
fn SpeedSlider(
    speed: Binding<f64>,
    #[prop(into)] error: Signal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let has_error = move || error.with(Option::is_some);
    view! {
        <div class="field" class:field-invalid=has_error>
            <div class="field-label-row">
                <label class="field-label" for="speed">
                    "Speaking speed"
                </label>
                <output class="field-value" for="speed" data-testid="speed-value">
                    {move || format!("{}×", util::fixed(speed.get(), 2))}
                </output>
            </div>
            <input
                type="range"
                class="range"
                id="speed"
                name="speed"
                min="0.25"
                max="1.5"
                step="0.05"
                aria-describedby="speed-message"
                prop:value=move || util::number(speed.get())
                on:input=move |ev| {
                    if let Some(value) = util::parse_number(&event_target_value(&ev)) {
                        speed.set(value);
                        on_change.run(());
                    }
                }
            />
            <div class="range-scale" aria-hidden="true">
                <span>"Slower"</span>
                <span>"Normal"</span>
                <span>"Faster"</span>
            </div>
            <p class="field-message" id="speed-message" class:field-error=has_error>
                {move || error.get()}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use RealtimeProvider::{Gemini, Openai};

    #[test]
    fn the_voice_picker_lists_the_providers_voices() {
        let gemini = voice_options(Gemini, "Puck");
        assert_eq!(gemini.len(), 30);
        assert_eq!(gemini[0], ("Zephyr".to_owned(), "Zephyr".to_owned()));
        let openai = voice_options(Openai, "marin");
        assert_eq!(openai.len(), 10);
        assert!(openai.contains(&("marin".to_owned(), "Marin".to_owned())));
    }

    #[test]
    fn a_stored_voice_the_provider_lacks_is_shown_first() {
        let options = voice_options(Gemini, "marin");
        assert_eq!(options.len(), 31);
        assert_eq!(options[0], ("marin".to_owned(), "Marin".to_owned()));
        assert_eq!(voice_options(Gemini, "").len(), 30);
    }

    #[test]
    fn eagerness_is_explained_per_provider_and_turn_detection() {
        let openai = RealtimeConfig::default();
        assert_eq!(eagerness_hint(&openai), "How readily the agent takes its turn.");
        let silence = RealtimeConfig { turn_detection: TurnDetection::ServerVad, ..openai };
        assert_eq!(eagerness_hint(&silence), "Applies to semantic turn detection only.");
        // Gemini has no turn detection to choose: eagerness always applies.
        let gemini = RealtimeConfig {
            turn_detection: TurnDetection::ServerVad,
            ..RealtimeConfig::for_provider(Gemini)
        };
        assert_eq!(
            eagerness_hint(&gemini),
            "How soon the agent decides the caller has finished speaking."
        );
    }

    #[test]
    fn the_provider_hint_names_the_settings_it_sets_itself() {
        assert_eq!(provider_hint(Openai), None);
        assert_eq!(
            provider_hint(Gemini).as_deref(),
            Some("Gemini sets its own speaking speed, noise reduction and turn detection.")
        );
    }
}
