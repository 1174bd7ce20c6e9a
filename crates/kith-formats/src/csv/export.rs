//! kith's CSV export: one row per contact under a fixed header ([`COLUMNS`]), for spreadsheets and
//! scripts. The columns are stable: new ones are only ever added at the end.
//!
//! | column | holds |
//! | --- | --- |
//! | `id` | kith's id of the contact |
//! | `name`, `given_name`, `family_name` | the display name and its parts |
//! | `emails`, `phones`, `tags` | every value, separated by `, ` |
//! | `org`, `title`, `location` | as typed |
//! | `circle` | inner, close, active, wide or dormant |
//! | `cadence_days` | days between touches the contact needs (its own, else its circle's); empty when none |
//! | `custom_cadence_days` | the contact's own cadence; empty when it follows its circle |
//! | `met_at`, `met_on` | where and when you met (`YYYY-MM-DD`) |
//! | `linkedin`, `website` | web addresses |
//! | `birthday` | `YYYY-MM-DD`, or `--MM-DD` without the year |
//! | `notes` | as typed, line breaks included |
//! | `important`, `archived` | `true` or `false` |
//! | `added_on` | the day the contact was added |
//! | `warmth` | 0 to 1, three decimals |
//! | `status` | warm, cooling, cold or new |
//! | `due_on` | when a touch is due; empty when never (dormant, archived) |
//! | `last_touch` | the day of the latest interaction; empty when none |
//!
//! The file is UTF-8 without a BOM, with CRLF line endings and RFC 4180 quoting. A value that a
//! spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return:
//! names and notes come from other people's cards and profiles) is written with a `'` before it,
//! which spreadsheets show as text. [`MAPPING`] is the `--map` that imports it back with
//! [`mapped::read`](super::mapped::read), which takes that `'` off again: every field of a contact
//! that can be imported comes back as it was.

use kith_core::{Contact, ContactSummary};

use super::lists;

/// The header of the export, in order.
pub const COLUMNS: [&str; 26] = [
    "id",
    "name",
    "given_name",
    "family_name",
    "emails",
    "phones",
    "org",
    "title",
    "location",
    "circle",
    "cadence_days",
    "custom_cadence_days",
    "tags",
    "met_at",
    "met_on",
    "linkedin",
    "website",
    "birthday",
    "notes",
    "important",
    "archived",
    "added_on",
    "warmth",
    "status",
    "due_on",
    "last_touch",
];

/// The `--map` for [`mapped::read`](super::mapped::read) that imports an export back: every
/// column a new contact can be given. Derived columns (id, warmth, status, dates kept by kith)
/// are not imported.
pub const MAPPING: &str = "name=name,emails=email,phones=phone,org=org,title=title,location=location,\
circle=circle,custom_cadence_days=every,tags=tag,met_at=met_at,met_on=met_on,linkedin=linkedin,\
website=website,birthday=birthday,notes=note,important=important";

/// One contact to export: the stored contact and its figures on the day of the export.
#[derive(Debug, Clone, Copy)]
pub struct ExportRow<'a> {
    pub contact: &'a Contact,
    pub summary: ContactSummary,
}

/// The export of `rows`, header first.
pub fn write(rows: &[ExportRow]) -> String {
    let mut out = String::with_capacity(256 * (rows.len() + 1));
    write_row(&mut out, COLUMNS.iter().copied());
    for row in rows {
        let c = row.contact;
        let s = &row.summary;
        let cells: [String; 26] = [
            c.id.to_string(),
            c.name.clone(),
            c.given_name.clone(),
            c.family_name.clone(),
            lists::join(&c.emails),
            lists::join(&c.phones),
            shown(c.org.as_deref()),
            shown(c.title.as_deref()),
            shown(c.location.as_deref()),
            c.circle.as_str().to_string(),
            shown(s.cadence_days),
            shown(c.custom_cadence_days),
            lists::join(&c.tags),
            shown(c.met_at.as_deref()),
            shown(c.met_on),
            shown(c.linkedin.as_deref()),
            shown(c.website.as_deref()),
            shown(c.birthday),
            shown(c.notes.as_deref()),
            c.important.to_string(),
            c.archived.to_string(),
            c.added_on.to_string(),
            format!("{:.3}", s.warmth),
            s.status.as_str().to_string(),
            shown(s.due_on),
            shown(c.warmth.map(|w| w.last_touch)),
        ];
        write_row(&mut out, cells.iter().map(String::as_str));
    }
    out
}

/// A value as the export writes it; nothing for `None`.
fn shown<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn write_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// The first characters with which a spreadsheet reads a cell as a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A value as a spreadsheet must not run it: `'` before a formula's first character (and before a
/// value that starts with `'` itself, so that reading it back is exact).
fn guarded(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'') { format!("'{cell}").into() } else { cell.into() }
}

/// A value as the export wrote it, with the `'` [`guarded`] put before it taken off again.
pub(crate) fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// A cell, guarded against formulas, quoted when it must be (RFC 4180), and when it has spaces at
/// its ends, which some spreadsheets would otherwise drop.
fn write_cell(out: &mut String, cell: &str) {
    let cell = guarded(cell);
    let cell = cell.as_ref();
    let needs_quotes = cell.contains([',', '"', '\r', '\n']) || cell.starts_with(' ') || cell.ends_with(' ');
    if needs_quotes {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_they_must_be() {
        let mut out = String::new();
        write_row(&mut out, ["plain", "a, b", "say \"hi\"", "two\nlines", "", " pad"].into_iter());
        assert_eq!(out, "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" pad\"\r\n");
    }

    #[test]
    fn formulas_are_written_as_text_and_read_back_as_they_were() {
        let hostile = ["=HYPERLINK(\"http://x\")", "+1 555 0100", "-2+3", "@SUM(A1)", "\tx", "'=kept", "'plain"];
        for value in hostile {
            let mut out = String::new();
            write_cell(&mut out, value);
            let cell = out.trim_matches('"');
            assert!(cell.starts_with('\''), "{value:?} written as {out:?}");
            assert_eq!(unguarded(&guarded(value)), value);
        }
        assert_eq!(unguarded("'plain"), "'plain", "a value from elsewhere keeps its quote");
        assert_eq!(guarded("Ada"), "Ada");
    }

    #[test]
    fn the_mapping_names_only_exported_columns() {
        for pair in MAPPING.split(',') {
            let column = pair.split('=').next().unwrap_or_default();
            assert!(COLUMNS.contains(&column), "{column}");
        }
    }
}
