//! The browser phone: `web/dist/voice.js` (Twilio's Voice SDK and `web/js/voice.mjs`, bundled
//! by the web build), imported the first time the dial pad opens, behind a typed handle.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use super::phase::{PhoneEvent, why_no_token};
use crate::api;

#[wasm_bindgen(inline_js = "export function loadVoice() { return import('/voice.js'); }")]
extern "C" {
    #[wasm_bindgen(js_name = loadVoice)]
    fn load_voice() -> Promise;
}

#[wasm_bindgen]
extern "C" {
    type VoiceModule;

    #[wasm_bindgen(method, js_name = createPhone)]
    fn create_phone(this: &VoiceModule, options: &JsValue) -> Phone;

    /// `createPhone`'s answer (see `web/js/voice.mjs`).
    pub type Phone;

    #[wasm_bindgen(method)]
    fn prepare(this: &Phone) -> Promise;

    #[wasm_bindgen(method)]
    fn call(this: &Phone, to: &str, caller_id: &str, contact_id: &str) -> Promise;

    #[wasm_bindgen(method)]
    pub fn hangup(this: &Phone);

    #[wasm_bindgen(method, js_name = setMuted)]
    pub fn set_muted(this: &Phone, muted: bool);

    #[wasm_bindgen(method, js_name = sendDigits)]
    pub fn send_digits(this: &Phone, digits: &str);

    #[wasm_bindgen(method)]
    pub fn destroy(this: &Phone);
}

/// Why the SDK couldn't be fetched (offline, or a deploy in between).
pub const NOT_LOADED: &str =
    "The calling software couldn't be loaded. Check your connection and open the dial pad again.";

/// Imports the SDK and makes the phone; `on_event` hears everything it reports. The phone asks
/// Loquent for access tokens itself, when it needs one.
pub async fn open(on_event: impl Fn(PhoneEvent) + 'static) -> Result<Phone, String> {
    let module = JsFuture::from(load_voice()).await.map_err(|_| NOT_LOADED.to_owned())?;
    let on_event = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        let text = |key: &str| Reflect::get(&event, &key.into()).ok().and_then(|v| v.as_string());
        let code = Reflect::get(&event, &"code".into()).ok().and_then(|v| v.as_f64());
        // Twilio's error codes are five-digit numbers.
        let code = code.filter(|c| c.fract() == 0.0 && (0.0..1e9).contains(c)).map(|c| c as u32);
        if let Some(kind) = text("kind")
            && let Some(parsed) = PhoneEvent::parse(&kind, text("reason"), code)
        {
            on_event(parsed);
        }
    });
    let fetch_token = Closure::<dyn Fn() -> Promise>::new(|| {
        future_to_promise(async {
            api::twilio::access_token()
                .await
                .map(|t| JsValue::from_str(&t.token))
                .map_err(|error| JsValue::from_str(&why_no_token(&error.code, &error.message)))
        })
    });
    let options = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&options, &key.into(), value);
    set("onEvent", on_event.as_ref()).map_err(|_| NOT_LOADED.to_owned())?;
    set("fetchToken", fetch_token.as_ref()).map_err(|_| NOT_LOADED.to_owned())?;
    // The phone keeps both for as long as the page lives.
    on_event.forget();
    fetch_token.forget();
    // (A module namespace has no prototype: look for the function itself.)
    if !Reflect::get(&module, &"createPhone".into()).is_ok_and(|f| f.is_instance_of::<Function>()) {
        return Err(NOT_LOADED.to_owned());
    }
    let module: VoiceModule = module.unchecked_into();
    Ok(module.create_phone(&options))
}

impl Phone {
    /// Fetches a token and sets the SDK up; the error says why calling can't work.
    pub async fn ready(&self) -> Result<(), String> {
        JsFuture::from(self.prepare()).await.map(|_| ()).map_err(|reason| {
            reason.as_string().unwrap_or_else(|| "Calling couldn't be set up.".to_owned())
        })
    }

    /// Places the call; how it goes comes through the events.
    pub fn place(&self, to: &str, caller_id: &str, contact_id: Option<uuid::Uuid>) {
        let contact = contact_id.map(|id| id.to_string()).unwrap_or_default();
        let placing = self.call(to, caller_id, &contact);
        // Failures arrive as events; the promise itself has nothing more to say.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(placing).await;
        });
    }
}
