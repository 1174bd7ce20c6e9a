//! Settings changed in the app (`kith settings set`, the settings page), kept in the database per
//! owner, over the defaults; the configuration file and `KITH_*` variables win where they set a
//! value (an operator's choice), and the app says so. A server reads them again on every request,
//! so a change needs no restart.

use std::collections::BTreeSet;

use kith_core::ValidationError;
use serde::{Deserialize, Serialize};

use lettre::{Message, message::header::ContentType};

use crate::{
    mail::{Mailer, SmtpSettings},
    settings::{DigestSettings, PhoneDeletions, Settings, check_plan_size},
};

/// What the user set in the app; `None` leaves the default (or the file's value).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppSettings {
    pub me: Option<Vec<String>>,
    pub plan_size: Option<usize>,
    pub week_starts: Option<String>,
    pub digest: Option<DigestSettings>,
    /// The mail server, without its password: that stays in `KITH_SMTP_PASSWORD` or the file.
    pub smtp: Option<SmtpSettings>,
    pub phone_deletions: Option<PhoneDeletions>,
}

/// The settings the app can change, by the name `kith settings` and the page use.
pub const KEYS: [&str; 6] = ["me", "plan_size", "week_starts", "digest", "smtp", "phone_deletions"];

/// The settings from the file and the environment, with the keys they set.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub settings: Settings,
    /// Which of [`KEYS`] the file or the environment set: those are not changed in the app.
    pub set: BTreeSet<String>,
    /// `KITH_SMTP_PASSWORD`, for a mail server set in the app, and `KITH_SMTP_HOST`, the only
    /// server it is given to: whoever can change the settings cannot send it elsewhere.
    pub smtp_password: Option<String>,
    pub smtp_password_host: Option<String>,
}

impl FileSettings {
    /// Settings without a file: the defaults, nothing locked.
    pub fn defaults() -> FileSettings {
        FileSettings {
            settings: Settings::default(),
            set: BTreeSet::new(),
            smtp_password: None,
            smtp_password_host: None,
        }
    }

    /// Whether `key` is the file's (or the environment's) to set.
    pub fn locks(&self, key: &str) -> bool {
        self.set.contains(key)
    }

    /// The file's settings as they apply to another person's account on the operator's server:
    /// without the operator's own mail setup (`[smtp]`, `me` and the SMTP password of the
    /// environment), which that person sets for themselves in the app.
    pub fn for_another_account(&self) -> FileSettings {
        let mut file = self.clone();
        file.settings.smtp = None;
        file.settings.me = Settings::default().me;
        file.set.remove("smtp");
        file.set.remove("me");
        file.smtp_password = None;
        file.smtp_password_host = None;
        file
    }

    /// The environment's SMTP password, when `host` is the server the operator named for it.
    pub fn password_for(&self, host: &str) -> Option<String> {
        let named = self.smtp_password_host.as_deref().map(str::trim)?;
        (!named.is_empty() && named.eq_ignore_ascii_case(host.trim())).then(|| self.smtp_password.clone()).flatten()
    }

    /// The settings in force: the app's values over the defaults, the file's over both.
    pub fn effective(&self, app: &AppSettings) -> Settings {
        let mut s = self.settings.clone();
        let free = |key: &str| !self.locks(key);
        if let Some(me) = app.me.as_ref().filter(|_| free("me")) {
            s.me = me.clone();
        }
        if let Some(size) = app.plan_size.filter(|_| free("plan_size")) {
            s.plan_size = size;
        }
        if let Some(day) = app.week_starts.as_ref().filter(|_| free("week_starts")) {
            s.week_starts = day.clone();
        }
        if let Some(digest) = app.digest.as_ref().filter(|_| free("digest")) {
            s.digest = digest.clone();
        }
        if let Some(smtp) = app.smtp.as_ref().filter(|_| free("smtp")) {
            let mut smtp = smtp.clone();
            smtp.password = self.password_for(&smtp.host);
            s.smtp = Some(smtp);
        }
        if let Some(deletions) = app.phone_deletions.filter(|_| free("phone_deletions")) {
            s.phone_deletions = deletions;
        }
        s
    }
}

impl AppSettings {
    /// Checks every value set; the error names the setting and the value. (What the file sets is
    /// left out of the settings in force, whatever is stored for it.)
    pub fn validate(&self, file: &FileSettings) -> Result<(), ValidationError> {
        if let Some(me) = &self.me {
            for address in me {
                kith_core::contact::validate_email("me", address)?;
            }
        }
        if let Some(size) = self.plan_size {
            check_plan_size("plan_size", size)?;
        }
        // The rest are checked as the file's are, on the settings they would make.
        let mut probe = file.effective(self);
        if let Some(smtp) = probe.smtp.as_mut().filter(|s| s.username.is_some() && s.password.is_none()) {
            // A password is not kept in the database; its absence is reported when mail is sent.
            smtp.password = Some(String::new());
        }
        probe.validate()
    }

    /// Whether the app set `key` (one of [`KEYS`]).
    pub fn has(&self, key: &str) -> bool {
        match key {
            "me" => self.me.is_some(),
            "plan_size" => self.plan_size.is_some(),
            "week_starts" => self.week_starts.is_some(),
            "digest" => self.digest.is_some(),
            "phone_deletions" => self.phone_deletions.is_some(),
            _ => self.smtp.is_some(),
        }
    }

    /// Reads the stored JSON; a value that no longer reads is reported, never silently dropped.
    pub fn from_json(json: &str) -> Result<AppSettings, ValidationError> {
        serde_json::from_str(json).map_err(|e| {
            ValidationError::new("settings", json, format!("the stored settings do not read ({e}); set them again"))
        })
    }

    pub fn to_json(&self) -> String {
        // Serializing plain data cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Sends a short message through the mail server in force to the digest's recipient (else the
/// first of `me`): the settings page's "send me a test". Returns whom it went to; the error says
/// what is missing or what the server answered.
pub async fn send_test_mail(settings: &Settings) -> Result<String, String> {
    let mailer = Mailer::new(settings.smtp.as_ref(), &settings.me).map_err(|e| e.to_string())?;
    let to = crate::digest::recipient(settings.digest.to.as_deref(), &settings.me).map_err(|e| e.to_string())?;
    let message = Message::builder()
        .from(mailer.from().clone())
        .to(to.clone())
        .subject("kith: a test from your settings")
        .message_id(Some(crate::mail::message_id(mailer.from())))
        .header(ContentType::TEXT_PLAIN)
        .body(format!(
            "kith can send mail through {}: the weekly digest and campaigns will reach you.\n",
            mailer.server()
        ))
        .map_err(|e| format!("cannot build the message: {e}"))?;
    mailer.send(message).await?;
    Ok(to.to_string())
}

/// Where a setting in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The configuration file or a `KITH_` variable: it wins.
    File,
    /// Changed in the app (`kith settings set`, the settings page).
    App,
    Default,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::File => "file",
            Source::App => "app",
            Source::Default => "default",
        }
    }
}

/// One setting as `kith settings` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shown {
    pub key: &'static str,
    pub value: String,
    pub from: Source,
}

/// Every setting the app can change, its value in force and where it comes from.
pub fn shown(file: &FileSettings, app: &AppSettings) -> Vec<Shown> {
    let s = file.effective(app);
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let smtp = s.smtp.as_ref();
    let rows: [(&'static str, &'static str, String); 13] = [
        ("me", "me", s.me.join(", ")),
        ("plan_size", "plan_size", s.plan_size.to_string()),
        ("week_starts", "week_starts", s.week_starts.clone()),
        ("digest.enabled", "digest", s.digest.enabled.to_string()),
        ("digest.weekday", "digest", s.digest.weekday.clone()),
        ("digest.time", "digest", s.digest.time.clone()),
        ("digest.to", "digest", opt(&s.digest.to)),
        ("smtp.host", "smtp", smtp.map(|m| m.host.clone()).unwrap_or_default()),
        ("smtp.port", "smtp", smtp.and_then(|m| m.port).map(|p| p.to_string()).unwrap_or_default()),
        ("smtp.tls", "smtp", smtp.map(|m| opt(&m.tls)).unwrap_or_default()),
        ("smtp.username", "smtp", smtp.map(|m| opt(&m.username)).unwrap_or_default()),
        ("smtp.from", "smtp", smtp.map(|m| opt(&m.from)).unwrap_or_default()),
        ("phone_deletions", "phone_deletions", s.phone_deletions.as_str().to_string()),
    ];
    rows.into_iter()
        .map(|(key, top, value)| {
            let from = if file.locks(top) {
                Source::File
            } else if app.has(top) {
                Source::App
            } else {
                Source::Default
            };
            Shown { key, value, from }
        })
        .collect()
}

/// The keys `kith settings set` takes.
pub const SETTABLE: [&str; 13] = [
    "me",
    "plan_size",
    "week_starts",
    "digest.enabled",
    "digest.weekday",
    "digest.time",
    "digest.to",
    "smtp.host",
    "smtp.port",
    "smtp.tls",
    "smtp.username",
    "smtp.from",
    "phone_deletions",
];

impl AppSettings {
    /// Sets one value as typed (`me` takes addresses separated by commas; an empty value clears an
    /// optional one). The result is checked with [`AppSettings::validate`] before it is stored.
    pub fn set(&mut self, file: &FileSettings, key: &str, value: &str) -> Result<(), ValidationError> {
        let value = value.trim();
        let text = || (!value.is_empty()).then(|| value.to_string());
        let group = key.split('.').next().unwrap_or(key);
        if file.locks(group) {
            return Err(ValidationError::new(
                key,
                value,
                "is set in the configuration file (or a KITH_ variable), which wins; change it there",
            ));
        }
        let current = file.effective(self);
        match key {
            "me" => self.me = Some(read_addresses(value)),
            "plan_size" => self.plan_size = Some(read_plan_size(value)?),
            "week_starts" => self.week_starts = Some(value.to_lowercase()),
            "phone_deletions" => self.phone_deletions = Some(PhoneDeletions::parse(value)?),
            digest if digest.starts_with("digest.") => {
                let mut d = self.digest.clone().unwrap_or_else(|| current.digest.clone());
                match &digest["digest.".len()..] {
                    "enabled" => {
                        d.enabled = match value.to_lowercase().as_str() {
                            "true" | "on" | "yes" => true,
                            "false" | "off" | "no" => false,
                            _ => return Err(ValidationError::new(key, value, "must be on or off")),
                        }
                    }
                    "weekday" => d.weekday = value.to_lowercase(),
                    "time" => d.time = value.to_string(),
                    "to" => d.to = text(),
                    _ => return Err(unknown(key)),
                }
                self.digest = Some(d);
            }
            smtp if smtp.starts_with("smtp.") => {
                let mut m = self.smtp.clone().or_else(|| current.smtp.clone()).unwrap_or_default();
                m.password = None;
                match &smtp["smtp.".len()..] {
                    "host" => m.host = value.to_string(),
                    "port" => m.port = read_port(value)?,
                    "tls" => m.tls = text(),
                    "username" => m.username = text(),
                    "from" => m.from = text(),
                    _ => return Err(unknown(key)),
                }
                self.smtp = Some(m);
            }
            _ => return Err(unknown(key)),
        }
        self.validate(file)
    }

    /// Forgets what the app set for `key` (a whole group: `digest`, `smtp`), back to the default.
    pub fn unset(&mut self, key: &str) -> Result<(), ValidationError> {
        match key.split('.').next().unwrap_or(key) {
            "me" => self.me = None,
            "plan_size" => self.plan_size = None,
            "week_starts" => self.week_starts = None,
            "digest" => self.digest = None,
            "smtp" => self.smtp = None,
            "phone_deletions" => self.phone_deletions = None,
            _ => return Err(unknown(key)),
        }
        Ok(())
    }
}

/// Addresses typed as one value: separated by commas or line breaks, blanks left out.
pub fn read_addresses(value: &str) -> Vec<String> {
    value.split([',', '\n']).map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect()
}

/// A plan size as typed (its range is checked with the rest of the settings).
pub fn read_plan_size(value: &str) -> Result<usize, ValidationError> {
    let value = value.trim();
    value.parse().map_err(|_| ValidationError::new("plan_size", value, "must be a whole number from 1 to 100"))
}

/// A mail server's port as typed; empty for the default of its security.
pub fn read_port(value: &str) -> Result<Option<u16>, ValidationError> {
    match value.trim() {
        "" => Ok(None),
        p => p.parse().map(Some).map_err(|_| ValidationError::new("smtp.port", p, "a port from 1 to 65535")),
    }
}

fn unknown(key: &str) -> ValidationError {
    ValidationError::new("setting", key, format!("unknown setting; the settings are {}", SETTABLE.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_sets_what_the_file_leaves_and_the_file_wins_where_it_sets() {
        let mut file = FileSettings::defaults();
        file.settings.plan_size = 8;
        file.set.insert("plan_size".into());
        let app = AppSettings {
            me: Some(vec!["me@example.org".into()]),
            week_starts: Some("sunday".into()),
            ..AppSettings::default()
        };
        app.validate(&file).unwrap();
        let s = file.effective(&app);
        assert_eq!(
            (s.plan_size, s.me.as_slice(), s.week_starts.as_str()),
            (8, &["me@example.org".to_string()][..], "sunday")
        );
        let err = AppSettings::default().set(&file, "plan_size", "3").unwrap_err();
        assert!(err.field == "plan_size" && err.message.contains("configuration file"), "{err}");
        // A value stored before the file set it is left out, and blocks nothing else.
        let stale = AppSettings { plan_size: Some(3), ..AppSettings::default() };
        assert_eq!(file.effective(&stale).plan_size, 8);
        stale.clone().set(&file, "me", "me@example.org").unwrap();
    }

    #[test]
    fn values_out_of_range_name_the_setting() {
        let file = FileSettings::defaults();
        let err = AppSettings { plan_size: Some(0), ..AppSettings::default() }.validate(&file).unwrap_err();
        assert_eq!((err.field.as_str(), err.value.as_str()), ("plan_size", "0"));
        let err =
            AppSettings { week_starts: Some("someday".into()), ..AppSettings::default() }.validate(&file).unwrap_err();
        assert_eq!(err.field, "week_starts");
        let err = AppSettings { me: Some(vec!["not an address".into()]), ..AppSettings::default() }
            .validate(&file)
            .unwrap_err();
        assert_eq!(err.field, "me");
        let digest = DigestSettings { time: "25:00".into(), ..DigestSettings::default() };
        let err = AppSettings { digest: Some(digest), ..AppSettings::default() }.validate(&file).unwrap_err();
        assert_eq!(err.field, "digest.time");
        assert!(AppSettings::from_json("{\"plan_size\": \"x\"}").is_err());
    }

    #[test]
    fn values_are_set_one_by_one_as_typed() {
        let file = FileSettings::defaults();
        let mut app = AppSettings::default();
        app.set(&file, "me", "me@example.org, me@home.example").unwrap();
        app.set(&file, "digest.enabled", "on").unwrap();
        app.set(&file, "digest.time", "07:30").unwrap();
        app.set(&file, "plan_size", "7").unwrap();
        let s = file.effective(&app);
        assert_eq!(s.me.len(), 2);
        assert_eq!((s.digest.enabled, s.digest.time.as_str(), s.plan_size), (true, "07:30", 7));
        let err = app.set(&file, "plan_size", "lots").unwrap_err();
        assert_eq!(err.field, "plan_size");
        let err = app.set(&file, "colour", "blue").unwrap_err();
        assert!(err.message.contains("smtp.host"), "{err}");
        let shown = shown(&file, &app);
        assert_eq!(
            shown.iter().find(|r| r.key == "plan_size").map(|r| (r.value.as_str(), r.from)),
            Some(("7", Source::App))
        );
        assert_eq!(shown.iter().find(|r| r.key == "week_starts").map(|r| r.from), Some(Source::Default));
        app.unset("digest.time").unwrap();
        assert!(!file.effective(&app).digest.enabled, "a group is unset whole");
    }

    #[test]
    fn a_mail_server_set_in_the_app_takes_its_password_from_the_environment() {
        let mut file = FileSettings::defaults();
        file.smtp_password = Some("s3cret".into());
        file.smtp_password_host = Some("smtp.example.org".into());
        let smtp = SmtpSettings {
            host: "smtp.example.org".into(),
            port: None,
            tls: None,
            username: Some("me".into()),
            password: None,
            from: None,
        };
        let app = AppSettings { smtp: Some(smtp), ..AppSettings::default() };
        app.validate(&file).unwrap();
        assert_eq!(file.effective(&app).smtp.unwrap().password.as_deref(), Some("s3cret"));
        assert!(!app.to_json().contains("s3cret"));
        // Another server typed in the app never gets it.
        let mut elsewhere = app.clone();
        elsewhere.smtp.as_mut().unwrap().host = "mail.attacker.example".into();
        assert_eq!(file.effective(&elsewhere).smtp.unwrap().password, None);
    }
}
