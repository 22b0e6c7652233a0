//! The outbox: every email Loquent sends for an organization. Other modules hand a message to
//! [`queue`], which stores it and its `send_mail` job in one transaction; the job
//! ([`deliver`]) sends it through the SMTP server, or keeps it in the outbox when none is
//! configured. Owners and admins see the outbox and can send themselves a test message. Only
//! this module writes `mail_message` rows.

pub mod deliver;
pub mod error;
pub mod html;
pub mod keep;
pub mod outbox_get;
pub mod outbox_list;
pub mod queries;
pub mod queue;
pub mod redact;
pub mod settings_get;
pub mod test_message;
pub mod test_send;

pub use error::MailError;
pub use keep::keep;
pub use queue::{NewMail, queue};

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(settings_get::get_mail_settings)
        .service(outbox_list::list_mail_messages)
        .service(outbox_get::get_mail_message)
        .service(test_send::send_test_mail);
}
