//! `kith intro` on the demo network, its explanations checked against what the people's own
//! pages say, and job changes from a second LinkedIn export, as a user meets them.

mod support;

use std::collections::HashSet;

use serde_json::Value;
use support::{Kith, both_backends};

/// The day every command runs on (read by `support`).
const TODAY: &str = "2026-11-22";

/// The demo organization with the most people.
fn biggest_org(k: &Kith) -> String {
    let orgs = k.json(&["org", "list"]);
    let mut orgs: Vec<&Value> = orgs.as_array().unwrap().iter().filter(|o| o["kind"] == "employer").collect();
    orgs.sort_by_key(|o| std::cmp::Reverse(o["members"].as_i64().unwrap()));
    orgs[0]["name"].as_str().unwrap().to_string()
}

/// Interaction ids on a contact's timeline of one kind.
fn touches_of(k: &Kith, id: i64, kinds: &[&str]) -> HashSet<i64> {
    let shown = k.json(&["show", &id.to_string()]);
    shown["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| kinds.contains(&i["kind"].as_str().unwrap()))
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// The organizations a contact is or was at.
fn places_of(k: &Kith, id: i64) -> HashSet<String> {
    let shown = k.json(&["show", &id.to_string()]);
    let mut places: HashSet<String> =
        shown["past_jobs"].as_array().unwrap().iter().map(|j| j["org"].as_str().unwrap().to_string()).collect();
    places.extend(shown["org"].as_str().map(str::to_string));
    places
}

/// Checks each claim of a path's explanation against the two people's pages.
fn holds_up(k: &Kith, path: &Value) {
    let via = path["via"]["id"].as_i64().unwrap();
    let target = path["target"].as_i64().unwrap();
    let name = path["target_name"].as_str().unwrap();
    let why = path["why"].as_str().unwrap();
    let mut claims = 0;
    for part in why.split(" and ") {
        if let Some(rest) = part.strip_prefix("was at ").filter(|r| r.contains(" event")) {
            let n: usize = rest.split_whitespace().next().unwrap().parse().unwrap();
            let shared = touches_of(k, via, &["event"]).intersection(&touches_of(k, target, &["event"])).count();
            assert_eq!(shared, n, "{why}");
            claims += 1;
        } else if let Some(rest) = part.strip_prefix("on ").filter(|r| r.contains("mail thread")) {
            let n: usize = rest.split_whitespace().next().unwrap().parse().unwrap();
            let shared = touches_of(k, via, &["email"]).intersection(&touches_of(k, target, &["email"])).count();
            assert_eq!(shared, n, "{why}");
            claims += 1;
        } else if part.starts_with("met you together") {
            claims += 1;
        } else if let Some(rest) = part.strip_prefix(&format!("worked with {name} at ")) {
            let org = rest.rsplit_once(' ').map_or(rest, |(org, _years)| org);
            assert!(places_of(k, via).contains(org) && places_of(k, target).contains(org), "{why}");
            claims += 1;
        } else if part.starts_with("was at ") || part.starts_with("is at ") || part.starts_with("works with ") {
            // "was at Globex 2019–2023, where Alan is now": both were there.
            let org = part.trim_start_matches("was at ").trim_start_matches("is at ");
            let org = org.split(" 20").next().unwrap().split(", where").next().unwrap();
            let org = org.strip_prefix(&format!("works with {name} at ")).unwrap_or(org);
            assert!(places_of(k, via).contains(org) && places_of(k, target).contains(org), "{why} ({org})");
            claims += 1;
        } else {
            // A relationship the user entered: "friend of Alan Turing".
            let related = k.json(&["show", &via.to_string()])["relationships"].as_array().unwrap().clone();
            assert!(
                related.iter().any(|r| r["other"] == target && part.starts_with(r["word"].as_str().unwrap())),
                "{why}"
            );
            claims += 1;
        }
    }
    assert!(claims > 0, "{why}");
}

#[test]
fn the_demo_has_ways_in_and_each_explanation_holds_up() {
    let k = Kith::sqlite();
    k.ok(&["demo", "--contacts", "600"]);
    let org = biggest_org(&k);
    let found = k.json(&["intro", "--org", &org]);
    let paths = found["paths"].as_array().unwrap();
    assert!(paths.len() >= 3, "{found:#}");
    for p in paths {
        holds_up(&k, p);
    }
    let text = k.ok(&["intro", "--org", &org]);
    assert!(text.contains(&format!("at {org}")) && text.contains(" tie; "), "{text}");

    // The ask to the first person in between becomes a campaign message naming the target.
    let n = 1;
    let asked = k.json(&["intro", "--org", &org, "--ask", &n.to_string()]);
    let campaign = k.json(&["campaign", "show", &asked["campaign"].to_string()]);
    let target = paths[n - 1]["target_name"].as_str().unwrap();
    let first = target.split_whitespace().next().unwrap();
    let message = campaign.to_string();
    assert!(message.contains(target) && message.contains(&format!("introduce me to {first}")), "{campaign:#}");
}

#[test]
fn an_unknown_organization_is_refused_with_the_nearest_names() {
    both_backends(|k| {
        k.ok(&["add", "Alan Turing", "--org", "Globex Corporation"]);
        let err = k.fails(1, &["intro", "--org", "Globx"]);
        assert!(err.contains("Globx") && err.contains("Globex Corporation"), "{err}");
        let err = k.fails(1, &["intro", "--org", "Zzyzx"]);
        assert!(err.contains("kith org list"), "{err}");
        let err = k.fails(2, &["intro"]);
        assert!(err.contains("--org"), "{err}");
    });
}

#[test]
fn a_second_linkedin_export_with_people_moved_brings_congratulations() {
    both_backends(|k| {
        let dir = tempfile::tempdir().unwrap();
        let export = |name: &str, rows: &str| {
            let path = dir.path().join(name);
            std::fs::write(
                &path,
                format!("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n{rows}"),
            )
            .unwrap();
            path.display().to_string()
        };
        let first = export(
            "first.csv",
            "Ada,Lovelace,https://www.linkedin.com/in/ada,,Initech,Engineer,12 Mar 2024\n\
             Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,03 Jan 2019\n",
        );
        k.ok(&["import", "linkedin", &first]);
        let second = export(
            "second.csv",
            "Ada,Lovelace,https://www.linkedin.com/in/ada,,Globex,Staff Engineer,12 Mar 2024\n\
             Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,03 Jan 2019\n",
        );
        let said = k.ok(&["import", "linkedin", &second]);
        assert!(said.contains("Ada Lovelace moved from Initech to Globex as Staff Engineer"), "{said}");
        let plan = k.json(&["plan"]);
        let congratulate = plan["congratulate"].as_array().unwrap();
        assert_eq!(congratulate.len(), 1, "{plan:#}");
        assert_eq!(congratulate[0]["name"], "Ada Lovelace");
        assert!(congratulate[0]["reason"].as_str().unwrap().contains("congratulate Ada on the new role"));
        assert!(k.ok(&["plan"]).contains("Congratulate"));
        let ada = k.ok(&["show", "Ada"]);
        assert!(ada.contains("Engineer at Initech, until"), "{ada}");
    });
}
