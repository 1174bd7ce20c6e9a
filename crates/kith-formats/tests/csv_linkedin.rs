//! LinkedIn's Connections.csv, as a user imports it: what comes out, and what is reported where.

use chrono::NaiveDate;
use kith_formats::{
    ContactFile,
    csv::linkedin::{self, LinkedinFile},
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn names(file: &ContactFile) -> Vec<&str> {
    file.records.iter().map(|r| r.contact.name.as_str()).collect()
}

#[test]
fn the_english_export_reads_after_its_notes() {
    let LinkedinFile { file, connections, blank_rows } =
        linkedin::read_with_count(&fixture("linkedin_connections.csv")).unwrap();
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    assert_eq!(
        names(&file),
        vec!["Ada Lovelace", "Grace Hopper, PhD", "Zoë Ångström 🚀", "Bjørn Ødegård", "Priya Raman", "张 伟"]
    );
    assert_eq!((connections, blank_rows), (7, 1));

    let grace = &file.records[1];
    assert_eq!(grace.line, 6, "the header is on line 4, after the notes and a blank line");
    assert_eq!(grace.record, 2);
    assert_eq!(grace.contact.emails, vec!["grace@navy.example"]);
    assert_eq!(grace.contact.org.as_deref(), Some("Navy, US"));
    assert_eq!(grace.contact.title.as_deref(), Some("Rear Admiral"));
    assert_eq!(grace.contact.linkedin.as_deref(), Some("https://www.linkedin.com/in/gracehopper"));
    assert_eq!(grace.connected_on, Some(day("2019-01-03")));
    assert_eq!(
        grace.raw,
        "Grace,\"Hopper, PhD\",https://www.linkedin.com/in/gracehopper/,grace@navy.example,\"Navy, US\",Rear Admiral,03 Jan 2019"
    );

    let ada = &file.records[0];
    assert!(ada.contact.emails.is_empty(), "most connections share no e-mail");
    assert_eq!(ada.connected_on, Some(day("2024-03-12")));
    let zoe = &file.records[2];
    assert_eq!(zoe.contact.linkedin.as_deref(), Some("https://www.linkedin.com/in/zoe-angstrom"));
    assert_eq!(zoe.contact.org.as_deref(), Some("Müller, Schmidt & Co. KG"));
    let bjorn = &file.records[3];
    assert_eq!(bjorn.contact.linkedin, None);
    assert_eq!(bjorn.contact.title.as_deref(), Some("Lead Engineer, Subsea"));
    assert_eq!(file.records[5].record, 7, "the blank row keeps its number");
    assert_eq!(file.preamble, "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n");
}

#[test]
fn the_german_export_reads_with_its_month_names() {
    let file = linkedin::read(&fixture("linkedin_connections_de.csv")).unwrap();
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    assert_eq!(names(&file), vec!["Hans Müller", "Erika Musterfrau", "Jürgen Weiß"]);
    let hans = &file.records[0];
    assert_eq!(hans.contact.emails, vec!["hans.mueller@example.de"]);
    assert_eq!(hans.contact.org.as_deref(), Some("Beispiel GmbH, Berlin"));
    assert_eq!(hans.contact.title.as_deref(), Some("Softwareentwickler"));
    assert_eq!(hans.line, 5);
    let dates: Vec<_> = file.records.iter().map(|r| r.connected_on).collect();
    assert_eq!(dates, vec![Some(day("2022-04-03")), Some(day("2024-03-12")), Some(day("2020-12-01"))]);
    assert_eq!(file.records[1].contact.linkedin.as_deref(), Some("https://de.linkedin.com/in/erika-musterfrau"));
}

#[test]
fn other_languages_and_column_orders_are_understood() {
    let files = [
        "Prénom,Nom,URL,Adresse e-mail,Entreprise,Poste,Connecté le\nMarie,Curie,,marie@example.fr,Institut du Radium,Directrice,7 nov. 2023\n",
        "Nombre,Apellidos,URL,Dirección de correo electrónico,Empresa,Cargo,Conectado el\nMarie,Curie,,marie@example.fr,Institut du Radium,Directrice,7 de nov. de 2023\n",
        "Nome,Sobrenome,URL,Endereço de e-mail,Empresa,Cargo,Conectado em\nMarie,Curie,,marie@example.fr,Institut du Radium,Directrice,07 nov 2023\n",
        "Nome,Cognome,URL,Indirizzo email,Azienda,Posizione,Collegato il\nMarie,Curie,,marie@example.fr,Institut du Radium,Directrice,7 nov 2023\n",
        "Voornaam,Achternaam,URL,E-mailadres,Bedrijf,Functie,Verbonden op\nMarie,Curie,,marie@example.fr,Institut du Radium,Directrice,7 nov 2023\n",
        "Connected On,Company,Last Name,First Name,Position\n07 Nov 2023,Institut du Radium,Curie,Marie,Directrice\n",
    ];
    for text in files {
        let file = linkedin::read(text.as_bytes()).unwrap();
        let marie = &file.records[0];
        assert_eq!(marie.contact.name, "Marie Curie", "{text}");
        assert_eq!(marie.contact.org.as_deref(), Some("Institut du Radium"), "{text}");
        assert_eq!(marie.contact.title.as_deref(), Some("Directrice"), "{text}");
        assert_eq!(marie.connected_on, Some(day("2023-11-07")), "{text}");
    }
}

#[test]
fn a_bad_row_is_rejected_with_every_problem_and_the_rest_is_kept() {
    let text = "Notes:\r\n\"Some text, with a comma\"\r\n\r\n\
                First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
                Ann,Lee,https://www.linkedin.com/in/ann,ann-at-example,Acme,CTO,3/12/24\r\n\
                Bob,Stone,,bob@example.org,Stone & Sons,Owner,12 Mar 2024\r\n\
                ,,https://www.linkedin.com/in/nobody,,,,01 Jan 2020\r\n";
    let file = linkedin::read(text.as_bytes()).unwrap();
    assert_eq!(names(&file), vec!["Bob Stone"]);
    assert_eq!(file.rejected.len(), 2);
    let ann = &file.rejected[0];
    assert_eq!((ann.line, ann.record), (5, 1));
    let located: Vec<(usize, &str)> = ann.problems.iter().map(|p| (p.line, p.field.as_str())).collect();
    assert_eq!(located, vec![(5, "Email Address"), (5, "Connected On")]);
    assert!(ann.problems[0].message.contains("'ann-at-example'"), "{}", ann.problems[0].message);
    assert!(ann.problems[1].message.contains("'3/12/24'"), "{}", ann.problems[1].message);
    let nobody = &file.rejected[1];
    assert_eq!(nobody.problems[0].field, "First Name");
    assert!(nobody.problems[0].message.contains("no name"), "{}", nobody.problems[0].message);
}

#[test]
fn the_rejects_file_imports_again_once_fixed() {
    let text = "Notes:\n\"x\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                Ann,Lee,,ann-at-example,\"Acme, Inc.\",CTO,12 Mar 2024\n\
                Bob,Stone,,bob@example.org,Stone,Owner,12 Mar 2024\n\
                Cy,Young,,cy@example.org,\"Multi\nline\",Pitcher,1 Foo 2024\n";
    let file = linkedin::read(text.as_bytes()).unwrap();
    assert_eq!(file.rejected.len(), 2);
    let rejects = file.rejects_file();
    assert_eq!(
        rejects,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
         Ann,Lee,,ann-at-example,\"Acme, Inc.\",CTO,12 Mar 2024\r\n\
         Cy,Young,,cy@example.org,\"Multi\nline\",Pitcher,1 Foo 2024\r\n"
    );
    let fixed = rejects.replace("ann-at-example", "ann@example.org").replace("1 Foo 2024", "1 Apr 2024");
    let again = linkedin::read(fixed.as_bytes()).unwrap();
    assert!(again.rejected.is_empty(), "{:?}", again.rejected);
    assert_eq!(names(&again), vec!["Ann Lee", "Cy Young"]);
    assert_eq!(again.records[1].contact.org.as_deref(), Some("Multi\nline"));
    assert_eq!(again.records[1].line, 3);
}

#[test]
fn a_file_without_a_linkedin_header_says_what_it_expected_and_found() {
    let err = linkedin::read(b"Name,Mail\nAnn,ann@example.org\n").unwrap_err();
    assert!(err.message.contains("First Name,Last Name,URL"), "{}", err.message);
    assert!(err.message.contains("line 1: 'Name', 'Mail'"), "{}", err.message);
    assert!(err.message.contains("line 2: 'Ann', 'ann@example.org'"), "{}", err.message);

    let mut late = "Notes:\n".repeat(40);
    late.push_str("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnn,Lee,,,,,\n");
    assert!(linkedin::read(late.as_bytes()).is_err(), "the header must be within the first 30 lines");
}

#[test]
fn a_row_shifted_by_an_unquoted_comma_is_caught() {
    let text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                Ann,Lee,,,Acme, Inc.,CTO,12 Mar 2024\n";
    let file = linkedin::read(text.as_bytes()).unwrap();
    let fields: Vec<&str> = file.rejected[0].problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, vec!["columns", "Connected On"]);
}

/// A download cut off in its last row was imported as if whole: a cut-off LinkedIn URL was even
/// merged into an existing contact. Every CSV reader now refuses a file that ends inside a row.
#[test]
fn a_file_cut_off_in_its_last_row_is_refused_by_every_csv_reader() {
    let whole = String::from_utf8(fixture("linkedin_connections.csv")).unwrap();
    let last_row = whole.trim_end().rfind('\n').unwrap() + 1;
    // Cut in the middle of the last row's URL, and inside a quoted value.
    let cut_url = &whole[..last_row + whole[last_row..].find("linkedin.com").unwrap() + 15];
    let err = linkedin::read_with_count(cut_url.as_bytes()).unwrap_err();
    assert!(err.message.contains("cut off"), "{err}");
    assert_eq!(err.line, whole[..last_row].matches('\n').count() + 1);
    let open_quote = format!("{}\"Ada, unfinished", &whole[..last_row]);
    assert!(linkedin::read_with_count(open_quote.as_bytes()).unwrap_err().message.contains("never closed"));
    // A whole file without a line ending after its last row is fine.
    assert!(linkedin::read_with_count(whole.trim_end().as_bytes()).is_ok());

    let google = "Name,Given Name,Family Name,E-mail 1 - Value\nAda Lovelace,Ada,Lovelace,ada@example.org\nGrace Hop";
    assert!(kith_formats::csv::google::read(google.as_bytes()).unwrap_err().message.contains("cut off"));
    let mapped = "Full name,Mail,Employer\nAda Lovelace,ada@example.org,Engines\nGrace,grace@exa";
    let err = kith_formats::csv::mapped::read(mapped.as_bytes(), "Full name=name,Mail=email,Employer=org").unwrap_err();
    assert!(err.message.contains("cut off"), "{err}");
}
