//! A panic must never leave a blank page. The hook logs the panic (with its message and
//! location, as before) and puts a "something went wrong — reload" screen over the app.
//!
//! The screen is plain DOM, not Leptos: the reactive runtime may be what panicked, and with
//! `panic = "abort"` nothing of the app runs after the hook returns.

use wasm_bindgen::JsCast;

const SCREEN_ID: &str = "crash-screen";

/// Replaces the default panic hook; call once, before mounting.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id(SCREEN_ID).is_some() {
        return;
    }
    let Ok(screen) = document.create_element("div") else { return };
    screen.set_id(SCREEN_ID);
    screen.set_class_name("center-screen crash-screen");
    let _ = screen.set_attribute("role", "alertdialog");
    let _ = screen.set_attribute("aria-labelledby", "crash-title");
    screen.set_inner_html(
        r#"<div class="card center-card">
  <img src="/favicon.svg" width="40" height="40" alt="" />
  <h1 class="center-title" id="crash-title">Something went wrong</h1>
  <p class="muted">Loquent hit an error it couldn't recover from. It has been logged; reload the page to carry on where you were.</p>
  <button type="button" class="btn btn-primary" data-reload>Reload</button>
</div>"#,
    );
    let _ = body.append_child(&screen);
    if let Some(button) = screen
        .query_selector("button")
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}

/// Panics, so the browser tests can see a panic bring up the screen (they import the app's
/// module and call this; nothing in the app does). Someone calling it from the console gets
/// the screen and a reload, nothing worse.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = loquentTestPanic)]
pub fn test_panic() {
    panic!("a panic the browser tests asked for");
}
