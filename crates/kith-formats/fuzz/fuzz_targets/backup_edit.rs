//! A real backup (a small demo network with every part: contacts, touches, favors, follow-ups,
//! organizations, campaigns, goals, events, signals, career) edited by the fuzzer's bytes: values
//! replaced by others of any JSON type (long, non-ASCII, control characters, extreme numbers and
//! dates), keys removed or added, list elements doubled or dropped. Raw bytes rarely make valid
//! JSON; these always do, so every check behind the JSON parser is reached.
//!
//! Whatever the edit, reading gives a backup or a located error, and a backup that reads writes
//! back to the same backup.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use serde_json::{Map, Value};

const SEED: &str = include_str!("../seeds/backup_edit/demo.json");

fn text(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=7)? {
        0 => String::new(),
        1 => "x".repeat(u.int_in_range(1..=300_000)?),
        2 => "Zoë Łukasz 東京 🎉\u{202e}".into(),
        3 => "\u{0}\t\r\n\u{7f}".into(),
        4 => (*u.choose(&["0000-01-01", "9999-12-31", "2026-02-30", "+275760-09-13", "2026-11-22T10:00:00Z"])?).into(),
        5 => (*u.choose(&["close", "dormant", "lunch", "email", "gave", "friend", "open", "done", "week", "UTC"])?)
            .into(),
        _ => u.arbitrary::<String>()?,
    })
}

fn value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    Ok(match u.int_in_range(0..=7)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(*u.choose(&[0i64, -1, 1, 7, 365, 3650, i64::from(i32::MAX), i64::MAX, i64::MIN])?),
        3 => serde_json::Number::from_f64(*u.choose(&[0.5, -0.0, 1e308, 0.7, 2.5])?).map_or(Value::Null, Value::Number),
        4 if depth < 3 => {
            Value::Array((0..u.int_in_range(0..=3)?).map(|_| value(u, depth + 1)).collect::<Result<_>>()?)
        }
        5 if depth < 3 => {
            let mut m = Map::new();
            for _ in 0..u.int_in_range(0..=3)? {
                m.insert(text(u)?, value(u, depth + 1)?);
            }
            Value::Object(m)
        }
        _ => Value::String(text(u)?),
    })
}

/// One edit somewhere below `v`, the path chosen by the bytes.
fn edit(u: &mut Unstructured, v: &mut Value, depth: u32) -> Result<()> {
    let descend = depth < 6 && u.ratio(3, 4)?;
    match v {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let key = u.choose(&keys)?.clone();
            if descend {
                return edit(u, m.get_mut(&key).expect("a key just listed"), depth + 1);
            }
            match u.int_in_range(0..=2)? {
                0 => {
                    m.remove(&key);
                }
                1 => {
                    m.insert(text(u)?, value(u, 0)?);
                }
                _ => {
                    m.insert(key, value(u, 0)?);
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = u.choose_index(items.len())?;
            if descend {
                return edit(u, &mut items[i], depth + 1);
            }
            match u.int_in_range(0..=2)? {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let copy = items[i].clone();
                    items.push(copy);
                }
                _ => items[i] = value(u, 0)?,
            }
        }
        _ => *v = value(u, 0)?,
    }
    Ok(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    static PARSED: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let mut doc = PARSED.get_or_init(|| serde_json::from_str(SEED).expect("the seed is JSON")).clone();
    for _ in 0..u.int_in_range(1..=4u8).unwrap_or(1) {
        if edit(&mut u, &mut doc, 0).is_err() {
            break;
        }
    }
    let bytes = serde_json::to_vec_pretty(&doc).expect("JSON writes");
    if let Ok(b) = kith_formats::backup::read(&bytes) {
        let again = kith_formats::backup::write(&b.snapshot, b.exported_on);
        assert_eq!(kith_formats::backup::read(again.as_bytes()).map(|x| x.snapshot), Ok(b.snapshot));
    }
});
