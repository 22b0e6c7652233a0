//! The parts of Twilio's JSON resources Loquent reads (field names as in Twilio's spec).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct AccountResource {
    pub sid: String,
    pub auth_token: Option<String>,
    pub friendly_name: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CapabilitiesResource {
    #[serde(default, alias = "Voice")]
    pub voice: bool,
    #[serde(default, alias = "SMS")]
    pub sms: bool,
    #[serde(default, alias = "MMS")]
    pub mms: bool,
    #[serde(default, alias = "Fax")]
    pub fax: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AvailableNumberResource {
    pub friendly_name: Option<String>,
    pub phone_number: String,
    pub locality: Option<String>,
    pub region: Option<String>,
    #[serde(default)]
    pub capabilities: Option<CapabilitiesResource>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AvailableNumberPage {
    #[serde(default)]
    pub available_phone_numbers: Vec<AvailableNumberResource>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IncomingNumberResource {
    pub sid: String,
    pub phone_number: String,
    pub friendly_name: Option<String>,
    pub voice_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IncomingNumberPage {
    #[serde(default)]
    pub incoming_phone_numbers: Vec<IncomingNumberResource>,
    pub next_page_uri: Option<String>,
}

/// Twilio's error body.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorResource {
    pub code: Option<u32>,
    pub message: Option<String>,
}

/// A TwiML Application (`api.v2010.account.application`): where Twilio asks what a call placed
/// from the Voice SDK does.
#[derive(Debug, Clone, Deserialize)]
pub struct ApplicationResource {
    pub sid: String,
}

/// A new API Key (`api.v2010.account.new_key`); the secret is in this answer only.
#[derive(Debug, Clone, Deserialize)]
pub struct NewKeyResource {
    pub sid: String,
    pub secret: String,
}
