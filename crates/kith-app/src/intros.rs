//! The introduction finder for the CLI (`kith intro`), the web page and the API: whom the user can
//! reach at an organization or one person, and the ask to the person in between, drafted as a
//! campaign message.

use std::collections::HashMap;

use chrono::NaiveDate;
use kith_core::{
    ContactId, ValidationError,
    intro::{IntroPath, Target, paths},
};
use kith_store::{NewCampaign, Store, StoreError, StoreResult};
use serde::Serialize;

/// Paths listed unless asked otherwise.
pub const DEFAULT_PATHS: usize = 10;

/// Whom to reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntroQuery {
    /// Anyone at the organization of that name.
    Org(String),
    /// That person.
    Person(ContactId),
}

/// What `kith intro --json` and `GET /api/v1/intros` answer.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Intros {
    /// The organization as kith names it, for an organization's search.
    pub org: Option<String>,
    /// How many people the search could reach (at the organization, or the one person).
    pub targets: usize,
    /// The people there you know yourself, the closest first (`via` is null): write to them.
    pub direct: Vec<IntroPath>,
    /// The ways to reach the others through someone you know, the best first; each is better
    /// than writing to its target yourself.
    pub paths: Vec<IntroPath>,
}

/// Finds the paths to `query`, at most `limit`. An organization kith does not know is an error
/// that names the nearest ones it does.
pub async fn find(store: &dyn Store, query: &IntroQuery, today: NaiveDate, limit: usize) -> StoreResult<Intros> {
    let (org, targets) = match query {
        IntroQuery::Org(name) => {
            let Some((id, org)) = store.org_named(name).await? else { return Err(unknown_org(store, name).await) };
            let members = store.org_members(id).await?;
            let mut targets: Vec<Target> = Vec::new();
            for m in members {
                // Someone with two roles there is one target.
                if targets.iter().any(|t| t.id == m.contact_id) {
                    continue;
                }
                let role = match (&m.title, m.role) {
                    (Some(title), kith_core::Role::Employee) => format!("{title} at {org}"),
                    (None, kith_core::Role::Employee) => format!("at {org}"),
                    (_, role) => format!("{role} at {org}"),
                };
                targets.push(Target { id: m.contact_id, name: m.name, role });
            }
            (Some(org), targets)
        }
        IntroQuery::Person(id) => {
            let c = store.contact(*id).await?;
            let role = match (&c.title, &c.org) {
                (Some(t), Some(o)) => format!("{t} at {o}"),
                (None, Some(o)) => format!("at {o}"),
                (Some(t), None) => t.clone(),
                (None, None) => "in your contacts".to_string(),
            };
            (None, vec![Target { id: c.id, name: c.name, role }])
        }
    };
    let ids: Vec<ContactId> = targets.iter().map(|t| t.id).collect();
    let net = store.intro_network(&ids).await?;
    let mut found = paths(&targets, &net, today, limit);
    // Only the people kept are named: the search weighed thousands at a big organization.
    let names: HashMap<ContactId, String> =
        store.briefs_of(&found.unnamed()).await?.into_iter().map(|b| (b.id, b.name)).collect();
    found.name(|id| names.get(&id).cloned());
    Ok(Intros { org, targets: targets.len(), direct: found.direct, paths: found.through })
}

/// "no organization named 'Globx' in your network; the nearest: Globex, Global Bank".
pub(crate) async fn unknown_org(store: &dyn Store, name: &str) -> StoreError {
    let orgs = match store.orgs().await {
        Ok(orgs) => orgs,
        Err(e) => return e,
    };
    let wanted = name.trim().to_lowercase();
    let mut near: Vec<(f64, String)> = orgs
        .into_iter()
        .map(|o| {
            let lower = o.name.to_lowercase();
            let similar = if lower.contains(&wanted) || wanted.contains(&lower) {
                1.0
            } else {
                strsim::jaro_winkler(&wanted, &lower)
            };
            (similar, o.name)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let names: Vec<String> = near.into_iter().take(3).map(|(_, n)| n).collect();
    let message = if names.is_empty() {
        "no organization of that name in your network; `kith org list` shows them".to_string()
    } else {
        format!("no organization of that name in your network; the nearest: {}", names.join(", "))
    };
    StoreError::Invalid(ValidationError::new("org", name, message))
}

/// The ask to the person in between, as a campaign of one: "Introduction to Alan Turing (Globex)",
/// the message naming the target and why the user asks them. Sent, replied to and booked as any
/// campaign message is, and logged as a touch when sent. Returns the campaign's id.
pub async fn draft_ask(store: &dyn Store, path: &IntroPath, today: NaiveDate) -> StoreResult<i64> {
    let Some(via) = &path.via else {
        return Err(StoreError::Invalid(ValidationError::new(
            "via",
            &path.target_name,
            "you know them: write to them directly, no introduction needed",
        )));
    };
    let target_first = path.target_name.split_whitespace().next().unwrap_or(&path.target_name);
    let subject = format!("Would you introduce me to {target_first}?");
    let body = format!(
        "Hi {{first_name}},\n\nI hope all is well with you. I am hoping to talk with {}, {}, and I \
         understand you know {target_first} ({}). Would you be comfortable introducing us? A short \
         e-mail to both of us would be perfect, and I am happy to send you a few lines you can \
         forward.\n\nThank you either way!\n",
        path.target_name, path.target_role, path.why
    );
    let campaign = NewCampaign {
        name: format!("Introduction to {} via {}", path.target_name, via.name),
        subject: escape_braces(&subject),
        body: escape_braces_except_first_name(&body),
        contacts: vec![via.id],
    };
    store.create_campaign(campaign, today).await
}

/// A template's literal braces: names and notes may hold `{` or `}`.
fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// The body, its one placeholder (`{first_name}`) kept and every other brace literal.
fn escape_braces_except_first_name(text: &str) -> String {
    escape_braces(text).replace("{{first_name}}", "{first_name}")
}
