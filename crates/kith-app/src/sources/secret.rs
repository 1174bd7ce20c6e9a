//! Source passwords at rest: sealed with ChaCha20-Poly1305 under a key kept in a file outside the
//! database (created on first need, readable by its owner only), so neither the database nor a
//! backup of it holds a password anyone can read.

use std::{io::Write, path::Path};

use ring::{
    aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey},
    rand::{SecureRandom, SystemRandom},
};

/// The first byte of a sealed secret: the format, so a later one can be told apart.
const VERSION: u8 = 1;

/// The key that seals and opens source passwords.
pub struct SecretKey {
    key: LessSafeKey,
    /// Where it was read from, for the errors.
    place: String,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretKey").field("place", &self.place).finish_non_exhaustive()
    }
}

impl SecretKey {
    /// Reads the key in `path` (64 hex digits), creating it with 32 random bytes (mode 0600) when
    /// the file does not exist yet.
    pub fn load_or_create(path: &Path) -> Result<SecretKey, String> {
        let place = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => SecretKey::from_hex(text.trim(), place),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut bytes = [0u8; 32];
                SystemRandom::new().fill(&mut bytes).map_err(|_| "the system gave no random bytes".to_string())?;
                let hex = hex(&bytes);
                write_private(path, &hex).map_err(|e| {
                    format!("cannot create the key file {place}: {e}; set sync.key_file to a writable place")
                })?;
                SecretKey::from_hex(&hex, place)
            }
            Err(e) => Err(format!("cannot read the key file {place}: {e}")),
        }
    }

    /// Reads the key in `path`, which must exist: a missing key is never replaced by a new one
    /// when a password is to be opened (that would lose every sealed password for good).
    pub fn load(path: &Path) -> Result<SecretKey, String> {
        let place = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => SecretKey::from_hex(text.trim(), place),
            Err(e) => Err(format!(
                "cannot read the key file {place} that opens the sources' passwords ({e}): is KITH_KEY_FILE or \
                 sync.key_file the one the sources were added with? Restore the file, or remove and add the sources again"
            )),
        }
    }

    fn from_hex(text: &str, place: String) -> Result<SecretKey, String> {
        let bytes = unhex(text).filter(|b| b.len() == 32).ok_or_else(|| {
            format!("the key file {place} does not hold a key (64 hexadecimal digits); restore it from where you keep a copy")
        })?;
        let key = UnboundKey::new(&CHACHA20_POLY1305, &bytes).map_err(|_| "unusable key".to_string())?;
        Ok(SecretKey { key: LessSafeKey::new(key), place })
    }

    /// Seals `plain` for the source named `name` (the name is bound in: a sealed password copied
    /// to another source does not open).
    pub fn seal(&self, name: &str, plain: &str) -> Result<Vec<u8>, String> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).map_err(|_| "the system gave no random bytes".to_string())?;
        let mut data = plain.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), aad(name), &mut data)
            .map_err(|_| "the password could not be encrypted".to_string())?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + data.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&data);
        Ok(out)
    }

    /// Opens what [`SecretKey::seal`] sealed for `name`.
    pub fn open(&self, name: &str, sealed: &[u8]) -> Result<String, String> {
        let cannot = || {
            format!(
                "the saved password of source '{name}' does not open with the key in {}: was the key file replaced? \
                 Remove the source and add it again with its password",
                self.place
            )
        };
        let (&version, rest) = sealed.split_first().ok_or_else(cannot)?;
        if version != VERSION || rest.len() < NONCE_LEN {
            return Err(cannot());
        }
        let (nonce, data) = rest.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| cannot())?;
        let mut data = data.to_vec();
        let plain = self.key.open_in_place(nonce, aad(name), &mut data).map_err(|_| cannot())?;
        String::from_utf8(plain.to_vec()).map_err(|_| cannot())
    }
}

fn aad(name: &str) -> Aad<Vec<u8>> {
    Aad::from(format!("kith source {name}").into_bytes())
}

/// Writes a new file readable by its owner only (on Unix), never replacing one.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_opens_only_with_its_key_and_its_source() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith").join("secret.key");
        let key = SecretKey::load_or_create(&path).unwrap();
        let sealed = key.seal("work", "hunter2").unwrap();
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"), "not in the clear");
        assert_eq!(key.open("work", &sealed).unwrap(), "hunter2");
        assert!(key.open("home", &sealed).unwrap_err().contains("does not open"));
        // The same file gives the same key; another key cannot open it.
        assert_eq!(SecretKey::load_or_create(&path).unwrap().open("work", &sealed).unwrap(), "hunter2");
        let other = SecretKey::load_or_create(&dir.path().join("other.key")).unwrap();
        assert!(other.open("work", &sealed).is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let missing = dir.path().join("gone.key");
        assert!(SecretKey::load(&missing).unwrap_err().contains("cannot read the key file"));
        assert!(!missing.exists(), "opening never makes a new key");
        std::fs::write(&path, "not a key").unwrap();
        assert!(SecretKey::load_or_create(&path).unwrap_err().contains("does not hold a key"));
    }
}
