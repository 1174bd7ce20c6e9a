//! What a source is: a mailbox on an IMAP server or a calendar at an address, as the user gives
//! it (`kith source add`, the settings page) and as it is kept (JSON without any secret).

use kith_core::ValidationError;
use serde::{Deserialize, Serialize};

use super::{secret::SecretKey, tls::normalize_fingerprint};

/// How a mail server's connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    /// TLS from the first byte (port 993).
    Tls,
    /// Plain, upgraded by STARTTLS before logging in (port 143).
    Starttls,
    /// No encryption at all: only for a server on this machine.
    None,
}

impl Tls {
    pub fn parse(text: &str) -> Result<Tls, ValidationError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "tls" | "ssl" | "imaps" => Ok(Tls::Tls),
            "starttls" => Ok(Tls::Starttls),
            "none" | "plain" => Ok(Tls::None),
            _ => Err(ValidationError::new("tls", text, "use tls, starttls or none")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Tls::Tls => "tls",
            Tls::Starttls => "starttls",
            Tls::None => "none",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Tls::Tls => 993,
            Tls::Starttls | Tls::None => 143,
        }
    }
}

/// A mailbox kith follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImapConfig {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub user: String,
    /// The folders to follow; none: INBOX and the folder the server marks `\Sent`.
    #[serde(default)]
    pub folders: Vec<String>,
    /// The environment variable holding the password, when it is not kept (sealed) in the database.
    #[serde(default)]
    pub password_env: Option<String>,
    /// The SHA-256 fingerprint of the one certificate to accept (a self-signed one).
    #[serde(default)]
    pub trust_cert: Option<String>,
}

/// A calendar kith follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcsConfig {
    /// What the list shows: the file's path, or the address without its secret part.
    pub shown: String,
    /// A file's path (an address is secret and kept sealed).
    #[serde(default)]
    pub path: Option<String>,
}

/// A source's settings, as kept in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SourceConfig {
    Imap(ImapConfig),
    Ics(IcsConfig),
}

impl SourceConfig {
    pub fn kind(&self) -> &'static str {
        match self {
            SourceConfig::Imap(_) => "imap",
            SourceConfig::Ics(_) => "ics",
        }
    }

    /// What the source reads, in a few words: `ada@imap.example.org:993 (tls)`, the calendar's
    /// address without its secret.
    pub fn target(&self) -> String {
        match self {
            SourceConfig::Imap(c) => format!("{}@{}:{} ({})", c.user, c.host, c.port, c.tls.name()),
            SourceConfig::Ics(c) => c.shown.clone(),
        }
    }
}

/// A new source as the user describes it; checked and turned into what is kept by [`NewSourceRequest::prepare`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewSourceRequest {
    /// `imap` or `ics`.
    pub kind: String,
    pub name: String,
    pub host: String,
    pub port: Option<u16>,
    pub tls: Option<String>,
    pub user: String,
    /// The password itself (sealed before it is kept).
    pub password: Option<String>,
    /// Or the environment variable that holds it.
    pub password_env: Option<String>,
    pub folders: Vec<String>,
    pub trust_cert: Option<String>,
    /// The calendar: an http(s) or webcal address, or a file's path.
    pub url: String,
}

impl NewSourceRequest {
    /// Checks the request and seals its secret (the password, a calendar's address) with `key`.
    pub fn prepare(&self, key: &SecretKey) -> Result<kith_store::NewSource, ValidationError> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(ValidationError::new("NAME", &self.name, "give the source a name, e.g. work or calendar"));
        }
        let sealed = |plain: &str| key.seal(&name, plain).map_err(|e| ValidationError::new("password", "…", e));
        let (config, secret) = match self.kind.trim().to_ascii_lowercase().as_str() {
            "imap" => {
                let host = self.host.trim().to_string();
                if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') {
                    return Err(ValidationError::new(
                        "host",
                        &self.host,
                        "give the mail server's name, e.g. imap.example.org",
                    ));
                }
                let user = self.user.trim().to_string();
                if user.is_empty() {
                    return Err(ValidationError::new("user", &self.user, "give the user name you log in with"));
                }
                let tls = self.tls.as_deref().map(Tls::parse).transpose()?.unwrap_or(Tls::Tls);
                if tls == Tls::None && !is_loopback(&host) {
                    return Err(ValidationError::new(
                        "tls",
                        "none",
                        format!(
                            "{host} is not this machine: the password would cross the network in clear; use tls or starttls"
                        ),
                    ));
                }
                let port = self.port.unwrap_or_else(|| tls.default_port());
                if port == 0 {
                    return Err(ValidationError::new("port", "0", "give a port from 1 to 65535"));
                }
                let env = self.password_env.as_deref().map(str::trim).filter(|e| !e.is_empty());
                let password = self.password.as_deref().filter(|p| !p.is_empty());
                let secret = match (password, env) {
                    (Some(_), Some(_)) => {
                        return Err(ValidationError::new(
                            "password_env",
                            env.unwrap_or_default(),
                            "give the password one way: --password-env or --password-stdin",
                        ));
                    }
                    (None, None) => {
                        return Err(ValidationError::new(
                            "password_stdin",
                            "",
                            "the mailbox needs a password: --password-stdin (kept encrypted) or --password-env VAR",
                        ));
                    }
                    (Some(p), None) => Some(sealed(p)?),
                    (None, Some(_)) => None,
                };
                let folders: Vec<String> =
                    self.folders.iter().map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect();
                let trust_cert = match self.trust_cert.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    Some(t) => Some(normalize_fingerprint(t).ok_or_else(|| {
                        ValidationError::new(
                            "trust_cert",
                            t,
                            "not a SHA-256 fingerprint (64 hexadecimal digits, colons allowed)",
                        )
                    })?),
                    None => None,
                };
                let config =
                    ImapConfig { host, port, tls, user, folders, password_env: env.map(str::to_string), trust_cert };
                (SourceConfig::Imap(config), secret)
            }
            "ics" => {
                let url = self.url.trim();
                if url.is_empty() {
                    return Err(ValidationError::new("url", url, "give the calendar's address or a file's path"));
                }
                match web_address(url) {
                    Some(address) => {
                        let shown = without_secret(&address);
                        (SourceConfig::Ics(IcsConfig { shown, path: None }), Some(sealed(&address)?))
                    }
                    None if url.contains("://") => {
                        return Err(ValidationError::new(
                            "url",
                            url,
                            "kith reads http, https and webcal addresses, or a file's path",
                        ));
                    }
                    None => {
                        let path = std::path::absolute(url)
                            .map_err(|e| ValidationError::new("url", url, e.to_string()))?
                            .display()
                            .to_string();
                        (SourceConfig::Ics(IcsConfig { shown: path.clone(), path: Some(path) }), None)
                    }
                }
            }
            other => {
                return Err(ValidationError::new("KIND", other, "a source is imap (a mailbox) or ics (a calendar)"));
            }
        };
        let json = serde_json::to_string(&config).expect("a source's settings serialize");
        Ok(kith_store::NewSource { name, kind: config.kind().into(), config: json, secret })
    }
}

/// Whether `host` is this machine, where a connection without TLS crosses no network.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a calendar is given by its address (http, https or webcal), not a file's path: the web
/// app takes only these, a server's files being none of its users' business.
pub fn is_web_address(url: &str) -> bool {
    web_address(url.trim()).is_some()
}

/// An http(s) address, with `webcal://` (what calendar apps hand out) read as `https://`.
fn web_address(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(url.to_string())
    } else if lower.starts_with("webcal://") {
        Some(format!("https://{}", &url["webcal://".len()..]))
    } else {
        None
    }
}

/// The address with its path cut: Google's and Outlook's secret addresses hold the secret there.
fn without_secret(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    format!("{scheme}://{host}/…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> (tempfile::TempDir, SecretKey) {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretKey::load_or_create(&dir.path().join("k")).unwrap();
        (dir, key)
    }

    #[test]
    fn a_mailbox_keeps_no_password_in_its_settings() {
        let (_d, key) = key();
        let r = NewSourceRequest {
            kind: "imap".into(),
            name: "work".into(),
            host: "imap.example.org".into(),
            user: "ada".into(),
            password: Some("s3cret!".into()),
            ..Default::default()
        };
        let new = r.prepare(&key).unwrap();
        assert!(!new.config.contains("s3cret"));
        assert_eq!(key.open("work", new.secret.as_deref().unwrap()).unwrap(), "s3cret!");
        let SourceConfig::Imap(c) = serde_json::from_str(&new.config).unwrap() else { panic!() };
        assert_eq!((c.port, c.tls), (993, Tls::Tls));

        let no_password = NewSourceRequest { password: None, ..r.clone() };
        assert_eq!(no_password.prepare(&key).unwrap_err().field, "password_stdin");
        let env = NewSourceRequest { password: None, password_env: Some("WORK_PW".into()), ..r.clone() };
        assert_eq!(env.prepare(&key).unwrap().secret, None);
        let plain = NewSourceRequest { tls: Some("none".into()), ..r.clone() };
        assert_eq!(plain.prepare(&key).unwrap_err().field, "tls", "no password in clear over a network");
        let local = NewSourceRequest { host: "127.0.0.1".into(), ..plain };
        assert!(local.prepare(&key).is_ok());
        let bad_pin = NewSourceRequest { trust_cert: Some("12:34".into()), ..r };
        assert_eq!(bad_pin.prepare(&key).unwrap_err().field, "trust_cert");
    }

    #[test]
    fn a_calendars_secret_address_is_sealed_and_shown_without_its_secret() {
        let (_d, key) = key();
        let r = NewSourceRequest {
            kind: "ics".into(),
            name: "cal".into(),
            url: "webcal://calendar.example.com/private-abc123/basic.ics".into(),
            ..Default::default()
        };
        let new = r.prepare(&key).unwrap();
        assert!(!new.config.contains("abc123"), "{}", new.config);
        assert!(new.config.contains("https://calendar.example.com/…"));
        assert_eq!(
            key.open("cal", new.secret.as_deref().unwrap()).unwrap(),
            "https://calendar.example.com/private-abc123/basic.ics"
        );
        let ftp = NewSourceRequest { url: "ftp://x/y.ics".into(), ..r };
        assert_eq!(ftp.prepare(&key).unwrap_err().field, "url");
    }
}
