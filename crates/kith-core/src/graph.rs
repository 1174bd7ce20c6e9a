//! The network drawn: a contact's ego network (the people they are tied to, grouped by
//! organization around them) as server-rendered SVG — no script, nothing downloaded.
//!
//! Layout: the contact in the middle; the people tied to them on a ring, grouped by organization
//! (each group a contiguous arc, labelled), the strongest tie first within a group. Edges to the
//! middle are as thick as the tie is strong; ties between two of the people are drawn too, thinner.

use std::fmt::Write;

use crate::ContactId;

/// The most people drawn around a contact: the strongest ties.
pub const EGO_MOST: usize = 24;

/// Someone on the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: ContactId,
    pub name: String,
    /// The group the node is drawn in ("Globex"; "" for none).
    pub group: String,
}

/// A tie drawn between two nodes, with its strength (the strength formula's value today).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub a: ContactId,
    pub b: ContactId,
    pub strength: f64,
}

const SIZE: f64 = 640.0;
const RING: f64 = 220.0;

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A line's width for a strength: 1 px for a weak tie, up to 7 px for a strong one.
pub(crate) fn width(strength: f64) -> f64 {
    (1.0 + strength.min(6.0)).min(7.0)
}

/// Draws `center` with the people around it. `around` is cut to the [`EGO_MOST`] strongest ties
/// to the center; `edges` may hold ties between any two drawn people (others are left out).
/// Each person links to their page (`/contacts/{id}`).
pub fn ego_svg(center: &Node, around: &[Node], edges: &[Edge]) -> String {
    let strength_to = |id: ContactId| {
        edges
            .iter()
            .filter(|e| (e.a == center.id && e.b == id) || (e.b == center.id && e.a == id))
            .map(|e| e.strength)
            .fold(0.0, f64::max)
    };
    let mut people: Vec<&Node> = around.iter().filter(|n| n.id != center.id).collect();
    people.sort_by(|a, b| strength_to(b.id).total_cmp(&strength_to(a.id)).then(a.id.cmp(&b.id)));
    people.truncate(EGO_MOST);
    // Grouped by organization: the groups in order of their strongest member, then by strength.
    let mut groups: Vec<(&str, Vec<&Node>)> = Vec::new();
    for n in &people {
        match groups.iter_mut().find(|(g, _)| *g == n.group) {
            Some((_, members)) => members.push(n),
            None => groups.push((n.group.as_str(), vec![n])),
        }
    }
    let ordered: Vec<&Node> = groups.iter().flat_map(|(_, m)| m.iter().copied()).collect();
    let c = SIZE / 2.0;
    let place = |k: usize| {
        let angle = std::f64::consts::TAU * k as f64 / ordered.len().max(1) as f64 - std::f64::consts::FRAC_PI_2;
        (c + RING * angle.cos(), c + RING * angle.sin(), angle)
    };
    let at = |id: ContactId| {
        if id == center.id {
            return Some((c, c));
        }
        ordered.iter().position(|n| n.id == id).map(|k| {
            let (x, y, _) = place(k);
            (x, y)
        })
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" class="graph" role="group" aria-labelledby="graph-title"><title id="graph-title">{} and the {} tied to them, grouped by organization</title>"#,
        esc(&center.name),
        if ordered.len() == 1 { "1 person".to_string() } else { format!("{} people", ordered.len()) }
    );
    // Ties between two of the people first, under the rest.
    for e in edges.iter().filter(|e| e.a != center.id && e.b != center.id) {
        if let (Some((x1, y1)), Some((x2, y2))) = (at(e.a), at(e.b)) {
            let _ = write!(
                svg,
                r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" class="tie-between" stroke-width="{:.1}"/>"#,
                width(e.strength) / 2.0
            );
        }
    }
    for (k, n) in ordered.iter().enumerate() {
        let (x, y, _) = place(k);
        let _ = write!(
            svg,
            r#"<line x1="{c:.1}" y1="{c:.1}" x2="{x:.1}" y2="{y:.1}" class="tie" stroke-width="{:.1}"/>"#,
            width(strength_to(n.id))
        );
    }
    // Each group's name outside its arc.
    let mut k = 0;
    for (group, members) in &groups {
        let mid = k as f64 + (members.len() as f64 - 1.0) / 2.0;
        k += members.len();
        if group.is_empty() {
            continue;
        }
        let angle = std::f64::consts::TAU * mid / ordered.len().max(1) as f64 - std::f64::consts::FRAC_PI_2;
        let (x, y) = (c + (RING + 62.0) * angle.cos(), c + (RING + 62.0) * angle.sin());
        let _ = write!(svg, r#"<text x="{x:.1}" y="{y:.1}" class="group" text-anchor="middle">{}</text>"#, esc(group));
    }
    for (k, n) in ordered.iter().enumerate() {
        let (x, y, angle) = place(k);
        let anchor = if angle.cos() < -0.2 {
            "end"
        } else if angle.cos() > 0.2 {
            "start"
        } else {
            "middle"
        };
        let (lx, ly) = (x + 12.0 * angle.cos(), y + 12.0 * angle.sin() + 4.0);
        let _ = write!(
            svg,
            r#"<a href="/contacts/{id}"><circle cx="{x:.1}" cy="{y:.1}" r="7" class="person"/><text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}">{name}</text></a>"#,
            id = n.id,
            name = esc(&n.name)
        );
    }
    let _ = write!(
        svg,
        r#"<circle cx="{c}" cy="{c}" r="11" class="center"/><text x="{c}" y="{}" text-anchor="middle" class="center-name">{}</text></svg>"#,
        c + 28.0,
        esc(&center.name)
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: ContactId, name: &str, group: &str) -> Node {
        Node { id, name: name.into(), group: group.into() }
    }

    #[test]
    fn the_strongest_ties_are_drawn_grouped_and_escaped() {
        let center = node(1, "Ada <Countess>", "");
        let mut around = vec![node(2, "Grace", "Navy"), node(3, "Alan", "Globex"), node(4, "Bob", "Globex")];
        let mut edges = vec![
            Edge { a: 1, b: 2, strength: 5.0 },
            Edge { a: 3, b: 1, strength: 1.0 },
            Edge { a: 1, b: 4, strength: 0.5 },
            Edge { a: 3, b: 4, strength: 2.0 },
        ];
        let svg = ego_svg(&center, &around, &edges);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Ada &lt;Countess&gt; and the 3 people tied to them"));
        assert_eq!(svg.matches(r#"class="person""#).count(), 3);
        assert_eq!(svg.matches(r#"class="tie-between""#).count(), 1);
        assert!(svg.contains(r#"class="group" text-anchor="middle">Globex</text>"#));
        assert!(svg.contains(r#"stroke-width="6.0""#), "the strong tie is thick");
        // Past the limit, the weakest are left out.
        for id in 10..60 {
            around.push(node(id, "Someone", ""));
            edges.push(Edge { a: 1, b: id, strength: 3.0 });
        }
        let svg = ego_svg(&center, &around, &edges);
        assert_eq!(svg.matches(r#"class="person""#).count(), EGO_MOST);
        assert!(svg.contains(">Grace<") && !svg.contains(">Bob<"));
    }
}
