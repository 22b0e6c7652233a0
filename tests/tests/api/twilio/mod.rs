mod bridge;
mod bridge_gemini;
mod buy;
mod import;
pub mod recording;
mod search;
mod settings;
mod stream;
mod voice;
