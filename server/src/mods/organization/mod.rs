//! Organizations and their members: the tenancy every other module filters by.

pub mod demo;
pub mod queries;

pub use queries::{MemberRow, OrganizationRow};
