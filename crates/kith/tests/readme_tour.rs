//! The README's tour, run as written: every command of its `sh` block, in order, on a fresh
//! database. A command the README shows must work as shown; the one that needs a mail server
//! (`campaign send`) must say what to set up.

mod support;

use support::Kith;

const TODAY: &str = "2026-11-22";

/// The commands of the tour: comments dropped, `\` continuations joined, words split as a shell
/// would for what the tour uses (double quotes, spaces).
fn tour() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let start = readme.find("## A tour").expect("the README has a tour");
    let block = &readme[start..];
    let body = &block[block.find("```sh\n").expect("a sh block") + 6..];
    let body = &body[..body.find("```").unwrap()];
    let joined = body.replace("\\\n", " ");
    joined.lines().filter(|l| !l.trim().is_empty()).map(words).collect()
}

fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            '#' if !quoted && word.is_empty() => break,
            c if c.is_whitespace() && !quoted => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

#[test]
fn the_readme_tour_runs_as_written() {
    let k = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let commands = tour();
    assert!(commands.len() > 20, "{commands:?}");
    for command in &commands {
        assert_eq!(command[0], "kith", "{command:?}");
        let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
        let out = k.command(&args).current_dir(dir.path()).output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        if args.starts_with(&["campaign", "send"]) {
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stdout}{stderr}");
            assert!(stderr.contains("[smtp]"), "without a mail server it says what to add: {stderr}");
            continue;
        }
        assert!(out.status.success(), "kith {}: {stderr}", args.join(" "));
        if args == ["list", "--search", "hiring"] {
            assert!(stdout.contains("Ada Lovelace") && stdout.contains("she is hiring"), "as the tour says: {stdout}");
        }
        if args.starts_with(&["campaign", "drafts"]) {
            let drafts = std::fs::read_dir(dir.path().join("drafts")).unwrap().count();
            assert!(drafts > 0, "one .eml each");
        }
    }
}

#[test]
fn the_tour_reader_splits_as_a_shell_would() {
    assert_eq!(
        words(r#"kith log Ada "Grace Hopper" --note "a b"   # two people"#),
        ["kith", "log", "Ada", "Grace Hopper", "--note", "a b"]
    );
    assert_eq!(words(r#"kith add "" --x"#), ["kith", "add", "", "--x"]);
}
