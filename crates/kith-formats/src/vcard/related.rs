//! Relationships in vCards, both ways: RELATED (vCard 4.0, RFC 6350 6.6.6) and Apple's and
//! Google's `X-ABRELATEDNAMES` with an `X-ABLabel` in the same group (3.0).
//!
//! A card says what the *other* person is to the card's contact: `RELATED;TYPE=friend` names a
//! friend; Apple's label `_$!<Manager>!$_` names the contact's manager. kith writes, beside that,
//! both of its words as parameters (`X-KITH-RELATION`, the other's word; `X-KITH-INVERSE`, the
//! contact's) and the other's uid (`X-KITH-UID`, or the `urn:uuid:` value), so a card read back by
//! kith gives the same relationship whatever the phone did with the label.

use kith_core::relationship::Relation;

use super::{VcardVersion, content_line::ContentLine, value::escape};

/// A relationship a card names, not yet tied to a contact of kith's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedRef {
    /// The other person's uid, when the card gives it.
    pub uid: Option<String>,
    /// The other person's name (empty when the card gives only a uid).
    pub name: String,
    /// What the other person is to the card's contact, in kith's words ("manager of").
    pub other_word: String,
    /// What the card's contact is to the other, when the card says ("reports to").
    pub word: Option<String>,
    /// The lines it was read from (with its group's label), to keep on the card as they were if
    /// the relationship cannot be made.
    pub lines: Vec<String>,
}

/// Apple's labels for related names and kith's word for each (what the other person is).
const APPLE_LABELS: [(&str, &str); 12] = [
    ("Manager", "manager of"),
    ("Assistant", "reports to"),
    ("Friend", "friend of"),
    ("Partner", "partner of"),
    ("Spouse", "partner of"),
    ("Father", "family of"),
    ("Mother", "family of"),
    ("Parent", "family of"),
    ("Brother", "family of"),
    ("Sister", "family of"),
    ("Child", "family of"),
    ("Other", ""),
];

/// RFC 6350's RELATED types and kith's word for each.
const RFC_TYPES: [(&str, &str); 10] = [
    ("friend", "friend of"),
    ("colleague", "colleague of"),
    ("co-worker", "colleague of"),
    ("kin", "family of"),
    ("parent", "family of"),
    ("child", "family of"),
    ("sibling", "family of"),
    ("spouse", "partner of"),
    ("sweetheart", "partner of"),
    ("co-resident", ""),
];

/// The lines of a contact's relationships in `version`.
pub(crate) fn lines(relations: &[Relation], version: VcardVersion) -> Vec<String> {
    let mut out = Vec::new();
    for (k, r) in relations.iter().enumerate() {
        let params = format!(
            "X-KITH-RELATION=\"{}\";X-KITH-INVERSE=\"{}\";X-KITH-UID=\"{}\"",
            r.other_word,
            r.word,
            r.other_uid.replace(['"', '\r', '\n'], "")
        );
        match version {
            VcardVersion::V4 => {
                let kind = RFC_TYPES.iter().find(|(_, w)| *w == r.other_word).map_or("contact", |(t, _)| t);
                out.push(format!("RELATED;VALUE=text;TYPE={kind};{params}:{}", escape(&r.other_name)));
            }
            VcardVersion::V3 => {
                let group = format!("kithrel{}", k + 1);
                let label = APPLE_LABELS
                    .iter()
                    .find(|(_, w)| *w == r.other_word)
                    .map_or_else(|| escape(&r.other_word), |(l, _)| format!("_$!<{l}>!$_"));
                out.push(format!("{group}.X-ABRELATEDNAMES;{params}:{}", escape(&r.other_name)));
                out.push(format!("{group}.X-ABLabel:{label}"));
            }
        }
    }
    out
}

/// Takes the relationships out of a card's kept lines: each RELATED or X-ABRELATEDNAMES line
/// whose relationship kith can tell (by its own parameters, its type or its label) leaves the
/// lines, with its group's label; the others stay, kept as any property kith does not model.
pub fn take(extra: &mut Vec<String>) -> Vec<RelatedRef> {
    let mut found = Vec::new();
    let mut gone_groups: Vec<String> = Vec::new();
    // (group, label's value, the label line)
    let labels: Vec<(String, String, String)> = extra
        .iter()
        .filter_map(|l| ContentLine::parse(l).ok())
        .filter(|l| l.name == "X-ABLABEL")
        .filter_map(|l| Some((l.group?.to_ascii_lowercase(), l.text_value(), l.text.to_string())))
        .collect();
    extra.retain(|text| {
        let Ok(line) = ContentLine::parse(text) else { return true };
        if line.name != "RELATED" && line.name != "X-ABRELATEDNAMES" {
            return true;
        }
        let group = line.group.map(str::to_ascii_lowercase);
        let label = group.as_ref().and_then(|g| labels.iter().find(|(lg, ..)| lg == g));
        match read(&line, label.map(|(_, l, _)| l.as_str())) {
            Some(mut r) => {
                r.lines.push(text.clone());
                r.lines.extend(label.map(|(.., l)| l.clone()));
                gone_groups.extend(group);
                found.push(r);
                false
            }
            None => true,
        }
    });
    extra.retain(|text| {
        let Ok(line) = ContentLine::parse(text) else { return true };
        !(line.name == "X-ABLABEL" && line.group.is_some_and(|g| gone_groups.contains(&g.to_ascii_lowercase())))
    });
    found
}

/// Removes the relationship lines kith itself wrote (those with `X-KITH-UID`), with their
/// groups' labels: a card sent back by a phone carries them unchanged, and kith writes its
/// relationships afresh each time (a copy kept would outlive a relationship removed in kith).
pub fn drop_kiths_own(extra: &mut Vec<String>) {
    let mut groups: Vec<String> = Vec::new();
    extra.retain(|text| {
        let Ok(line) = ContentLine::parse(text) else { return true };
        let own = (line.name == "RELATED" || line.name == "X-ABRELATEDNAMES") && line.param("X-KITH-UID").is_some();
        if own {
            groups.extend(line.group.map(str::to_ascii_lowercase));
        }
        !own
    });
    extra.retain(|text| {
        let Ok(line) = ContentLine::parse(text) else { return true };
        !(line.name == "X-ABLABEL" && line.group.is_some_and(|g| groups.contains(&g.to_ascii_lowercase())))
    });
}

/// Lines of a related name kith wrote, to keep as any other property when no relationship could
/// be made of them (the person is not a contact here): kith's parameters, which mark lines kith
/// writes afresh, are left out and the group is renamed, so the line is neither dropped when a
/// phone sends it back nor mistaken for one of kith's.
pub fn unmark(lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|text| {
            let Ok(line) = ContentLine::parse(&text) else { return text };
            let ours = line.params.iter().any(|p| p.name.starts_with("X-KITH-"));
            let group = line.group.filter(|g| g.to_ascii_lowercase().starts_with("kithrel"));
            if !ours && group.is_none() {
                return text;
            }
            let mut out = String::new();
            if let Some(g) = line.group {
                match g.get(7..).filter(|_| group.is_some()) {
                    Some(n) => out.push_str(&format!("keptrel{n}.")),
                    None => out.push_str(&format!("{g}.")),
                }
            }
            out.push_str(line.name_as_written);
            for p in line.params.iter().filter(|p| !p.name.starts_with("X-KITH-")) {
                let values: Vec<String> = p
                    .values
                    .iter()
                    .map(|v| if v.contains([':', ';', ',']) { format!("\"{v}\"") } else { v.clone() })
                    .collect();
                if p.bare {
                    out.push_str(&format!(";{}", values.join(",")));
                } else {
                    out.push_str(&format!(";{}={}", p.name, values.join(",")));
                }
            }
            out.push(':');
            out.push_str(line.raw_value);
            out
        })
        .collect()
}

fn read(line: &ContentLine<'_>, label: Option<&str>) -> Option<RelatedRef> {
    let value = line.text_value();
    let (mut uid, name) = match value.strip_prefix("urn:uuid:") {
        Some(u) => (Some(u.to_string()), String::new()),
        None => (None, value.trim().to_string()),
    };
    if let Some(u) = line.param("X-KITH-UID").filter(|u| !u.is_empty()) {
        uid = Some(u.to_string());
    }
    if uid.is_none() && name.is_empty() {
        return None;
    }
    let kith_word = line.param("X-KITH-RELATION").map(str::to_string);
    let from_label = label.map(|l| {
        let apple = l.strip_prefix("_$!<").and_then(|l| l.strip_suffix(">!$_"));
        match apple {
            Some(a) => APPLE_LABELS.iter().find(|(k, _)| k.eq_ignore_ascii_case(a)).map_or("", |(_, w)| w).to_string(),
            None => l.trim().to_string(),
        }
    });
    let from_type = line
        .param_values("TYPE")
        .iter()
        .find_map(|t| RFC_TYPES.iter().find(|(k, _)| k.eq_ignore_ascii_case(t)).map(|(_, w)| w.to_string()));
    let other_word = kith_word.or(from_label).or(from_type).filter(|w| !w.is_empty())?;
    let word = line.param("X-KITH-INVERSE").map(str::to_string);
    Some(RelatedRef { uid, name, other_word, word, lines: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(word: &str, other_word: &str) -> Relation {
        Relation {
            id: 1,
            word: word.into(),
            other_word: other_word.into(),
            other: 2,
            other_name: "Grace Hopper".into(),
            other_uid: "u-grace".into(),
            note: None,
            since: None,
            until: None,
        }
    }

    #[test]
    fn what_kith_writes_it_reads_back_in_both_versions() {
        let rels = [relation("reports to", "manager of"), relation("godchild of", "godparent of")];
        for version in [VcardVersion::V3, VcardVersion::V4] {
            let mut written = lines(&rels, version);
            let refs = take(&mut written);
            assert!(written.is_empty(), "{version:?}: {written:?}");
            assert_eq!(refs.len(), 2);
            assert_eq!(refs[0].other_word, "manager of");
            assert_eq!(refs[0].word.as_deref(), Some("reports to"));
            assert_eq!(refs[0].uid.as_deref(), Some("u-grace"));
            assert_eq!(refs[1].other_word, "godparent of");
            assert_eq!(refs[0].name, "Grace Hopper");
        }
    }

    #[test]
    fn hostile_names_and_uids_stay_inside_their_line() {
        let mut r = relation("reports to", "manager of");
        r.other_name = "Eve \"x\";TYPE=y:\r\nEND:VCARD\r\nBEGIN:VCARD".into();
        r.other_uid = "u\";X-EVIL=1:\r\nFN:x".into();
        for version in [VcardVersion::V3, VcardVersion::V4] {
            let mut written = lines(std::slice::from_ref(&r), version);
            assert!(written.iter().all(|l| !l.contains(['\r', '\n'])), "{written:?}");
            let back = take(&mut written);
            assert_eq!(back.len(), 1, "{version:?}");
            assert_eq!(back[0].name, r.other_name.replace('\r', ""), "{version:?}");
            assert_eq!(back[0].other_word, "manager of");
        }
    }

    #[test]
    fn a_line_kith_wrote_is_kept_as_any_other_when_nobody_here_matches() {
        let mut written = lines(&[relation("reports to", "manager of")], VcardVersion::V3);
        let refs = take(&mut written);
        let kept = unmark(refs[0].lines.clone());
        assert_eq!(kept, ["keptrel1.X-ABRELATEDNAMES:Grace Hopper", "keptrel1.X-ABLabel:_$!<Manager>!$_"]);
        let mut sent_back = kept.clone();
        drop_kiths_own(&mut sent_back);
        assert_eq!(sent_back, kept, "no longer taken for a line kith writes afresh");
    }

    #[test]
    fn a_card_sent_back_loses_only_what_kith_wrote() {
        let mut extra = lines(&[relation("reports to", "manager of")], VcardVersion::V3);
        extra.push("item1.X-ABRELATEDNAMES:Bob".into());
        extra.push("item1.X-ABLabel:_$!<Friend>!$_".into());
        drop_kiths_own(&mut extra);
        assert_eq!(extra, ["item1.X-ABRELATEDNAMES:Bob", "item1.X-ABLabel:_$!<Friend>!$_"]);
    }

    #[test]
    fn apples_labels_and_rfc_types_are_read() {
        let mut extra = vec![
            "item1.X-ABRELATEDNAMES:Grace Hopper".to_string(),
            "item1.X-ABLabel:_$!<Manager>!$_".to_string(),
            "item2.X-ABRELATEDNAMES:Bob".to_string(),
            "item2.X-ABLabel:mentor of".to_string(),
            "RELATED;TYPE=friend:urn:uuid:0B9C4A52-1F0E-4C7B-9D35-1A2B3C4D5E6F".to_string(),
            "RELATED;TYPE=contact;VALUE=text:Someone".to_string(),
            "item3.X-ABRELATEDNAMES:Zed".to_string(),
            "item3.X-ABLabel:_$!<Other>!$_".to_string(),
            "NICKNAME:A".to_string(),
        ];
        let refs = take(&mut extra);
        let words: Vec<&str> = refs.iter().map(|r| r.other_word.as_str()).collect();
        assert_eq!(words, ["manager of", "mentor of", "friend of"]);
        assert_eq!(refs[2].uid.as_deref(), Some("0B9C4A52-1F0E-4C7B-9D35-1A2B3C4D5E6F"));
        assert_eq!(refs[0].lines, ["item1.X-ABRELATEDNAMES:Grace Hopper", "item1.X-ABLabel:_$!<Manager>!$_"]);
        assert_eq!(
            extra,
            [
                "RELATED;TYPE=contact;VALUE=text:Someone",
                "item3.X-ABRELATEDNAMES:Zed",
                "item3.X-ABLabel:_$!<Other>!$_",
                "NICKNAME:A"
            ],
            "what kith cannot tell stays kept"
        );
    }
}
