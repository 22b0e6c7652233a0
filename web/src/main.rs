//! Loquent's web app: a Leptos single-page app compiled to WebAssembly.
//!
//! The server serves the built files (`web/dist`) at `/` and answers every non-API path with
//! `index.html`, so the router below decides what each address shows.

mod api;
mod app;
mod components;
mod crash_screen;
mod form_rules;
mod mods;
mod range;
mod refresh;
mod util;

fn main() {
    crash_screen::install();
    leptos::mount::mount_to_body(app::App);
    // index.html shows a splash until the app is mounted.
    if let Some(boot) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
