//! Settings: a TOML file and `KITH_*` environment variables over built-in defaults.
//!
//! ```toml
//! plan_size = 5
//! [weights]
//! lunch = 1.0
//! social = 0.15
//! ```

use std::path::{Path, PathBuf};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use kith_core::{Weights, plan::DEFAULT_PLAN_SIZE};
use serde::{Deserialize, Serialize};

use crate::error::{CliError, CliResult};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// How many people the weekly plan suggests.
    pub plan_size: usize,
    /// Weight of each interaction kind in the warmth sum.
    pub weights: Weights,
    /// Your own e-mail addresses: mail from them is yours, and they are never a contact.
    pub me: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config { plan_size: DEFAULT_PLAN_SIZE, weights: Weights::default(), me: Vec::new() }
    }
}

/// Where the configuration file lives unless `--config` says otherwise.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("kith").join("config.toml"))
}

/// Loads the configuration. A file named explicitly must exist; the default one may be absent.
pub fn load(explicit: Option<&Path>) -> CliResult<Config> {
    let mut figment = Figment::from(Serialized::defaults(Config::default()));
    match explicit {
        Some(p) if !p.exists() => {
            return Err(CliError::user(format!("--config '{}': no such file", p.display())));
        }
        Some(p) => figment = figment.merge(Toml::file_exact(p)),
        None => {
            if let Some(p) = default_path().filter(|p| p.exists()) {
                figment = figment.merge(Toml::file_exact(p));
            }
        }
    }
    figment = figment.merge(Env::prefixed("KITH_").only(&["plan_size"]));
    let config: Config = figment.extract().map_err(|e| CliError::user(format!("configuration: {e}")))?;
    config.weights.validate().map_err(|e| CliError::user(format!("configuration: {e}")))?;
    if config.plan_size == 0 || config.plan_size > 100 {
        return Err(CliError::user(format!("configuration: plan_size {} must be from 1 to 100", config.plan_size)));
    }
    Ok(config)
}
