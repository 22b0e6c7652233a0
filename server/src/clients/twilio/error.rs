/// Twilio error codes Loquent reacts to (https://www.twilio.com/docs/api/errors).
pub mod codes {
    /// Authentication failed: wrong account SID or auth token.
    pub const AUTHENTICATE: u32 = 20003;
    /// The resource does not exist.
    pub const NOT_FOUND: u32 = 20404;
    /// The phone number requested is not available (taken since the search).
    pub const NUMBER_NOT_AVAILABLE: u32 = 21422;
    /// A recording made with one channel can't be downloaded with two.
    pub const MONO_RECORDING: u32 = 16113;
}

#[derive(Debug, thiserror::Error)]
pub enum TwilioError {
    /// Twilio answered with its error body `{code, message, more_info, status}`.
    #[error("Twilio answered {status}: {message} (code {code:?})")]
    Api { status: u16, code: Option<u32>, message: String },
    #[error("could not reach Twilio: {0}")]
    Transport(#[source] reqwest::Error),
    #[error("Twilio's answer was not understood: {0}")]
    Decode(String),
}

impl TwilioError {
    pub fn code(&self) -> Option<u32> {
        match self {
            TwilioError::Api { code, .. } => *code,
            _ => None,
        }
    }

    /// The credentials were refused.
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, TwilioError::Api { status: 401, .. })
            || self.code() == Some(codes::AUTHENTICATE)
    }

    /// What to tell a person: Twilio's own message when it sent one.
    pub fn public_message(&self) -> String {
        match self {
            TwilioError::Api { message, .. } => message.clone(),
            TwilioError::Transport(_) => "Twilio could not be reached".into(),
            TwilioError::Decode(_) => "Twilio's answer was not understood".into(),
        }
    }
}
