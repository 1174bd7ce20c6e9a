//! What every CSV reader does with files that are not what they should be: empty, binary, not
//! UTF-8, with a BOM and CRLF, with a huge value.

use kith_formats::{
    ContactFile, FormatError,
    csv::{google, linkedin, mapped},
};

const LINKEDIN_HEADER: &str = "First Name,Last Name,URL,Email Address,Company,Position,Connected On";
const GOOGLE_HEADER: &str = "First Name,Last Name,Organization Name,E-mail 1 - Value";
const MAPPED_HEADER: &str = "First Name,Last Name,Company,Mail";
const MAPPING: &str = "First Name=first_name,Last Name=last_name,Company=org,Mail=email";

type Reader = Box<dyn Fn(&[u8]) -> Result<ContactFile, FormatError>>;

/// Each reader, with a header it accepts and the column holding the organization.
fn readers() -> Vec<(&'static str, &'static str, Reader)> {
    vec![
        (LINKEDIN_HEADER, "Company", Box::new(linkedin::read)),
        (GOOGLE_HEADER, "Organization Name", Box::new(google::read)),
        (MAPPED_HEADER, "Company", Box::new(|b: &[u8]| mapped::read(b, MAPPING))),
    ]
}

/// A row for `header`: Ann Lee at `org`, with `email` in the e-mail column.
fn row(header: &str, org: &str, email: &str) -> String {
    let cells: Vec<String> = header
        .split(',')
        .map(|h| match h {
            "First Name" => "Ann".to_string(),
            "Last Name" => "Lee".to_string(),
            "Company" | "Organization Name" => format!("\"{}\"", org.replace('"', "\"\"")),
            "Email Address" | "E-mail 1 - Value" | "Mail" => email.to_string(),
            _ => String::new(),
        })
        .collect();
    cells.join(",")
}

#[test]
fn empty_files_are_refused() {
    for (_, _, read) in readers() {
        for empty in [&b""[..], b"\xEF\xBB\xBF", b"\r\n\r\n", b"  \n"] {
            let err = read(empty).unwrap_err();
            assert!(err.message.contains("empty"), "{err}");
        }
    }
}

#[test]
fn binary_and_other_encodings_are_refused_naming_the_line() {
    for (header, _, read) in readers() {
        let latin1 = format!("{header}\n{}\n", row(header, "Acme", "")).into_bytes();
        let mut bad = latin1.clone();
        bad.extend_from_slice(b"Ren\xe9,Dupont,,,,,\n");
        let err = read(&bad).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("UTF-8"), "{err}");

        let err = read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
    }
}

#[test]
fn a_bom_crlf_and_quoted_newlines_are_read() {
    for (header, _, read) in readers() {
        let text = format!(
            "\u{feff}{header}\r\n{}\r\n{}",
            row(header, "Acme,\r\nInc.", "ann@example.org"),
            row(header, "B", "")
        );
        let file = read(text.as_bytes()).unwrap();
        assert!(file.rejected.is_empty(), "{header}: {:?}", file.rejected);
        assert_eq!(file.records.len(), 2, "{header}");
        assert_eq!(
            file.records[0].contact.org.as_deref(),
            Some("Acme,\nInc."),
            "line breaks in values are \\n: {header}"
        );
        assert_eq!(file.records[1].line, 4, "{header}");
        assert!(!file.preamble.starts_with('\u{feff}'), "{header}");
    }
}

#[test]
fn a_ten_megabyte_value_is_rejected_naming_its_column() {
    let huge = "x".repeat(10 * 1024 * 1024);
    for (header, org_column, read) in readers() {
        let text = format!("{header}\n{}\n{}\n", row(header, &huge, "ann@example.org"), row(header, "Fine", ""));
        let file = read(text.as_bytes()).unwrap();
        assert_eq!(file.records.len(), 1, "{header}");
        let problem = &file.rejected[0].problems[0];
        assert_eq!(problem.field, org_column);
        assert!(problem.message.contains("too long") && problem.message.len() < 200, "{}", problem.message);

        let text = format!("{header}\n{}\n", row(header, "Acme", &huge));
        let problem = &read(text.as_bytes()).unwrap().rejected[0].problems[0];
        assert!(problem.message.len() < 200, "a huge bad value is quoted short: {}", problem.message.len());
    }
}

/// A file of junk with millions of rows is refused at the row past the limit, instead of holding
/// every parsed row in memory; a file at the limit is read whole.
#[test]
fn more_rows_than_any_address_book_holds_are_refused_at_the_first_one_too_many() {
    use kith_formats::record::MAX_RECORDS;
    for (header, _, read) in readers() {
        let line = row(header, "Acme", "");
        let mut text = String::with_capacity((line.len() + 1) * (MAX_RECORDS + 2));
        text.push_str(header);
        text.push('\n');
        for _ in 0..MAX_RECORDS {
            text.push_str(&line);
            text.push('\n');
        }
        assert_eq!(read(text.as_bytes()).unwrap().records.len(), MAX_RECORDS, "{header}");
        text.push_str(&line);
        text.push('\n');
        let err = read(text.as_bytes()).unwrap_err();
        assert_eq!(err.line, MAX_RECORDS + 2, "{header}");
        assert!(err.message.contains("more than 300000 people") && err.message.contains("Split"), "{err}");
    }
}
