//! LinkedIn's `Connections.csv` (Settings → Data privacy → Get a copy of your data → Connections).
//!
//! The file opens with a few lines of notes before its header row:
//!
//! ```text
//! Notes:
//! "When exporting your connection data, you may notice that some of the email addresses are missing. …"
//!
//! First Name,Last Name,URL,Email Address,Company,Position,Connected On
//! Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Analytical Engines,Mathematician,12 Mar 2024
//! ```
//!
//! so the reader looks for the header in the first 30 lines: the first row that names a first-name
//! and a last-name column and two more of LinkedIn's columns, in English or in the language of the
//! member's LinkedIn (see [`SPELLINGS`]). Columns may come in any order.
//!
//! Each row becomes a contact named `First Last` as typed (emoji and ", PhD" included), with
//! Company as its organization, Position as its title, URL as its LinkedIn address (`https://`,
//! no trailing slash) and Connected On as [`ContactRecord::connected_on`](crate::ContactRecord),
//! which kith logs as a weak social touch on that day. Most rows have no e-mail: members choose
//! whether to share it.

use std::borrow::Cow;

use csv::StringRecord;

use super::{
    draft::{Draft, Field},
    reader::{Table, decode, quoted_fields},
    rows::{Header, RowReader, read_rows},
    text::key,
};
use crate::{ContactFile, FormatError};

/// What a LinkedIn export holds besides its contacts.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedinFile {
    pub file: ContactFile,
    /// Data rows after the header: the member's number of connections, for the career readiness
    /// score. Rows LinkedIn leaves blank (members who share no data) count, as they do on LinkedIn.
    pub connections: usize,
    /// Of those, rows with every value blank, which give no contact.
    pub blank_rows: usize,
}

/// Reads a `Connections.csv` export into contacts.
pub fn read(bytes: &[u8]) -> Result<ContactFile, FormatError> {
    read_with_count(bytes).map(|l| l.file)
}

/// Reads a `Connections.csv` export into contacts, and counts the connections.
pub fn read_with_count(bytes: &[u8]) -> Result<LinkedinFile, FormatError> {
    let mut table = Table::new(decode(bytes)?);
    let mut seen = Vec::new();
    let (columns, header) = loop {
        match table.next_row()? {
            Some(row) if row.line <= HEADER_WITHIN_LINES => {
                if let Some(columns) = Columns::find(row.fields) {
                    break (columns, Header::of(&row));
                }
                if seen.len() < 4 {
                    seen.push(format!("line {}: {}", row.line, quoted_fields(row.fields, 12)));
                }
            }
            _ => return Err(no_header(&seen)),
        }
    };
    let rows = read_rows(&mut table, header, &columns)?;
    Ok(LinkedinFile { file: rows.file, connections: rows.count, blank_rows: rows.blank })
}

/// How far into the file the header row may be.
const HEADER_WITHIN_LINES: usize = 30;

const ENGLISH_HEADER: &str = "First Name,Last Name,URL,Email Address,Company,Position,Connected On";

fn no_header(seen: &[String]) -> FormatError {
    let seen = if seen.is_empty() { "nothing".to_string() } else { seen.join("; ") };
    FormatError::new(
        1,
        "header",
        format!(
            "no LinkedIn header row in the first {HEADER_WITHIN_LINES} lines: expected {ENGLISH_HEADER} \
             (or the same in German, French, Spanish, Portuguese, Italian or Dutch); found {seen}"
        ),
    )
}

/// LinkedIn's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    First,
    Last,
    Url,
    Email,
    Company,
    Position,
    ConnectedOn,
}

/// How LinkedIn spells each column, as keys (lower case, accents and punctuation dropped): the
/// English header, then the German, French, Spanish, Portuguese, Italian and Dutch words for it,
/// with the usual variants of each. Only the English header is confirmed from real exports; the
/// others are the natural translations, which is why several spellings are accepted per column
/// and headers are matched loosely.
pub const SPELLINGS: &[(&str, &[&str])] = &[
    ("First Name", &["firstname", "vorname", "prenom", "nombre", "nome", "primeironome", "voornaam"]),
    (
        "Last Name",
        &[
            "lastname",
            "nachname",
            "nom",
            "nomdefamille",
            "apellidos",
            "apellido",
            "sobrenome",
            "ultimonome",
            "cognome",
            "achternaam",
        ],
    ),
    (
        "URL",
        &[
            "url",
            "profileurl",
            "profilurl",
            "urlduprofil",
            "urldelperfil",
            "urldoperfil",
            "urldelprofilo",
            "profielurl",
        ],
    ),
    (
        "Email Address",
        &[
            "emailaddress",
            "email",
            "emailadresse",
            "adresseemail",
            "adressecourriel",
            "direcciondecorreoelectronico",
            "correoelectronico",
            "enderecodeemail",
            "indirizzoemail",
            "emailadres",
        ],
    ),
    ("Company", &["company", "unternehmen", "firma", "entreprise", "societe", "empresa", "azienda", "bedrijf"]),
    ("Position", &["position", "poste", "cargo", "posizione", "ruolo", "functie", "positie"]),
    (
        "Connected On",
        &[
            "connectedon",
            "verbundenam",
            "vernetztam",
            "connectele",
            "datedeconnexion",
            "conectadoel",
            "conectadoa",
            "fechadeconexion",
            "conectadoem",
            "conexaoem",
            "datadeconexao",
            "collegatoil",
            "collegamentoil",
            "datadicollegamento",
            "verbondenop",
            "connectieop",
            "connectiedatum",
        ],
    ),
];

/// Where each of LinkedIn's columns is in this file, and how the file spells it.
#[derive(Debug)]
struct Columns {
    index: [Option<usize>; 7],
    names: Vec<String>,
}

impl Columns {
    /// The columns of `fields` if it is a LinkedIn header row: a first and a last name and at
    /// least two more of LinkedIn's columns.
    fn find(fields: &StringRecord) -> Option<Columns> {
        let mut index = [None; 7];
        for (i, field) in fields.iter().enumerate() {
            let k = key(field);
            if let Some(c) = SPELLINGS.iter().position(|(_, spellings)| spellings.contains(&k.as_str())) {
                index[c].get_or_insert(i);
            }
        }
        let others = index[2..].iter().filter(|i| i.is_some()).count();
        let names = fields.iter().map(|f| f.trim().to_string()).collect();
        (index[0].is_some() && index[1].is_some() && others >= 2).then_some(Columns { index, names })
    }

    fn at(&self, c: Column) -> Option<usize> {
        // `Column` lists the columns in the order of `SPELLINGS`.
        self.index[c as usize]
    }

    /// The column's header as the file spells it.
    fn name(&self, c: Column) -> &str {
        self.at(c).map_or("", |i| &self.names[i])
    }
}

impl RowReader for Columns {
    fn read<'c, 'r>(&'c self, fields: &'r StringRecord, draft: &mut Draft<'c, 'r>) {
        let get = |c: Column| self.at(c).and_then(|i| fields.get(i)).unwrap_or_default();
        draft.add(self.name(Column::First), Field::Name, get(Column::First));
        draft.add(self.name(Column::Last), Field::Name, get(Column::Last));
        if !draft.has(Field::Name) {
            let (first, last) = (self.name(Column::First), self.name(Column::Last));
            draft.problem(first, format!("no name: {first} and {last} are both empty"));
        }
        draft.add(self.name(Column::Email), Field::Email, get(Column::Email));
        draft.add(self.name(Column::Company), Field::Org, get(Column::Company));
        draft.add(self.name(Column::Position), Field::Title, get(Column::Position));
        draft.add(self.name(Column::Url), Field::Linkedin, normalize_url(get(Column::Url)));
        draft.add(self.name(Column::ConnectedOn), Field::ConnectedOn, get(Column::ConnectedOn));
    }
}

/// A LinkedIn profile address as kith keeps it: `https://`, no trailing slash. An address without
/// a scheme (`www.linkedin.com/in/ada`) gets one; anything else is left for validation to judge.
pub(crate) fn normalize_url(url: &str) -> Cow<'_, str> {
    let u = url.trim().trim_end_matches('/');
    let scheme = u.find("://").map(|i| &u[..i]);
    match scheme {
        Some(s) if s.eq_ignore_ascii_case("https") => Cow::Borrowed(u),
        Some(s) if s.eq_ignore_ascii_case("http") => Cow::Owned(format!("https{}", &u[4..])),
        None if is_linkedin_host(u) => Cow::Owned(format!("https://{u}")),
        _ => Cow::Borrowed(u),
    }
}

/// Whether an address without a scheme is on linkedin.com (`linkedin.com/in/…`, `de.linkedin.com/…`).
pub(crate) fn is_linkedin_host(url: &str) -> bool {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = without_scheme.split(['/', '?', '#']).next().unwrap_or_default().to_ascii_lowercase();
    host == "linkedin.com" || host.ends_with(".linkedin.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_addresses_are_kept_in_one_form() {
        assert_eq!(normalize_url("http://www.linkedin.com/in/ada/"), "https://www.linkedin.com/in/ada");
        assert_eq!(normalize_url(" https://www.linkedin.com/in/ada "), "https://www.linkedin.com/in/ada");
        assert_eq!(normalize_url("www.linkedin.com/in/ada"), "https://www.linkedin.com/in/ada");
        assert_eq!(normalize_url("ada"), "ada");
        assert!(is_linkedin_host("https://de.linkedin.com/in/hans"));
        assert!(!is_linkedin_host("https://notlinkedin.com/in/hans"));
    }

    #[test]
    fn localized_headers_are_found() {
        for header in [
            ENGLISH_HEADER,
            "Vorname,Nachname,URL,E-Mail-Adresse,Unternehmen,Position,Verbunden am",
            "Prénom,Nom,URL,Adresse e-mail,Entreprise,Poste,Connecté le",
            "Nombre,Apellidos,URL,Dirección de correo electrónico,Empresa,Cargo,Conectado el",
            "Nome,Sobrenome,URL,Endereço de e-mail,Empresa,Cargo,Conectado em",
            "Nome,Cognome,URL,Indirizzo email,Azienda,Posizione,Collegato il",
            "Voornaam,Achternaam,URL,E-mailadres,Bedrijf,Functie,Verbonden op",
        ] {
            let fields = StringRecord::from(header.split(',').collect::<Vec<_>>());
            let columns = Columns::find(&fields).unwrap_or_else(|| panic!("{header}"));
            assert!(columns.index.iter().all(Option::is_some), "{header}");
        }
        let notes = StringRecord::from(vec!["Notes:"]);
        assert!(Columns::find(&notes).is_none());
    }
}
