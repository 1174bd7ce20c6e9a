//! Any CSV file, with a mapping that says which column holds what (the CLI's `--map`):
//!
//! ```text
//! Full name=name,Mail=email,Work mail=email,Employer=org,Tags=tag
//! ```
//!
//! The first row of the file is its header. Columns are matched by name, ignoring case and the
//! spaces around them; columns the mapping does not name are ignored. Targets ([`Target`]) are
//! kith's contact fields; `email`, `phone` and `tag` may be given several columns, and a cell of
//! such a column may hold several values (`a@x.org, b@y.org`; `rust; go`). A contact's name is the
//! `name` column, or else `first_name` and `last_name` joined.

use csv::StringRecord;

use super::{
    draft::{Draft, Field},
    lists,
    reader::{Table, decode, quoted_fields},
    rows::{Header, RowReader, read_rows},
};
use crate::{ContactFile, FormatError};

/// What a column of the file can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Name,
    FirstName,
    LastName,
    Email,
    Phone,
    Org,
    Title,
    Location,
    Circle,
    /// A custom cadence, in days.
    Every,
    Tag,
    MetAt,
    MetOn,
    Linkedin,
    Website,
    Birthday,
    Note,
    /// Yes or no (`true`, `yes`, `1`, `x` / `false`, `no`, `0`, blank).
    Important,
}

impl Target {
    pub const ALL: [Target; 18] = [
        Target::Name,
        Target::FirstName,
        Target::LastName,
        Target::Email,
        Target::Phone,
        Target::Org,
        Target::Title,
        Target::Location,
        Target::Circle,
        Target::Every,
        Target::Tag,
        Target::MetAt,
        Target::MetOn,
        Target::Linkedin,
        Target::Website,
        Target::Birthday,
        Target::Note,
        Target::Important,
    ];

    /// The target as written in a mapping.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Name => "name",
            Target::FirstName => "first_name",
            Target::LastName => "last_name",
            Target::Email => "email",
            Target::Phone => "phone",
            Target::Org => "org",
            Target::Title => "title",
            Target::Location => "location",
            Target::Circle => "circle",
            Target::Every => "every",
            Target::Tag => "tag",
            Target::MetAt => "met_at",
            Target::MetOn => "met_on",
            Target::Linkedin => "linkedin",
            Target::Website => "website",
            Target::Birthday => "birthday",
            Target::Note => "note",
            Target::Important => "important",
        }
    }

    /// Reads a target as written in a mapping; `met-at` is `met_at`, case does not matter.
    pub fn parse(s: &str) -> Option<Target> {
        let s = s.trim().replace('-', "_").to_lowercase();
        Target::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether several columns may map to it.
    fn repeatable(self) -> bool {
        matches!(self, Target::Email | Target::Phone | Target::Tag)
    }

    /// Whether a cell of it may hold several values.
    fn is_list(self) -> bool {
        self.repeatable()
    }

    fn field(self) -> Field {
        match self {
            Target::Name | Target::FirstName | Target::LastName => Field::Name,
            Target::Email => Field::Email,
            Target::Phone => Field::Phone,
            Target::Org => Field::Org,
            Target::Title => Field::Title,
            Target::Location => Field::Location,
            Target::Circle => Field::Circle,
            Target::Every => Field::Every,
            Target::Tag => Field::Tag,
            Target::MetAt => Field::MetAt,
            Target::MetOn => Field::MetOn,
            Target::Linkedin => Field::Linkedin,
            Target::Website => Field::Website,
            Target::Birthday => Field::Birthday,
            Target::Note => Field::Note,
            Target::Important => Field::Important,
        }
    }
}

fn all_targets() -> String {
    Target::ALL.map(Target::as_str).join(", ")
}

/// Reads any CSV file with a column mapping such as `Full name=name,Mail=email,Employer=org`.
pub fn read(bytes: &[u8], mapping: &str) -> Result<ContactFile, FormatError> {
    let mut table = Table::new(decode(bytes)?);
    let Some(row) = table.next_row()? else {
        return Err(FormatError::new(0, "file", "the file is empty"));
    };
    let (line, header) = (row.line, Header::of(&row));
    let columns = Columns::bind(row.fields, mapping).map_err(|message| {
        FormatError::new(
            line,
            "map",
            format!(
                "{message}; the file's columns are {}; targets are {}",
                quoted_fields(row.fields, usize::MAX),
                all_targets()
            ),
        )
    })?;
    Ok(read_rows(&mut table, header, &columns)?.file)
}

/// The pairs of a mapping string, in order.
fn parse_mapping(mapping: &str) -> Result<Vec<(&str, Target)>, String> {
    let mut pairs = Vec::new();
    for piece in mapping.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((column, target)) = piece.rsplit_once('=') else {
            return Err(format!("'{piece}' in the mapping has no target: write COLUMN=TARGET, e.g. {piece}=email"));
        };
        let column = column.trim();
        if column.is_empty() {
            return Err(format!("'{piece}' in the mapping names no column: write COLUMN=TARGET"));
        }
        let Some(target) = Target::parse(target) else {
            return Err(format!("unknown target '{}' in '{piece}'", target.trim()));
        };
        pairs.push((column, target));
    }
    if pairs.is_empty() {
        return Err("the mapping is empty: write COLUMN=TARGET pairs separated by commas".to_string());
    }
    Ok(pairs)
}

/// One column of the file bound to its target.
#[derive(Debug)]
struct Bound {
    index: usize,
    /// The header as the file spells it.
    column: String,
    target: Target,
}

/// The mapping bound to the columns of one file.
#[derive(Debug)]
struct Columns {
    bound: Vec<Bound>,
}

impl Columns {
    fn bind(header: &StringRecord, mapping: &str) -> Result<Columns, String> {
        let pairs = parse_mapping(mapping)?;
        let missing: Vec<String> = pairs
            .iter()
            .filter(|(column, _)| !header.iter().any(|h| same_column(h, column)))
            .map(|(column, _)| format!("'{column}'"))
            .collect();
        if !missing.is_empty() {
            return Err(format!("the mapping names {} not in the file", plural(&missing, "a column", "columns")));
        }
        let mut bound = Vec::new();
        for (column, target) in pairs {
            let matches: Vec<usize> = (0..header.len()).filter(|&i| same_column(&header[i], column)).collect();
            if matches.len() > 1 && !target.repeatable() {
                return Err(format!(
                    "the file has {} columns named '{column}', and {} takes one",
                    matches.len(),
                    target.as_str()
                ));
            }
            bound.extend(matches.into_iter().map(|index| Bound {
                index,
                column: header[index].trim().to_string(),
                target,
            }));
        }
        for target in Target::ALL.into_iter().filter(|t| !t.repeatable()) {
            let given: Vec<&str> = bound.iter().filter(|b| b.target == target).map(|b| b.column.as_str()).collect();
            if given.len() > 1 {
                return Err(format!(
                    "{} is given {} columns ({}); map one",
                    target.as_str(),
                    given.len(),
                    given.join(", ")
                ));
            }
        }
        if !bound.iter().any(|b| b.target.field() == Field::Name) {
            return Err("the mapping names no name column: map one to name, or map first_name and last_name".into());
        }
        // First names before last names, whatever the order of the mapping.
        bound.sort_by_key(|b| (b.target == Target::LastName, b.index));
        Ok(Columns { bound })
    }
}

fn same_column(header: &str, column: &str) -> bool {
    let h = header.trim();
    h.eq_ignore_ascii_case(column) || h.to_lowercase() == column.to_lowercase()
}

fn plural(items: &[String], one: &str, many: &str) -> String {
    match items {
        [only] => format!("{one} {only}"),
        _ => format!("{many} {}", items.join(", ")),
    }
}

impl RowReader for Columns {
    fn read<'c, 'r>(&'c self, fields: &'r StringRecord, draft: &mut Draft<'c, 'r>) {
        // kith's own export guards formulas with a `'`: taken off, the value is as it was.
        let cell = |b: &Bound| super::export::unguarded(fields.get(b.index).unwrap_or_default());
        // A full name wins over its parts.
        let full_name = self.bound.iter().any(|b| b.target == Target::Name && !cell(b).trim().is_empty());
        for b in &self.bound {
            match b.target {
                Target::FirstName | Target::LastName if full_name => {}
                t if t.is_list() => lists::split(cell(b)).for_each(|v| draft.add(&b.column, t.field(), v)),
                t => draft.add(&b.column, t.field(), cell(b)),
            }
        }
        if !draft.has(Field::Name) {
            let names: Vec<&str> =
                self.bound.iter().filter(|b| b.target.field() == Field::Name).map(|b| b.column.as_str()).collect();
            let verb = if names.len() == 1 { "is" } else { "are" };
            draft.problem(names[0], format!("no name: {} {verb} empty", names.join(" and ")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_name_their_bad_piece() {
        assert_eq!(
            parse_mapping("Mail=email, Full name = name ,").unwrap(),
            vec![("Mail", Target::Email), ("Full name", Target::Name)]
        );
        assert_eq!(parse_mapping("Met=met-at").unwrap(), vec![("Met", Target::MetAt)]);
        assert!(parse_mapping("Mail").unwrap_err().contains("'Mail'"));
        assert!(parse_mapping("Mail=emial").unwrap_err().contains("'emial'"));
        assert!(parse_mapping("=email").unwrap_err().contains("names no column"));
        assert!(parse_mapping(" , ").unwrap_err().contains("empty"));
    }
}
