//! `kith user …` on the server's database, as an operator runs it: the first account takes the
//! contacts kith held, later ones start empty, and a deleted account leaves nothing behind.

mod support;

use std::io::Write;

use support::{Kith, both_backends};

const TODAY: &str = "2026-12-07";

/// `kith user add` with the password on standard input; returns (success, stdout, stderr).
fn add(k: &Kith, args: &[&str], password: &str) -> (bool, String, String) {
    let mut all = vec!["user", "add"];
    all.extend_from_slice(args);
    all.push("--password-stdin");
    let mut child = k.command(&all).stdin(std::process::Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn accounts_are_added_listed_disabled_and_deleted_from_the_command_line() {
    both_backends(|k| {
        k.ok(&["add", "Ada Lovelace", "--email", "ada@example.org"]);
        let (ok, said, _) = add(k, &["Ada@Example.org", "--admin"], "correct horse battery");
        assert!(ok);
        assert!(said.contains("Added ada@example.org as an admin"), "{said}");
        assert!(said.contains("holds the contacts kith held until now"), "{said}");

        // A short password, a second account for one address, no password at all: refused, named.
        let (ok, _, err) = add(k, &["grace@example.org"], "hunter2");
        assert!(!ok);
        assert!(err.contains("the password '(7 characters)': too short"), "{err}");
        assert!(!err.contains("hunter2"), "the password is never shown: {err}");
        assert!(add(k, &["grace@example.org"], "another good passphrase").0);
        let (ok, _, err) = add(k, &["GRACE@example.org"], "another good passphrase");
        assert!(!ok);
        assert!(err.contains("EMAIL 'grace@example.org': an account with this address exists already"), "{err}");
        let err = k.fails(1, &["user", "add", "alan@example.org"]);
        assert!(err.contains("--password-stdin"), "{err}");
        let err = k.fails(1, &["user", "add", "not-an-address", "--password-stdin"]);
        assert!(err.contains("EMAIL 'not-an-address': not an e-mail address"), "{err}");

        let list = k.json(&["user", "list"]);
        let emails: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["email"].as_str().unwrap()).collect();
        assert_eq!(emails, ["ada@example.org", "grace@example.org"]);
        assert!(!list.to_string().contains("argon2"), "no hash in the list: {list}");
        assert_eq!(list[0]["admin"], true);

        let said = k.ok(&["user", "disable", "grace@example.org"]);
        assert!(said.contains("Disabled grace@example.org"), "{said}");
        let table = k.ok(&["user", "list"]);
        assert!(table.contains("disabled 20"), "{table}");
        k.ok(&["user", "enable", "grace@example.org"]);

        let err = k.fails(1, &["user", "delete", "grace@example.org"]);
        assert!(err.contains("add --yes to confirm"), "{err}");
        let said = k.ok(&["user", "delete", "grace@example.org", "--yes"]);
        assert!(said.contains("Deleted grace@example.org"), "{said}");
        let err = k.fails(1, &["user", "delete", "grace@example.org", "--yes"]);
        assert!(err.contains("no account has this address"), "{err}");
        // The first account's contacts are untouched.
        assert!(k.ok(&["list"]).contains("Ada Lovelace"));
    });
}

#[test]
fn api_tokens_are_made_for_an_account_listed_and_revoked() {
    both_backends(|k| {
        // Without accounts, a token is the one person's.
        let made = k.json(&["token", "add", "laptop"]);
        assert!(made["token"].as_str().unwrap().starts_with("kith_"), "{made}");
        assert_eq!(made["scope"], "read");

        assert!(add(k, &["ada@example.org", "--admin"], "correct horse battery").0);
        assert!(add(k, &["grace@example.org"], "another good passphrase").0);
        // With accounts, whose token it is must be said, and be an account.
        let err = k.fails(1, &["token", "add", "backup"]);
        assert!(err.contains("--user '(not given)': this database has accounts"), "{err}");
        let err = k.fails(1, &["token", "add", "backup", "--user", "nobody@example.org"]);
        assert!(err.contains("--user 'nobody@example.org': no account has this address"), "{err}");
        let err = k.fails(1, &["token", "add", "backup", "--user", "grace@example.org", "--scope", "admin"]);
        assert!(err.contains("--scope 'admin'"), "{err}");

        let said = k.ok(&["token", "add", "backup job", "--user", "grace@example.org", "--scope", "write"]);
        assert!(
            said.contains("Token \"backup job\" (write): kith_") && said.contains("shown only this once"),
            "{said}"
        );
        let err = k.fails(1, &["token", "add", "backup job", "--user", "grace@example.org"]);
        assert!(err.contains("NAME 'backup job'"), "{err}");

        let grace = k.json(&["token", "list", "--user", "grace@example.org"]);
        assert_eq!(grace.as_array().unwrap().len(), 1, "{grace}");
        assert_eq!((grace[0]["name"].as_str(), grace[0]["scope"].as_str()), (Some("backup job"), Some("write")));
        assert!(!grace.to_string().contains("kith_"), "no token in the list: {grace}");
        // Ada (the first account) holds the token made before accounts, not Grace's.
        let ada = k.ok(&["token", "list", "--user", "ada@example.org"]);
        assert!(ada.contains("laptop") && !ada.contains("backup job"), "{ada}");

        k.ok(&["token", "revoke", "backup job", "--user", "grace@example.org"]);
        let err = k.fails(1, &["token", "revoke", "backup job", "--user", "grace@example.org"]);
        assert!(err.contains("no API token of that name"), "{err}");
        let empty = k.ok(&["token", "list", "--user", "grace@example.org"]);
        assert!(empty.contains("No API tokens"), "{empty}");
    });
}
