//! Several values in one cell (e-mails, phones, tags): how the CSV export writes them and how the
//! mapped reader splits them, so that one reads back exactly what the other wrote.
//!
//! Values are written `a, b, c`: kith's e-mail addresses, phone numbers and tags never contain a
//! comma, so a comma always separates. People also write `a; b` or Google's `a ::: b`, so a cell
//! without a comma is split on semicolons, and one without either on `:::`.

/// The values of a cell, trimmed, blanks dropped.
pub(crate) fn split(cell: &str) -> impl Iterator<Item = &str> {
    let separator = if cell.contains(',') {
        ","
    } else if cell.contains(';') {
        ";"
    } else {
        ":::"
    };
    cell.split(separator).map(str::trim).filter(|v| !v.is_empty())
}

/// The cell [`split`] reads `values` back from. A lone value that would be split (a tag `a;b`) is
/// written with a trailing comma, which makes the comma the separator and so keeps it whole.
pub(crate) fn join(values: &[String]) -> String {
    let mut cell = values.join(", ");
    if values.len() == 1 && !split(&cell).eq([cell.as_str()]) {
        cell.push(',');
    }
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(values: &[&str]) -> Vec<String> {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        split(&join(&values)).map(str::to_string).collect()
    }

    #[test]
    fn cells_split_on_the_separator_people_use() {
        assert_eq!(split("a@x.org, b@y.org").collect::<Vec<_>>(), vec!["a@x.org", "b@y.org"]);
        assert_eq!(split("rust; go ;").collect::<Vec<_>>(), vec!["rust", "go"]);
        assert_eq!(split("a ::: b").collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(split(" ").count(), 0);
    }

    #[test]
    fn what_is_joined_splits_back_the_same() {
        assert_eq!(round_trip(&["a;b"]), vec!["a;b"]);
        assert_eq!(round_trip(&["x ::: y"]), vec!["x ::: y"]);
        assert_eq!(round_trip(&["a;b", "c"]), vec!["a;b", "c"]);
        assert_eq!(round_trip(&["solo"]), vec!["solo"]);
        assert_eq!(round_trip(&[";@a.org"]), vec![";@a.org"]);
        assert_eq!(join(&[]), "");
    }
}
