//! The data Loquent's server and web app exchange, and the validation both apply.
//!
//! Everything here is plain serde data: the server derives its OpenAPI schemas from these types
//! (behind the `openapi` feature), and the web app deserializes exactly the same types.

pub mod account;
pub mod agent;
pub mod analyzer;
pub mod api_key;
pub mod auth;
pub mod call;
pub mod contact;
pub mod dashboard;
pub mod error;
pub mod mail;
pub mod number;
pub mod organization;
pub mod patch;
pub mod patterns;
pub mod phone;
pub mod profile;
pub mod report;
pub mod team;
pub mod time;
pub mod todo;
pub mod twilio;
pub mod validation;

pub use account::{
    AccountSession, ChangeEmailRequest, ChangePasswordRequest, EmailChangeSent, EmailChanged,
    ForgotPasswordRequest, ResetPasswordRequest, UpdateAccountRequest,
};
pub use agent::{
    Agent, AgentInput, AgentTools, Eagerness, NoiseReduction, RealtimeConfig, RealtimeProvider,
    RealtimeSetting, TransferTarget, TurnDetection,
};
pub use analyzer::{Analyzer, AnalyzerInput};
pub use api_key::{ApiKey, ApiKeyScope, CreateApiKeyRequest, CreatedApiKey};
pub use auth::{LoginRequest, Me, Membership, SignupRequest, SwitchOrganizationRequest};
pub use call::{
    Call, CallAnalysisGroup, CallAnalysisRun, CallDetails, CallDirection, CallPage, CallStatus,
    RerunAccepted, TranscriptSpeaker, TranscriptTurn,
};
pub use contact::{
    Contact, ContactEmail, ContactEmailInput, ContactInput, ContactPage, ContactPhone,
    ContactPhoneInput,
};
pub use dashboard::{
    Dashboard, DashboardBucket, DashboardSetup, DashboardStats, HeatCell, VolumeBucket,
};
pub use error::{ErrorBody, ErrorDetail};
pub use mail::{
    MailDelivery, MailMessage, MailMessageDetails, MailMessagePage, MailSettings, MailStatus,
};
pub use organization::{Member, Organization, Role, UpdateOrganizationRequest};
pub use phone::{
    AvailableNumber, BuyPhoneRequest, Capabilities, Phone, SearchAvailableRequest,
    SyncNumbersRequest, SyncNumbersResponse, UnsyncedNumber, UpdatePhoneRequest,
};
pub use profile::{OpeningHours, Weekday};
pub use report::{ReportSettings, ReportSettingsInput};
pub use team::{
    AcceptInvitationRequest, CreateInvitationRequest, Invitation, InvitationPreview,
    InvitationStatus, MembershipAction, MembershipEvent, TokenRequest, TransferOwnershipRequest,
    UpdateMemberRequest,
};
pub use todo::{
    Todo, TodoAction, TodoCounts, TodoPage, TodoStatus, TodoType, TodoTypeInput, UpdateTodoRequest,
};
pub use twilio::{PutTwilioSettingsRequest, TwilioMode, TwilioSettings, VoiceAccessToken};
