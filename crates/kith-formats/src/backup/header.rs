//! The backup's header (`format`, `version`), read before anything else in the file.
//!
//! A backup from a newer kith may hold parts this kith has never heard of, values it cannot read,
//! or (cut short in transfer) be broken further down. The user should learn that it is newer than
//! this kith, not about the first field that fails: so the header is read on its own, as a stream
//! that stops as soon as both keys are seen and keeps what it saw even when the JSON breaks later.

use std::fmt;

use serde::de::{self, Deserializer as _, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

/// What the header said, as far as it could be read.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub format: Option<Value>,
    pub version: Option<Value>,
    /// The JSON error that ended the reading before both keys were seen (not JSON, not an object).
    pub error: Option<serde_json::Error>,
}

impl Header {
    pub fn read(bytes: &[u8]) -> Header {
        let mut header = Header::default();
        let mut done = false;
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let result = de.deserialize_map(HeaderVisitor { header: &mut header, done: &mut done });
        if let Err(e) = result
            && !done
        {
            header.error = Some(e);
        }
        header
    }

    /// The version as a number, when it is one.
    pub fn version_number(&self) -> Option<u64> {
        self.version.as_ref().and_then(Value::as_u64)
    }
}

/// The 1-based line of the first `"version"` key, for pointing at it (1 when there is none).
pub(super) fn version_line(bytes: &[u8]) -> usize {
    let at = bytes.windows(9).position(|w| w == b"\"version\"").unwrap_or(0);
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count()
}

struct HeaderVisitor<'a> {
    header: &'a mut Header,
    done: &'a mut bool,
}

impl<'de> Visitor<'de> for HeaderVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => self.header.format = Some(map.next_value()?),
                "version" => self.header.version = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if self.header.format.is_some() && self.header.version.is_some() {
                // Both seen: stop here rather than read the rest of a large file twice.
                *self.done = true;
                return Err(de::Error::custom("header read"));
            }
        }
        *self.done = true;
        Ok(())
    }
}
