//! What the introduction finder reads, in a handful of indexed queries: the targets' jobs and
//! everyone who worked where they did, the targets' inferred ties and relationships, and how the
//! user knows each person involved. Thousands of rows at a big organization: each query answers
//! in one JSON value (one round trip, not one per row), and people are read without their names
//! (the finder names only the few it keeps).

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, OrgId, Role,
    contact::name_key,
    intro::{Link, Network, Reach, Stint},
    ties::InferredTie,
};
use tracing::instrument;

use crate::{IntroStore, StoreResult, dialect::Dialect};

use super::rows::{bad_data, cadence, id_list, json_rows, org_id_by_key, parse_circle, warmth_of};
use super::{Conn, D, ThisStore};

fn real(v: Option<String>, what: &str) -> StoreResult<Option<f64>> {
    v.map(|m| m.parse::<f64>().map_err(|_| bad_data(what, &m))).transpose()
}

/// A job as read: contact, organization, its name, since, until.
type JobRow = (ContactId, OrgId, String, Option<NaiveDate>, Option<NaiveDate>);
/// How the user knows someone, as read: id, circle, custom cadence, latest touch, the warmth and
/// strength masses as exact text.
type ReachRow = (ContactId, String, Option<i64>, Option<NaiveDate>, Option<String>, Option<String>);

/// The jobs (current employers and past jobs) matching `condition` (on `contact_id` and `org_id`),
/// as a `FROM` clause of rows `x(contact_id, org_id, since, until)`; `$1` the owner.
fn jobs_from(condition: &str) -> String {
    let employee = Role::Employee.as_str();
    format!(
        "FROM (SELECT contact_id, org_id, since, until FROM memberships WHERE owner_id = $1 \
         AND role = '{employee}' AND {condition} UNION ALL SELECT contact_id, org_id, since, until \
         FROM past_jobs WHERE owner_id = $1 AND {condition}) x"
    )
}

/// The jobs matching `condition` (see [`jobs_from`]), their organizations named.
async fn named_jobs(what: &str, conn: &mut Conn, condition: &str, owner: i64) -> StoreResult<Vec<Stint>> {
    let rows: Vec<JobRow> = json_rows(
        what,
        conn,
        "x.contact_id, x.org_id, o.name, x.since, x.until",
        &format!("{} JOIN organizations o ON o.id = x.org_id", jobs_from(condition)),
        owner,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|(contact, org_id, org, since, until)| Stint { contact, org_id, org, since, until })
        .collect())
}

/// The inferred ties matching `a_side` (on `a`, `b`) and those matching `b_side`, each read once.
async fn ties_where(
    what: &str,
    conn: &mut Conn,
    a_side: &str,
    b_side: &str,
    owner: i64,
) -> StoreResult<Vec<InferredTie>> {
    let rows: Vec<(ContactId, ContactId, u32, u32, u32, NaiveDate, String)> = json_rows(
        what,
        conn,
        &format!("x.a, x.b, x.touches, x.mails, x.events, x.last_on, {}", D::exact_real("x.strength")),
        &format!(
            "FROM (SELECT a, b, touches, mails, events, last_on, strength FROM ties WHERE owner_id = $1 \
             AND {a_side} UNION ALL SELECT a, b, touches, mails, events, last_on, strength FROM ties \
             WHERE owner_id = $1 AND {b_side}) x"
        ),
        owner,
    )
    .await?;
    rows.into_iter()
        .map(|(a, b, touches, mails, events, last_on, strength)| {
            let strength = real(Some(strength), "tie strength")?.unwrap_or(0.0);
            Ok(InferredTie { a, b, touches, mails, events, last_on, strength })
        })
        .collect()
}

/// How the user knows the contacts matching `condition` (on `c`), archived people left out.
async fn reach_where(what: &str, conn: &mut Conn, condition: &str, owner: i64) -> StoreResult<Vec<Reach>> {
    let rows: Vec<ReachRow> = json_rows(
        what,
        conn,
        &format!(
            "c.id, c.circle, c.custom_cadence_days, c.last_touch_on, {}, {}",
            D::exact_real("c.warmth_mass"),
            D::exact_real("c.strength_mass")
        ),
        &format!("FROM contacts c WHERE {condition} AND c.archived = FALSE"),
        owner,
    )
    .await?;
    rows.into_iter()
        .map(|(id, circle, custom, last, mass, strength)| {
            let warmth = warmth_of(last, real(mass, "warmth")?, real(strength, "strength")?);
            Ok(Reach { id, circle: parse_circle(&circle)?, custom_cadence_days: cadence(custom), warmth })
        })
        .collect()
}

/// The relationships of `targets`, each from its other person's side.
async fn links_of(conn: &mut Conn, targets: &[ContactId], owner: i64) -> StoreResult<Vec<Link>> {
    let t = id_list(targets);
    let rows: Vec<(ContactId, String, String, ContactId)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT from_contact_id, kind, inverse, to_contact_id FROM relationships WHERE owner_id = $1 \
         AND (from_contact_id IN {t} OR to_contact_id IN {t})"
    )))
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let wanted: HashSet<ContactId> = targets.iter().copied().collect();
    let mut links = Vec::new();
    for (from, kind, inverse, to) in rows {
        if wanted.contains(&to) {
            links.push(Link { a: from, word: kind.clone(), b: to, kind: kind.clone() });
        }
        if wanted.contains(&from) {
            links.push(Link { a: to, word: inverse, b: from, kind });
        }
    }
    Ok(links)
}

#[async_trait]
impl IntroStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn org_named(&self, name: &str) -> StoreResult<Option<(OrgId, String)>> {
        let mut conn = self.pool.acquire().await?;
        let Some(id) = org_id_by_key(&mut conn, self.owner, &name_key(name)).await? else { return Ok(None) };
        let name: String =
            sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
        Ok(Some((id, name)))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner, targets = targets.len()))]
    async fn intro_network(&self, targets: &[ContactId]) -> StoreResult<Network> {
        let mut net = Network::default();
        if targets.is_empty() {
            return Ok(net);
        }
        // Numbers written into the statements: ids kith read itself.
        let t = id_list(targets);
        let mut conn = self.pool.acquire().await?;
        let theirs = named_jobs("the targets' jobs", &mut conn, &format!("contact_id IN {t}"), self.owner).await?;
        let org_names: HashMap<OrgId, String> = theirs.iter().map(|s| (s.org_id, s.org.clone())).collect();
        if !org_names.is_empty() {
            let mut orgs: Vec<OrgId> = org_names.keys().copied().collect();
            orgs.sort_unstable();
            // Everyone else's time at those organizations: numbers only.
            let others: Vec<(ContactId, OrgId, Option<NaiveDate>, Option<NaiveDate>)> = json_rows(
                "jobs at the targets' organizations",
                &mut conn,
                "x.contact_id, x.org_id, x.since, x.until",
                &jobs_from(&format!("org_id IN {}", id_list(&orgs))),
                self.owner,
            )
            .await?;
            // The targets' own jobs are read above, with their organizations' names.
            let wanted: HashSet<ContactId> = targets.iter().copied().collect();
            net.stints = theirs;
            net.stints.extend(others.into_iter().filter(|s| !wanted.contains(&s.0)).map(
                |(contact, org_id, since, until)| Stint {
                    contact,
                    org_id,
                    org: org_names.get(&org_id).cloned().unwrap_or_default(),
                    since,
                    until,
                },
            ));
        }
        // A tie between two targets is read once, from its `a` side.
        net.ties = ties_where(
            "the targets' ties",
            &mut conn,
            &format!("a IN {t}"),
            &format!("b IN {t} AND a NOT IN {t}"),
            self.owner,
        )
        .await?;
        net.links = links_of(&mut conn, targets, self.owner).await?;

        let mut people: Vec<ContactId> = targets.to_vec();
        people.extend(net.stints.iter().map(|s| s.contact));
        people.extend(net.ties.iter().flat_map(|t| [t.a, t.b]));
        people.extend(net.links.iter().map(|l| l.a));
        people.sort_unstable();
        people.dedup();
        // `+`: the id list, not the owner index, drives the lookup.
        let condition = format!("+c.owner_id = $1 AND c.id IN {}", id_list(&people));
        for r in reach_where("how you know each person", &mut conn, &condition, self.owner).await? {
            net.people.insert(r.id, r);
        }
        Ok(net)
    }
}
