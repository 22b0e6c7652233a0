//! Loquent's API server as a library: the `loquent` binary and the end-to-end tests both start
//! it through [`app::serve`].

pub mod app;
pub mod audio;
pub mod clients;
pub mod config;
pub mod crypto;
pub mod db;
pub mod error;
pub mod extract_errors;
pub mod health;
pub mod housekeeping;
pub mod jobs;
pub mod json_body;
pub mod known_routes;
pub mod mods;
pub mod openapi;
pub mod pagination;
pub mod public_urls;
pub mod security_headers;
pub mod simulator;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod time_range;
pub mod web_assets;

pub use config::Config;
pub use error::{ApiError, ApiResult};
