//! What the introduction finder reads, in a handful of indexed queries: the targets' jobs and
//! everyone who worked where they did, the targets' inferred ties and relationships, and each
//! person involved as the user knows them.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, OrgId, Role,
    contact::name_key,
    intro::{Link, Network, Stint},
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{ContactStore, IntroStore, StoreResult, TieStore};

use super::rows::{id_list, org_id_by_key, push_ids};
use super::{Db, ThisStore};

type StintRow = (ContactId, OrgId, String, Option<String>, Option<NaiveDate>, Option<NaiveDate>);

/// Current employers (the contact's title with them) and past jobs, of the people `filter` names.
fn stints_sql(current: &str, past: &str) -> String {
    format!(
        "SELECT m.contact_id, m.org_id, o.name, CASE WHEN c.org_id = m.org_id THEN c.title END, m.since, m.until \
         FROM memberships m JOIN organizations o ON o.id = m.org_id JOIN contacts c ON c.id = m.contact_id \
         WHERE m.owner_id = $1 AND m.role = '{employee}' AND c.archived = FALSE AND {current} \
         UNION ALL SELECT p.contact_id, p.org_id, o.name, p.title, p.since, p.until FROM past_jobs p \
         JOIN organizations o ON o.id = p.org_id JOIN contacts c ON c.id = p.contact_id \
         WHERE p.owner_id = $1 AND c.archived = FALSE AND {past}",
        employee = Role::Employee.as_str()
    )
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
        // Numbers written into the statements; a handful of targets, never thousands.
        let targets_list = id_list(targets);
        let mut conn = self.pool.acquire().await?;
        let sql = stints_sql(&format!("m.contact_id IN {targets_list}"), &format!("p.contact_id IN {targets_list}"));
        let theirs: Vec<StintRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).fetch_all(&mut *conn).await?;
        let mut orgs: Vec<OrgId> = theirs.iter().map(|s| s.1).collect();
        orgs.sort_unstable();
        orgs.dedup();
        let mut stints: Vec<StintRow> = Vec::new();
        if !orgs.is_empty() {
            let list = id_list(&orgs);
            let sql = stints_sql(&format!("m.org_id IN {list}"), &format!("p.org_id IN {list}"));
            stints = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).fetch_all(&mut *conn).await?;
        }
        net.stints = stints
            .into_iter()
            .map(|(contact, org_id, org, title, since, until)| Stint { contact, org_id, org, title, since, until })
            .collect();

        let mut qb = QueryBuilder::<Db>::new(
            "SELECT from_contact_id, kind, inverse, to_contact_id FROM relationships WHERE owner_id = ",
        );
        qb.push_bind(self.owner).push(" AND (from_contact_id IN ");
        push_ids(&mut qb, targets);
        qb.push(" OR to_contact_id IN ");
        push_ids(&mut qb, targets);
        qb.push(")");
        let rows: Vec<(ContactId, String, String, ContactId)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        drop(conn);
        let wanted: HashSet<ContactId> = targets.iter().copied().collect();
        for (from, kind, inverse, to) in rows {
            // Each relationship of a target, from its other person's side.
            if wanted.contains(&to) {
                net.links.push(Link { a: from, word: kind.clone(), b: to, kind: kind.clone() });
            }
            if wanted.contains(&from) {
                net.links.push(Link { a: to, word: inverse, b: from, kind });
            }
        }
        net.ties = self.ties_of(targets).await?;

        let mut people: Vec<ContactId> = targets.to_vec();
        people.extend(net.stints.iter().map(|s| s.contact));
        people.extend(net.ties.iter().flat_map(|t| [t.a, t.b]));
        people.extend(net.links.iter().map(|l| l.a));
        people.sort_unstable();
        people.dedup();
        net.people = self.briefs_of(&people).await?.into_iter().map(|b| (b.id, b)).collect();
        Ok(net)
    }
}
