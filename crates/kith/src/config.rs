//! Settings: a TOML file and `KITH_*` environment variables over built-in defaults. What the
//! settings are is kith-app's [`Settings`]; this module only finds and reads them.

use std::path::{Path, PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use kith_app::{
    Settings,
    app_settings::{FileSettings, KEYS},
};

use crate::error::{CliError, CliResult};

/// Where the configuration file lives unless `--config` says otherwise.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("kith").join("config.toml"))
}

/// The file of the key that seals the sources' passwords: `KITH_KEY_FILE`, else `sync.key_file`,
/// else `secret.key` in kith's configuration folder (never beside the database, so a copy of the
/// database is no copy of the key).
pub fn key_file(settings: &Settings) -> PathBuf {
    if let Some(path) = std::env::var_os("KITH_KEY_FILE").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    if let Some(path) = settings.sync.key_file.as_deref().filter(|p| !p.trim().is_empty()) {
        return PathBuf::from(path);
    }
    dirs::config_dir().unwrap_or_else(|| PathBuf::from(".")).join("kith").join("secret.key")
}

/// Loads the settings of the file and the environment, with which keys they set (the app cannot
/// change those). A file named explicitly must exist; the default one may be absent.
pub fn load(explicit: Option<&Path>) -> CliResult<FileSettings> {
    let mut given = Figment::new();
    match explicit {
        Some(p) if !p.exists() => {
            return Err(CliError::user(format!("--config '{}': no such file", p.display())));
        }
        Some(p) => given = given.merge(Toml::file_exact(p)),
        None => {
            if let Some(p) = default_path().filter(|p| p.exists()) {
                given = given.merge(Toml::file_exact(p));
            }
        }
    }
    given = given.merge(Env::prefixed("KITH_").only(&["plan_size"]));
    let set = KEYS.iter().filter(|k| given.find_value(k).is_ok()).map(|k| k.to_string()).collect();
    let figment = Figment::from(Serialized::defaults(Settings::default())).merge(given);
    let mut settings: Settings = figment.extract().map_err(|e| CliError::user(format!("configuration: {e}")))?;
    // The SMTP password is best kept out of the file: the environment's wins.
    if let (Some(smtp), Ok(password)) = (settings.smtp.as_mut(), std::env::var("KITH_SMTP_PASSWORD"))
        && !password.is_empty()
    {
        smtp.password = Some(password);
    }
    settings.validate().map_err(|e| CliError::user(format!("configuration: {e}")))?;
    let smtp_password = std::env::var("KITH_SMTP_PASSWORD").ok().filter(|p| !p.is_empty());
    let smtp_password_host = std::env::var("KITH_SMTP_HOST").ok().filter(|h| !h.trim().is_empty());
    Ok(FileSettings { settings, set, smtp_password, smtp_password_host })
}
