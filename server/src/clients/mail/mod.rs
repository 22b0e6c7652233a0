//! Email out through SMTP (lettre, STARTTLS or implicit TLS through rustls). Without an SMTP
//! server configured there is no transport at all: the outbox keeps what would have gone.

pub mod error;
pub mod message;
pub mod settings;

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;

pub use error::SendError;
pub use message::Email;
pub use settings::{SmtpCredentials, SmtpSecurity, SmtpSettings};

/// A whole conversation with the SMTP server (connect, TLS, authenticate, send) gives up after
/// this long, so a silent server can't hold a job worker.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The sender address and, when one is configured, the SMTP server.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    smtp: Option<SmtpSender>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.smtp {
            Some(smtp) => write!(f, "Mailer(smtp {})", smtp.server),
            None => write!(f, "Mailer(outbox)"),
        }
    }
}

impl Mailer {
    pub fn new(smtp: Option<&SmtpSettings>, from: Mailbox) -> Result<Mailer, SendError> {
        Ok(Mailer { from, smtp: smtp.map(SmtpSender::new).transpose()? })
    }

    /// Who every message is from (`MAIL_FROM`).
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// The SMTP server, or `None` when mail is kept in the outbox.
    pub fn smtp(&self) -> Option<&SmtpSender> {
        self.smtp.as_ref()
    }
}

/// Sends through one SMTP server. Each message opens its own connection: sends are rare
/// (reports, to-do actions), and nothing stays open between them.
#[derive(Clone)]
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    /// `host:port`, for messages about it.
    server: String,
}

impl SmtpSender {
    fn new(settings: &SmtpSettings) -> Result<SmtpSender, SendError> {
        let server = settings.server();
        let tls_parameters = || {
            TlsParameters::new(settings.host.clone()).map_err(|e| SendError::Unreachable {
                server: server.clone(),
                reason: e.to_string(),
            })
        };
        let tls = match settings.security {
            SmtpSecurity::StartTls => Tls::Required(tls_parameters()?),
            SmtpSecurity::ImplicitTls => Tls::Wrapper(tls_parameters()?),
            SmtpSecurity::None => Tls::None,
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            .port(settings.port)
            .tls(tls)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some(SmtpCredentials { user, password }) = &settings.credentials {
            builder = builder
                .credentials(Credentials::new(user.clone(), password.expose_secret().to_string()));
        }
        Ok(SmtpSender { transport: builder.build(), server })
    }

    /// `host:port`.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Hands the message to the server; `Ok` once it has accepted it (250 after DATA).
    #[tracing::instrument(skip_all, fields(server = %self.server))]
    pub async fn send(&self, email: &Email) -> Result<(), SendError> {
        let message = email.to_message()?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|e| SendError::from_smtp(&self.server, &e))
    }
}
