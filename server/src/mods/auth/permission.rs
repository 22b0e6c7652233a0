//! Named permissions, granted by role. Adding a permission for a new endpoint is one line in
//! the table below: its variant, its name (as in the seeds: `Resource:Scope:Action`) and the
//! least role that holds it. Every role holds what the roles below it hold.

use loquent_shared::Role;

macro_rules! permissions {
    ($($variant:ident = $name:literal => $least:ident,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Permission { $($variant,)* }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(Permission::$variant => $name,)* }
            }

            /// The least role that holds this permission.
            pub fn least_role(self) -> Role {
                match self { $(Permission::$variant => Role::$least,)* }
            }
        }
    };
}

permissions! {
    OrganizationInstanceRead = "Organization:Instance:Read" => Viewer,
    OrganizationInstanceUpdate = "Organization:Instance:Update" => Admin,
    ApiKeyCollectionList = "ApiKey:Collection:List" => Admin,
    ApiKeyCollectionCreate = "ApiKey:Collection:Create" => Admin,
    ApiKeyInstanceDelete = "ApiKey:Instance:Delete" => Admin,
    PhoneCollectionList = "Phone:Collection:List" => Viewer,
    PhoneInstanceRead = "Phone:Instance:Read" => Viewer,
    PhoneInstanceUpdate = "Phone:Instance:Update" => Admin,
    PhoneCollectionSearch = "Phone:Collection:Search" => Admin,
    PhoneCollectionBuy = "Phone:Collection:Buy" => Admin,
    PhoneCollectionImport = "Phone:Collection:Import" => Admin,
    TwilioSettingsRead = "TwilioSettings:Instance:Read" => Admin,
    TwilioSettingsUpdate = "TwilioSettings:Instance:Update" => Admin,
    AgentCollectionList = "Agent:Collection:List" => Viewer,
    AgentInstanceRead = "Agent:Instance:Read" => Viewer,
    AgentCollectionCreate = "Agent:Collection:Create" => Admin,
    AgentInstanceUpdate = "Agent:Instance:Update" => Admin,
    AgentInstanceDelete = "Agent:Instance:Delete" => Admin,
    AnalyzerCollectionList = "Analyzer:Collection:List" => Viewer,
    AnalyzerInstanceRead = "Analyzer:Instance:Read" => Viewer,
    AnalyzerCollectionCreate = "Analyzer:Collection:Create" => Admin,
    AnalyzerInstanceUpdate = "Analyzer:Instance:Update" => Admin,
    AnalyzerInstanceDelete = "Analyzer:Instance:Delete" => Admin,
    ContactCollectionList = "Contact:Collection:List" => Viewer,
    ContactInstanceRead = "Contact:Instance:Read" => Viewer,
    ContactCollectionCreate = "Contact:Collection:Create" => Member,
    ContactInstanceUpdate = "Contact:Instance:Update" => Member,
    ContactInstanceDelete = "Contact:Instance:Delete" => Member,
    CallCollectionList = "Call:Collection:List" => Viewer,
    CallInstanceRead = "Call:Instance:Read" => Viewer,
    CallInstanceRerun = "Call:Instance:Rerun" => Member,
    CallOutboundCreate = "Call:Outbound:Create" => Member,
    MailSettingsRead = "MailSettings:Instance:Read" => Admin,
    MailMessageCollectionList = "MailMessage:Collection:List" => Admin,
    MailMessageInstanceRead = "MailMessage:Instance:Read" => Admin,
    MailMessageTestSend = "MailMessage:Test:Send" => Admin,
    MemberCollectionList = "Member:Collection:List" => Viewer,
    MemberInstanceUpdate = "Member:Instance:Update" => Admin,
    MemberInstanceDelete = "Member:Instance:Delete" => Admin,
    OrganizationOwnershipTransfer = "Organization:Ownership:Transfer" => Owner,
    InvitationCollectionList = "Invitation:Collection:List" => Viewer,
    InvitationCollectionCreate = "Invitation:Collection:Create" => Admin,
    InvitationInstanceResend = "Invitation:Instance:Resend" => Admin,
    InvitationInstanceDelete = "Invitation:Instance:Delete" => Admin,
    MembershipEventCollectionList = "MembershipEvent:Collection:List" => Owner,
    TodoCollectionList = "Todo:Collection:List" => Viewer,
    TodoInstanceRead = "Todo:Instance:Read" => Viewer,
    TodoInstanceUpdate = "Todo:Instance:Update" => Member,
    TodoTypeCollectionList = "TodoType:Collection:List" => Viewer,
    TodoTypeInstanceRead = "TodoType:Instance:Read" => Viewer,
    TodoTypeCollectionCreate = "TodoType:Collection:Create" => Admin,
    TodoTypeInstanceUpdate = "TodoType:Instance:Update" => Admin,
    TodoTypeInstanceDelete = "TodoType:Instance:Delete" => Admin,
    ReportSettingsRead = "ReportSettings:Instance:Read" => Admin,
    ReportSettingsUpdate = "ReportSettings:Instance:Update" => Admin,
    DemoDataDelete = "DemoData:Instance:Delete" => Admin,
    DashboardRead = "Dashboard:Instance:Read" => Viewer,
}

pub fn role_grants(role: Role, permission: Permission) -> bool {
    role >= permission.least_role()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_cumulative() {
        for &p in Permission::ALL {
            assert!(role_grants(Role::Owner, p), "owner lacks {}", p.name());
            for pair in Role::ALL.windows(2) {
                if role_grants(pair[0], p) {
                    assert!(
                        role_grants(pair[1], p),
                        "{:?} has {} but {:?} lacks it",
                        pair[0],
                        p.name(),
                        pair[1]
                    );
                }
            }
        }
        assert!(!role_grants(Role::Viewer, Permission::ApiKeyCollectionCreate));
        assert!(role_grants(Role::Viewer, Permission::OrganizationInstanceRead));
    }

    #[test]
    fn names_follow_the_seed_convention() {
        for &p in Permission::ALL {
            assert_eq!(p.name().split(':').count(), 3, "{}", p.name());
        }
    }
}
