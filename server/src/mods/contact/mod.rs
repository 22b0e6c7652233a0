//! Contacts: the people who call, with their phones and emails. Calls resolve their caller to a
//! contact ([`resolve_contact`]); after a call, enrichment names them from the transcript.

pub mod create;
pub mod delete;
pub mod emails;
pub mod enrich;
pub mod error;
pub mod get;
pub mod items;
pub mod list;
pub mod phones;
pub mod queries;
pub mod resolve;
pub mod update;

pub use error::ContactError;
pub use queries::display_names;
pub use resolve::resolve_contact;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_contacts)
        .service(create::create_contact)
        .service(get::get_contact)
        .service(update::update_contact)
        .service(delete::delete_contact)
        .service(phones::add_contact_phone)
        .service(phones::update_contact_phone)
        .service(phones::delete_contact_phone)
        .service(emails::add_contact_email)
        .service(emails::update_contact_email)
        .service(emails::delete_contact_email);
}
