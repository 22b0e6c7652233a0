//! Feature modules, one folder each: `views` are routed pages, `components` their parts.

pub mod auth;
pub mod dashboard;
pub mod layout;
pub mod settings;
pub mod upcoming;
