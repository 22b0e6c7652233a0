//! The ids of the demo workspace's rows: name-based UUIDs (version 5) of the organization's id
//! and a name such as `call/17`. Seeding and clearing derive the same ids, so clearing deletes
//! exactly the rows seeding made, whatever staff added since, and needs no list of them.

use sha1::{Digest, Sha1};
use uuid::Uuid;

/// How many rows of each kind the month has, and so how many ids clearing derives. Every
/// to-do and message is numbered by its call (at most one of a kind per call).
pub const AGENTS: usize = 1;
pub const ANALYZERS: usize = 3;
pub const PHONES: usize = 2;
pub const CONTACTS: usize = 40;
pub const CALLS: usize = 300;
pub const DIGESTS: usize = 1;

/// What a demo row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Agent,
    Analyzer,
    Phone,
    Contact,
    Call,
    /// A to-do, numbered by its call.
    Todo,
    /// A call report in the outbox, numbered by its call.
    CallReport,
    /// A to-do's email in the outbox, numbered by the to-do's call.
    TodoMail,
    /// A daily digest in the outbox.
    Digest,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::Analyzer => "analyzer",
            Kind::Phone => "phone",
            Kind::Contact => "contact",
            Kind::Call => "call",
            Kind::Todo => "todo",
            Kind::CallReport => "call-report",
            Kind::TodoMail => "todo-mail",
            Kind::Digest => "digest",
        }
    }

    /// How many of this kind there can be: the ids clearing looks for.
    pub fn bound(self) -> usize {
        match self {
            Kind::Agent => AGENTS,
            Kind::Analyzer => ANALYZERS,
            Kind::Phone => PHONES,
            Kind::Contact => CONTACTS,
            Kind::Call | Kind::Todo | Kind::CallReport | Kind::TodoMail => CALLS,
            Kind::Digest => DIGESTS,
        }
    }
}

/// The id of the organization's `n`th demo row of `kind`: RFC 4122 version 5, in the
/// organization's id as namespace.
pub fn id(organization_id: Uuid, kind: Kind, n: usize) -> Uuid {
    let mut hasher = Sha1::new();
    hasher.update(organization_id.as_bytes());
    hasher.update(format!("loquent-demo/{}/{n}", kind.name()).as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

/// Every id of `kind` the organization's demo data can have.
pub fn all(organization_id: Uuid, kind: Kind) -> Vec<Uuid> {
    (0..kind.bound()).map(|n| id(organization_id, kind, n)).collect()
}

/// A Twilio-shaped SID (`prefix` + 32 hex digits) for a demo row: a call's `CA…`, a
/// recording's `RE…`, a number's `PN…`. Fictional, and unique as the row's id is.
pub fn sid(prefix: &str, id: Uuid) -> String {
    format!("{prefix}{}", id.simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_5_stable_and_differ_by_organization_kind_and_number() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let call = id(a, Kind::Call, 3);
        assert_eq!(call.get_version_num(), 5);
        assert_eq!(call, id(a, Kind::Call, 3));
        assert_ne!(call, id(b, Kind::Call, 3));
        assert_ne!(call, id(a, Kind::Todo, 3));
        assert_ne!(call, id(a, Kind::Call, 4));
        assert_eq!(all(a, Kind::Call).len(), CALLS);
        assert!(loquent_shared::twilio::is_sid(&sid("CA", call), "CA"));
    }
}
