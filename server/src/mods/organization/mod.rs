//! Organizations and their members: the tenancy every other module filters by.

pub mod demo;
pub mod error;
pub mod queries;

pub use error::OrganizationError;
pub use queries::{MemberRow, OrganizationRow};
