//! People's own accounts: the sign-in identity (name, email, password) a person keeps across
//! every organization they belong to, the sessions it is signed in with, and the single-use
//! links mailed to them (a forgotten password's reset, a new email's confirmation).
//!
//! Every signed-in endpoint here is the person's own business: it needs a session (an API key
//! acts for an organization, not a person) and no permission beyond it.

pub mod current_password;
pub mod email_change;
pub mod email_confirm;
pub mod error;
pub mod link;
pub mod link_mail;
pub mod password_change;
pub mod password_reset;
pub mod password_reset_confirm;
pub mod queries;
pub mod session_delete;
pub mod sessions_list;
pub mod tokens;
pub mod update;

pub use error::AccountError;
pub use queries::PersonRow;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(update::update_account)
        .service(password_change::change_password)
        .service(email_change::request_email_change)
        .service(email_confirm::confirm_email_change)
        .service(sessions_list::list_account_sessions)
        .service(session_delete::delete_account_session)
        .service(password_reset::request_password_reset)
        .service(password_reset_confirm::reset_password);
}
