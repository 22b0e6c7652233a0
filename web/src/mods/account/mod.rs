//! A person's own account: Settings → Account, and the pages the emailed links open
//! (an invitation, a password reset, an email change).

mod invitation;
mod link_token;
mod password_pages;
pub mod settings;
mod settings_email;
mod settings_password;
mod settings_sessions;
pub mod views;
