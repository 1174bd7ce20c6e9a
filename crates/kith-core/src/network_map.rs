//! The whole network drawn: everyone (or the most connected, past a few hundred) in clusters by
//! organization, the strongest ties between them, as server-rendered SVG — no script.
//!
//! Layout: each organization with [`CLUSTER_LEAST`] or more people drawn is a disc of its own
//! (people placed on a sunflower spiral, the most connected in the middle); the others share one
//! disc for everyone at a smaller organization and one for people with none. Discs are packed in
//! rows, the biggest first. Ties are lines as thick as they are strong, under the people, those
//! between two discs fainter than those inside one; the most connected person of each disc is
//! named on the drawing (more names overlap), everyone in a tooltip and a link to their page.

use std::collections::HashMap;
use std::fmt::Write;

use crate::{
    ContactId,
    graph::{Edge, Node, esc, width},
};

/// The most people drawn: past it, the most connected (by the strength of their ties).
pub const PEOPLE_MOST: usize = 300;
/// The most ties drawn: the strongest between the people drawn.
pub const TIES_MOST: usize = 600;
/// An organization with fewer people drawn shares the "smaller organizations" disc.
pub const CLUSTER_LEAST: usize = 3;

/// The disc for people at an organization too small for its own.
pub const SMALLER_ORGS: &str = "Smaller organizations";
/// The disc for people with no organization.
pub const NO_ORG: &str = "No organization";

const WIDTH: f64 = 960.0;
/// Distance between neighbours on a disc.
const SPACING: f64 = 17.0;
const MARGIN: f64 = 34.0;

/// One disc as listed beside the drawing: its name and people, the most connected first.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub name: String,
    pub people: Vec<(ContactId, String)>,
}

/// The drawing and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkMap {
    pub svg: String,
    /// The clusters, as drawn (the biggest first).
    pub clusters: Vec<Cluster>,
    /// People drawn, of how many given.
    pub drawn: usize,
    pub of: usize,
    /// Ties drawn, of how many between the people drawn.
    pub ties: usize,
    pub ties_of: usize,
}

/// Draws `people` and the `ties` between them (ties to anyone not given are left out; two ties
/// between one pair are one line, as strong as both).
pub fn draw(people: &[Node], ties: &[Edge]) -> NetworkMap {
    let given: HashMap<ContactId, &Node> = people.iter().map(|n| (n.id, n)).collect();
    let mut pairs: HashMap<(ContactId, ContactId), f64> = HashMap::new();
    for e in ties.iter().filter(|e| e.a != e.b && given.contains_key(&e.a) && given.contains_key(&e.b)) {
        *pairs.entry((e.a.min(e.b), e.a.max(e.b))).or_default() += e.strength;
    }
    let mut weight: HashMap<ContactId, f64> = HashMap::new();
    for (&(a, b), &s) in &pairs {
        *weight.entry(a).or_default() += s;
        *weight.entry(b).or_default() += s;
    }
    let weight_of = |id: ContactId| weight.get(&id).copied().unwrap_or(0.0);
    let mut ranked: Vec<&Node> = people.iter().collect();
    ranked.sort_by(|a, b| weight_of(b.id).total_cmp(&weight_of(a.id)).then(a.name.cmp(&b.name)).then(a.id.cmp(&b.id)));
    ranked.dedup_by_key(|n| n.id);
    let of = ranked.len();
    ranked.truncate(PEOPLE_MOST);
    let clusters = cluster(&ranked);
    let named: Vec<ContactId> = clusters.iter().filter_map(|c| c.people.first()).map(|p| p.0).collect();
    let disc_of: HashMap<ContactId, usize> =
        clusters.iter().enumerate().flat_map(|(k, c)| c.people.iter().map(move |p| (p.0, k))).collect();
    let mut at: HashMap<ContactId, (f64, f64)> = HashMap::new();
    let mut discs: Vec<(f64, f64, f64, &Cluster)> = Vec::new();
    let (mut x, mut y, mut row_height) = (0.0_f64, MARGIN, 0.0_f64);
    for c in &clusters {
        let radius = SPACING * (c.people.len() as f64).sqrt() + SPACING;
        let side = 2.0 * radius + MARGIN;
        if x + side > WIDTH && x > 0.0 {
            (x, y, row_height) = (0.0, y + row_height, 0.0);
        }
        let (cx, cy) = (x + side / 2.0, y + side / 2.0);
        for (k, (id, _)) in c.people.iter().enumerate() {
            // Sunflower: even spacing on a disc, the first in the middle.
            let r = SPACING * (k as f64 + 0.5).sqrt();
            let angle = k as f64 * 2.399_963_229_728_653;
            at.insert(*id, (cx + r * angle.cos(), cy + r * angle.sin()));
        }
        discs.push((cx, cy, radius, c));
        x += side;
        row_height = row_height.max(side + MARGIN / 2.0);
    }
    let height = y + row_height + MARGIN;

    let mut lines: Vec<((ContactId, ContactId), f64)> =
        pairs.into_iter().filter(|((a, b), _)| at.contains_key(a) && at.contains_key(b)).collect();
    let ties_of = lines.len();
    lines.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    lines.truncate(TIES_MOST);

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" class="graph network-map" role="group" aria-labelledby="map-title"><title id="map-title">{} in {} clusters by organization, and the {} strongest ties between them</title>"#,
        people_words(ranked.len()),
        clusters.len(),
        lines.len()
    );
    for (cx, cy, radius, c) in &discs {
        let _ = write!(
            svg,
            r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{radius:.1}" class="cluster"/><text x="{cx:.1}" y="{:.1}" class="group" text-anchor="middle">{} ({})</text>"#,
            cy - radius - 6.0,
            esc(&c.name),
            c.people.len()
        );
    }
    for ((a, b), s) in &lines {
        let ((x1, y1), (x2, y2)) = (at[a], at[b]);
        let class = if disc_of.get(a) == disc_of.get(b) { "tie-between" } else { "tie-across" };
        let _ = write!(
            svg,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" class="{class}" stroke-width="{:.1}"/>"#,
            width(*s) / 2.0
        );
    }
    for n in &ranked {
        let (x, y) = at[&n.id];
        let name = esc(&n.name);
        let _ = write!(
            svg,
            r#"<a href="/contacts/{id}" aria-label="{name}"><circle cx="{x:.1}" cy="{y:.1}" r="5" class="person"><title>{name}</title></circle>"#,
            id = n.id
        );
        if named.contains(&n.id) {
            let _ = write!(svg, r#"<text x="{:.1}" y="{:.1}" class="person-name">{name}</text>"#, x + 7.0, y + 3.5);
        }
        svg.push_str("</a>");
    }
    svg.push_str("</svg>");
    NetworkMap { svg, clusters, drawn: ranked.len(), of, ties: lines.len(), ties_of }
}

fn people_words(n: usize) -> String {
    if n == 1 { "1 person".to_string() } else { format!("{n} people") }
}

/// The discs: an organization with [`CLUSTER_LEAST`] or more of `ranked` is its own, the biggest
/// first; then the smaller organizations' people, then those with none. Each keeps `ranked`'s
/// order (the most connected first).
fn cluster(ranked: &[&Node]) -> Vec<Cluster> {
    let mut by_org: Vec<(String, Vec<&Node>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for n in ranked {
        match index.get(n.group.as_str()) {
            Some(&i) => by_org[i].1.push(n),
            None => {
                index.insert(n.group.as_str(), by_org.len());
                by_org.push((n.group.clone(), vec![n]));
            }
        }
    }
    let (mut own, mut smaller, mut none) = (Vec::new(), Vec::new(), Vec::new());
    for (org, members) in by_org {
        if org.is_empty() {
            none.extend(members);
        } else if members.len() >= CLUSTER_LEAST {
            own.push((org, members));
        } else {
            smaller.extend(members);
        }
    }
    // `by_org` met each organization at its most connected member: a stable sort by size keeps
    // that order among equals.
    own.sort_by_key(|o| std::cmp::Reverse(o.1.len()));
    let listed = |members: Vec<&Node>| members.iter().map(|n| (n.id, n.name.clone())).collect();
    let mut clusters: Vec<Cluster> =
        own.into_iter().map(|(name, members)| Cluster { name, people: listed(members) }).collect();
    for (name, members) in [(SMALLER_ORGS, smaller), (NO_ORG, none)] {
        if !members.is_empty() {
            clusters.push(Cluster { name: name.to_string(), people: listed(members) });
        }
    }
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: ContactId, name: &str, group: &str) -> Node {
        Node { id, name: name.into(), group: group.into() }
    }

    #[test]
    fn people_are_clustered_by_organization_and_small_ones_share_a_disc() {
        let people = vec![
            node(1, "Ada", "Globex"),
            node(2, "Alan", "Globex"),
            node(3, "Bob", "Globex"),
            node(4, "Grace", "Navy"),
            node(5, "Linus <L>", ""),
        ];
        let ties = vec![
            Edge { a: 1, b: 2, strength: 5.0 },
            Edge { a: 2, b: 1, strength: 1.0 },
            Edge { a: 1, b: 4, strength: 0.5 },
            Edge { a: 1, b: 99, strength: 9.0 },
        ];
        let map = draw(&people, &ties);
        let names: Vec<&str> = map.clusters.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Globex", SMALLER_ORGS, NO_ORG]);
        // The most connected first: Ada (6.5), Alan (6.0), then Bob with none.
        assert_eq!(map.clusters[0].people.iter().map(|p| p.1.as_str()).collect::<Vec<_>>(), ["Ada", "Alan", "Bob"]);
        assert_eq!((map.drawn, map.of, map.ties, map.ties_of), (5, 5, 2, 2), "a tie to someone not given is left out");
        assert_eq!(map.svg.matches(r#"class="person""#).count(), 5);
        assert_eq!(map.svg.matches("<line").count(), 2, "two ties between one pair are one line");
        assert!(map.svg.contains(r#"stroke-width="3.5""#), "as strong as both: 6 → 7 px, halved");
        assert!(map.svg.contains("Linus &lt;L&gt;") && !map.svg.contains("<L>"));
        assert!(map.svg.contains(">Globex (3)</text>"));
        // Ada and Alan share Globex's disc; Ada and Grace are in two.
        assert_eq!((map.svg.matches("tie-between").count(), map.svg.matches("tie-across").count()), (1, 1));
        assert_eq!(map.svg.matches(r#"class="person-name""#).count(), 3, "Ada, Grace and Linus head their discs");
    }

    #[test]
    fn a_big_network_draws_the_most_connected_and_the_strongest_ties() {
        let people: Vec<Node> = (1..=3000).map(|id| node(id, &format!("P{id}"), &format!("Org {}", id % 40))).collect();
        let ties: Vec<Edge> =
            (1..3000).map(|id| Edge { a: id, b: id + 1, strength: if id <= 200 { 5.0 } else { 0.2 } }).collect();
        let map = draw(&people, &ties);
        assert_eq!((map.drawn, map.of), (PEOPLE_MOST, 3000));
        assert_eq!(map.svg.matches(r#"class="person""#).count(), PEOPLE_MOST);
        assert!(map.ties <= TIES_MOST);
        // The strongly tied chain 1–201 is all drawn, with its ties.
        assert!(map.clusters.iter().flat_map(|c| &c.people).any(|p| p.0 == 201));
        assert!(map.ties >= 200, "{}", map.ties);
        assert_eq!(map.svg.matches(r#"class="person-name""#).count(), map.clusters.len(), "one name per disc");
    }
}
