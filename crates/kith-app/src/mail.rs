//! Outgoing mail: the `[smtp]` settings, a connection to the server built from them (lettre, TLS by
//! rustls), Message-IDs on the sender's own domain, and failures described the way a user can act
//! on them — which server, and what it said.

use std::{fmt, time::Duration};

use kith_core::ValidationError;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::Mailbox,
    transport::smtp::{Error as SmtpError, authentication::Credentials},
};
use serde::{Deserialize, Serialize};

/// How long a conversation with the server may stall before the send counts as failed.
const TIMEOUT: Duration = Duration::from_secs(30);

/// What to add to the configuration file when no mail server is set up.
pub const SMTP_EXAMPLE: &str = "[smtp]\nhost = \"smtp.example.org\"\nport = 587            # default: 587 with starttls, 465 with tls, 25 with none\ntls = \"starttls\"       # \"starttls\" (default), \"tls\" or \"none\"\nusername = \"me@example.org\"\nfrom = \"Me <me@example.org>\"   # default: the first of `me`\n# and the password in the environment: KITH_SMTP_PASSWORD=…";

/// `[smtp]`: the mail server kith sends through. The password is best given in the environment
/// (`KITH_SMTP_PASSWORD`) rather than written into the file.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    /// Defaults by `tls`: 587 for starttls, 465 for tls, 25 for none.
    pub port: Option<u16>,
    /// "starttls" (the default), "tls" (TLS from the first byte) or "none" (plain text).
    pub tls: Option<String>,
    pub username: Option<String>,
    /// Never written back out; `KITH_SMTP_PASSWORD` overrides it.
    #[serde(skip_serializing)]
    pub password: Option<String>,
    /// The sender; the first `me` address when absent.
    pub from: Option<String>,
}

impl fmt::Debug for SmtpSettings {
    // Written by hand so that the password never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("from", &self.from)
            .finish()
    }
}

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    None,
    StartTls,
    Tls,
}

impl TlsMode {
    pub fn default_port(self) -> u16 {
        match self {
            TlsMode::None => 25,
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
        }
    }
}

impl SmtpSettings {
    pub fn tls_mode(&self) -> Result<TlsMode, ValidationError> {
        match self.tls.as_deref().map(|t| t.trim().to_ascii_lowercase()).as_deref() {
            None | Some("starttls") => Ok(TlsMode::StartTls),
            Some("tls") => Ok(TlsMode::Tls),
            Some("none") => Ok(TlsMode::None),
            Some(_) => Err(ValidationError::new(
                "smtp.tls",
                self.tls.clone().unwrap_or_default(),
                "write \"starttls\", \"tls\" or \"none\"",
            )),
        }
    }

    pub fn port(&self) -> Result<u16, ValidationError> {
        match self.port {
            Some(0) => Err(ValidationError::new("smtp.port", "0", "give a port from 1 to 65535")),
            Some(p) => Ok(p),
            None => Ok(self.tls_mode()?.default_port()),
        }
    }

    /// Checks every value; the error names the setting and the value.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let host = self.host.trim();
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(ValidationError::new(
                "smtp.host",
                &self.host,
                "give the mail server's name, e.g. smtp.example.org",
            ));
        }
        self.port()?;
        match (&self.username, &self.password) {
            (Some(_), None) => {
                return Err(ValidationError::new(
                    "smtp.password",
                    "",
                    "smtp.username is set but no password; set KITH_SMTP_PASSWORD in the environment",
                ));
            }
            (None, Some(_)) => {
                return Err(ValidationError::new(
                    "smtp.username",
                    "",
                    "a password is set; give the username it goes with",
                ));
            }
            _ => {}
        }
        if let Some(from) = &self.from {
            parse_mailbox("smtp.from", from)?;
        }
        Ok(())
    }
}

fn parse_mailbox(field: &str, value: &str) -> Result<Mailbox, ValidationError> {
    value.trim().parse().map_err(|e| ValidationError::new(field, value, format!("not an e-mail address ({e})")))
}

/// The error when a send is asked for and `[smtp]` is missing: it shows what to add.
pub fn not_configured() -> ValidationError {
    ValidationError::new(
        "smtp.host",
        "",
        format!("no mail server is configured; add to the configuration file:\n\n{SMTP_EXAMPLE}"),
    )
}

/// A Message-ID on the sender's domain (`<…@example.org>`), unique by a random UUID.
pub fn message_id(from: &Mailbox) -> String {
    format!("<{}@{}>", uuid::Uuid::new_v4().simple(), from.email.domain())
}

/// A configured connection to the mail server, with the sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    server: String,
    from: Mailbox,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer").field("server", &self.server).field("from", &self.from.to_string()).finish()
    }
}

impl Mailer {
    /// The mailer of the settings: `[smtp]` (an error showing what to add when missing), sending
    /// as `smtp.from`, else the first of `me`.
    pub fn new(smtp: Option<&SmtpSettings>, me: &[String]) -> Result<Mailer, ValidationError> {
        let smtp = smtp.ok_or_else(not_configured)?;
        smtp.validate()?;
        let from = match (&smtp.from, me.first()) {
            (Some(from), _) => parse_mailbox("smtp.from", from)?,
            (None, Some(me)) => parse_mailbox("me", me)?,
            (None, None) => {
                return Err(ValidationError::new(
                    "smtp.from",
                    "",
                    "no sender address: set from = \"you@example.org\" under [smtp], or me = [\"you@example.org\"]",
                ));
            }
        };
        let host = smtp.host.trim();
        let port = smtp.port()?;
        let bad_host = |e: SmtpError| ValidationError::new("smtp.host", host, format!("cannot be used for TLS: {e}"));
        let builder = match smtp.tls_mode()? {
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            TlsMode::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(bad_host)?,
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(bad_host)?,
        };
        let mut builder = builder.port(port).timeout(Some(TIMEOUT));
        if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer { transport: builder.build(), server: format!("{host}:{port}"), from })
    }

    /// Who the mail is from.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// `host:port`, as failures name it.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Hands a message to the server. The error says which server and what went wrong or what it
    /// answered.
    pub async fn send(&self, message: Message) -> Result<(), String> {
        self.transport.send(message).await.map(drop).map_err(|e| self.describe(&e))
    }

    fn describe(&self, e: &SmtpError) -> String {
        let server = &self.server;
        if e.is_permanent() || e.is_transient() {
            // Shown as "permanent error (550): <what the server said>".
            format!("the mail server {server} refused it: {e}")
        } else if e.is_tls() {
            format!("no secure connection to the mail server {server} ({e}); check smtp.tls and smtp.port")
        } else if e.is_timeout() {
            format!("the mail server {server} did not answer in time ({e})")
        } else {
            format!("could not talk to the mail server {server}: {e}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(host: &str) -> SmtpSettings {
        SmtpSettings { host: host.into(), ..SmtpSettings::default() }
    }

    #[test]
    fn ports_default_by_tls_mode() {
        let mut s = smtp("smtp.example.org");
        assert_eq!(s.port().unwrap(), 587);
        s.tls = Some("tls".into());
        assert_eq!(s.port().unwrap(), 465);
        s.tls = Some("none".into());
        assert_eq!(s.port().unwrap(), 25);
        s.port = Some(2525);
        assert_eq!(s.port().unwrap(), 2525);
    }

    #[test]
    fn bad_settings_name_the_setting_and_value() {
        let mut s = smtp("smtp.example.org");
        s.tls = Some("ssl".into());
        let e = s.validate().unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("smtp.tls", "ssl"));
        let e = smtp("").validate().unwrap_err();
        assert_eq!(e.field, "smtp.host");
        let mut s = smtp("smtp.example.org");
        s.username = Some("me".into());
        let e = s.validate().unwrap_err();
        assert!(e.message.contains("KITH_SMTP_PASSWORD"), "{e}");
        s.from = Some("not an address".into());
        s.password = Some("secret".into());
        let e = s.validate().unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("smtp.from", "not an address"));
        assert!(!format!("{s:?}").contains("secret"), "the password stays out of debug output");
    }

    #[test]
    fn no_server_shows_the_toml_to_add() {
        let e = Mailer::new(None, &["me@example.org".into()]).unwrap_err();
        assert!(e.message.contains("[smtp]\nhost = "), "{e}");
    }

    #[test]
    fn message_ids_use_the_senders_domain() {
        let from: Mailbox = "Me <me@example.org>".parse().unwrap();
        let id = message_id(&from);
        assert!(id.starts_with('<') && id.ends_with("@example.org>"), "{id}");
        assert_ne!(id, message_id(&from));
    }

    #[test]
    fn the_sender_is_from_else_the_first_me() {
        let mut s = smtp("smtp.example.org");
        let m = Mailer::new(Some(&s), &["me@example.org".into(), "other@example.org".into()]).unwrap();
        assert_eq!(m.from().email.to_string(), "me@example.org");
        assert_eq!(m.server(), "smtp.example.org:587");
        s.from = Some("Job Search <jobs@example.org>".into());
        let m = Mailer::new(Some(&s), &["me@example.org".into()]).unwrap();
        assert_eq!(m.from().email.to_string(), "jobs@example.org");
        assert_eq!(Mailer::new(Some(&smtp("smtp.example.org")), &[]).unwrap_err().field, "smtp.from");
    }
}
