//! `kith relate` and `kith unrelate` as a user types them, and what `kith show` says after.

mod support;

use support::both_backends;

const TODAY: &str = "2026-11-22";

#[test]
fn relate_reads_from_both_sides_and_refuses_what_cannot_be() {
    both_backends(|k| {
        for name in ["Grace Hopper", "Alan Turing", "Ada Lovelace"] {
            k.ok(&["add", name]);
        }
        let said = k.ok(&["relate", "Alan", "reports-to", "Grace", "--note", "since the reorg"]);
        assert_eq!(said.trim(), "Alan Turing reports to Grace Hopper.");
        let grace = k.ok(&["show", "Grace"]);
        assert!(grace.contains("manager of Alan Turing (#2) — since the reorg"), "{grace}");
        let alan = k.json(&["show", "Alan"]);
        assert_eq!(alan["relationships"][0]["word"], "reports to");
        assert_eq!(alan["relationships"][0]["other_name"], "Grace Hopper");

        // Again from the other side: the same relationship.
        let again = k.json(&["relate", "Grace", "manager", "Alan"]);
        assert_eq!(again["created"], false);
        assert_eq!(k.json(&["show", "Grace"])["relationships"].as_array().map(Vec::len), Some(1));

        // Refused, nothing written.
        let err = k.fails(1, &["relate", "Ada", "friend", "Ada"]);
        assert!(err.contains("themselves"), "{err}");
        let err = k.fails(1, &["relate", "Ada", "godparent of", "Alan"]);
        assert!(err.contains("--inverse") && err.contains("manager of"), "{err}");
        let err = k.fails(1, &["relate", "Alan", "manager", "Grace"]);
        assert!(err.contains("circle"), "{err}");
        let err = k.fails(1, &["relate", "Ada", "friend", "Nobody Known"]);
        assert!(err.contains("Nobody Known"), "{err}");
        assert_eq!(k.json(&["show", "Ada"])["relationships"].as_array().map(Vec::len), Some(0));

        k.ok(&["relate", "Ada", "godparent of", "Alan", "--inverse", "godchild of"]);
        assert!(k.ok(&["show", "Alan"]).contains("godchild of Ada Lovelace"));
        assert!(k.ok(&["unrelate", "Alan", "Grace", "manager"]).contains("nothing changed"), "Alan is not the manager");
        assert!(
            k.ok(&["unrelate", "Alan", "Grace", "reports-to"])
                .contains("Removed: Alan Turing reports to Grace Hopper.")
        );
        k.ok(&["relate", "Alan", "reports-to", "Grace"]);
        assert!(k.ok(&["unrelate", "Alan", "Grace"]).contains("Removed 1 relationship between"));
        assert!(k.ok(&["unrelate", "Alan", "Grace"]).contains("nothing changed"));
        assert!(!k.ok(&["show", "Grace"]).contains("manager of"));
    });
}

#[test]
fn relationships_travel_in_vcards_and_come_back_as_relationships() {
    let k = support::Kith::sqlite();
    for name in ["Grace Hopper", "Alan Turing", "Ada Lovelace"] {
        k.ok(&["add", name]);
    }
    k.ok(&["relate", "Alan", "reports-to", "Grace"]);
    k.ok(&["relate", "Ada", "godparent of", "Alan", "--inverse", "godchild of"]);
    let cards = k.ok(&["export", "vcard"]);
    assert!(cards.contains("RELATED;VALUE=text;TYPE=contact;X-KITH-RELATION=\"manager of\""), "{cards}");

    // Into an empty kith: the same relationships, nothing left over on the cards.
    let fresh = support::Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.vcf");
    std::fs::write(&file, &cards).unwrap();
    fresh.ok(&["import", "vcard", file.to_str().unwrap()]);
    let alan = fresh.json(&["show", "Alan"]);
    let words: Vec<&str> =
        alan["relationships"].as_array().unwrap().iter().map(|r| r["word"].as_str().unwrap()).collect();
    assert_eq!(words, ["godchild of", "reports to"]);
    assert_eq!(
        fresh.ok(&["export", "vcard"]).matches("RELATED").count(),
        cards.matches("RELATED").count(),
        "no copies"
    );
}

#[test]
fn apple_related_names_become_relationships_where_kith_can_tell() {
    let k = support::Kith::sqlite();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\n\
                item1.X-ABRELATEDNAMES:Grace Hopper\r\nitem1.X-ABLabel:_$!<Manager>!$_\r\n\
                item2.X-ABRELATEDNAMES:Someone Unknown\r\nitem2.X-ABLabel:_$!<Friend>!$_\r\n\
                item3.X-ABRELATEDNAMES:Grace Hopper\r\nitem3.X-ABLabel:sparring partner\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\nEND:VCARD\r\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("apple.vcf");
    std::fs::write(&file, card).unwrap();
    k.ok(&["import", "vcard", file.to_str().unwrap()]);
    let grace = k.ok(&["show", "Grace"]);
    assert!(grace.contains("manager of Alan Turing"), "{grace}");
    // Someone who is not a contact, and a label kith cannot read as a type: kept on the card.
    let cards = k.ok(&["export", "vcard"]);
    assert!(cards.contains("item2.X-ABRELATEDNAMES:Someone Unknown"), "{cards}");
    assert!(cards.contains("item3.X-ABLabel:sparring partner"), "{cards}");
    assert!(!cards.contains("item1.X-ABRELATEDNAMES"), "made a relationship, not kept twice");
}
