//! The network drawn. A contact's ego network: the people tied to them — by what kith inferred,
//! by the relationships the user entered, by working at the same organization now — grouped by
//! organization, with the ties among those people. The network map: everyone (or a circle, or
//! an organization and the people tied to it) in clusters by organization, the strongest ties.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use kith_core::{
    Circle, ContactId,
    graph::{EGO_MOST, Edge, Node, ego_svg},
    network_map::{NetworkMap, draw},
    ties::relationship_weight,
};
use kith_store::{ContactFilter, Store, StoreResult};

use crate::profile::Profile;

/// How much working at the same organization now counts for a tie on the drawing (a medium tie).
const COLLEAGUE_NOW: f64 = kith_core::warmth::MEDIUM_TIE;

/// Colleagues drawn at most (the biggest employers have hundreds).
const COLLEAGUES_READ: usize = 12;

/// The SVG of the ego network of the contact `profile` shows (its contact, relationships and
/// memberships read already); `None` when nobody is tied to them yet.
pub async fn ego(store: &dyn Store, profile: &Profile, today: NaiveDate) -> StoreResult<Option<String>> {
    let contact = &profile.contact;
    let id = contact.id;
    let mut strength: HashMap<ContactId, f64> = HashMap::new();
    for t in store.ties_of(&[id]).await? {
        let other = if t.a == id { t.b } else { t.a };
        *strength.entry(other).or_default() += t.strength_on(today);
    }
    for r in &profile.relations {
        // The kept pair's word decides the weight, whichever side reads it.
        let kind = kith_core::relationship::RelationKind::parse(&r.word, Some(&r.other_word)).map(|(k, _)| k.kind);
        *strength.entry(r.other).or_default() += relationship_weight(&kind.unwrap_or_default());
    }
    if let Some(org_id) = profile.memberships.iter().find(|m| Some(&m.org) == contact.org.as_ref()).map(|m| m.org_id) {
        for m in store.org_members(org_id).await?.into_iter().filter(|m| m.contact_id != id).take(COLLEAGUES_READ) {
            *strength.entry(m.contact_id).or_default() += COLLEAGUE_NOW;
        }
    }
    if strength.is_empty() {
        return Ok(None);
    }
    let mut ranked: Vec<(ContactId, f64)> = strength.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(EGO_MOST);
    let ids: Vec<ContactId> = ranked.iter().map(|(id, _)| *id).collect();
    let drawn: HashSet<ContactId> = ids.iter().copied().collect();
    let briefs = store.briefs_of(&ids).await?;
    let around: Vec<Node> = briefs
        .iter()
        .filter(|b| !b.archived)
        .map(|b| Node { id: b.id, name: b.name.clone(), group: b.org.clone().unwrap_or_default() })
        .collect();
    let mut edges: Vec<Edge> = ranked.iter().map(|&(other, s)| Edge { a: id, b: other, strength: s }).collect();
    for t in store.ties_of(&ids).await? {
        if t.a != id && t.b != id && drawn.contains(&t.a) && drawn.contains(&t.b) {
            edges.push(Edge { a: t.a, b: t.b, strength: t.strength_on(today) });
        }
    }
    let center = Node { id, name: contact.name.clone(), group: contact.org.clone().unwrap_or_default() };
    Ok(Some(ego_svg(&center, &around, &edges)))
}

/// What the network map shows: everyone, or one circle, or the people at one organization and
/// everyone tied to them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapFilter {
    pub circle: Option<Circle>,
    pub org: Option<String>,
}

/// The whole network drawn (see `kith_core::network_map`), filtered: the inferred ties and the
/// relationships the user entered. An organization kith does not know is an error that names the
/// nearest ones it does.
pub async fn network(store: &dyn Store, filter: &MapFilter, today: NaiveDate) -> StoreResult<NetworkMap> {
    let org = match &filter.org {
        Some(name) => match store.org_named(name).await? {
            Some((_, org)) => Some(org),
            None => return Err(crate::intros::unknown_org(store, name).await),
        },
        None => None,
    };
    let people = store.list_briefs(&ContactFilter { circle: filter.circle, ..ContactFilter::default() }, today).await?;
    let ids: Vec<ContactId> = people.iter().map(|b| b.id).collect();
    let mut ties: Vec<Edge> = store
        .ties_of(&ids)
        .await?
        .into_iter()
        .map(|t| Edge { a: t.a, b: t.b, strength: t.strength_on(today) })
        .collect();
    // A relationship the user entered is a tie as strong as its kind says (as on the contact
    // page); `draw` adds it to an inferred tie between the same two.
    let pairs = store.relationship_pairs().await?;
    ties.extend(pairs.into_iter().map(|(a, kind, b)| Edge { a, b, strength: relationship_weight(&kind) }));
    let mut nodes: Vec<Node> =
        people.into_iter().map(|b| Node { id: b.id, name: b.name, group: b.org.unwrap_or_default() }).collect();
    if let Some(org) = org {
        // The organization's people, and everyone tied to one of them.
        let mut keep: HashSet<ContactId> = nodes.iter().filter(|n| n.group == org).map(|n| n.id).collect();
        let at_org = keep.clone();
        for e in &ties {
            if at_org.contains(&e.a) {
                keep.insert(e.b);
            }
            if at_org.contains(&e.b) {
                keep.insert(e.a);
            }
        }
        nodes.retain(|n| keep.contains(&n.id));
    }
    Ok(draw(&nodes, &ties))
}
