//! The routed pages of this module.

pub use super::invitation::AcceptInvitationPage;
pub use super::password_pages::{ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage};
pub use super::settings::AccountSettings;
