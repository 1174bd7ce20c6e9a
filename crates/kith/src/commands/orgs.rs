//! `org add|list|show|join|member`.

use kith_app::events::org_page;
use kith_core::{
    OrgKind, Organization, Role, ValidationError,
    date::parse_date,
    org::{OwnMembership, Tenure, validate_org_name},
};

use crate::{
    cli::{OrgCommand, RoleArgs},
    context::Ctx,
    error::CliResult,
    output::{print_json, print_table},
};

/// An organization named by the user (case-insensitively) or by its id.
pub async fn org_named(ctx: &Ctx, name: &str) -> CliResult<Organization> {
    let orgs = ctx.store.orgs().await?;
    let wanted = name.trim();
    orgs.into_iter()
        .find(|o| o.name.eq_ignore_ascii_case(wanted) || o.id.to_string() == wanted)
        .ok_or_else(|| ValidationError::new("org", name, "no such organization; see kith org list").into())
}

/// The role and the dates it held, each checked; errors name `role`, `since` or `until`.
fn role_held(args: &RoleArgs) -> CliResult<(Role, Tenure)> {
    let role: Role = args.role.parse()?;
    let since = args.since.as_deref().map(|d| parse_date("since", d)).transpose()?;
    let until = args.until.as_deref().map(|d| parse_date("until", d)).transpose()?;
    Ok((role, Tenure { since, until }.validate()?))
}

/// "board since 2025-01-01", "member 2020-01-01 to 2022-06-30", "volunteer".
fn role_with_dates(role: Role, since: Option<chrono::NaiveDate>, until: Option<chrono::NaiveDate>) -> String {
    match (since, until) {
        (Some(s), Some(u)) => format!("{role} {s} to {u}"),
        (Some(s), None) => format!("{role} since {s}"),
        (None, Some(u)) => format!("{role} until {u}"),
        (None, None) => role.to_string(),
    }
}

fn my_roles_text(roles: &[OwnMembership]) -> String {
    roles.iter().map(|m| role_with_dates(m.role, m.since, m.until)).collect::<Vec<_>>().join(", ")
}

pub async fn org(ctx: &Ctx, cmd: OrgCommand) -> CliResult<()> {
    match cmd {
        OrgCommand::Add { name, kind } => {
            let kind: OrgKind = kind.parse()?;
            let name = validate_org_name(&name)?;
            let id = ctx.store.add_org(&name, kind).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "id": id }));
            }
            let sentence = format!("Added {name} ({kind}) as organization #{id}. See it with: kith org show {id}");
            crate::output::created(ctx.style, id, &sentence);
            Ok(())
        }
        OrgCommand::List => {
            let orgs = ctx.store.orgs().await?;
            let mine = ctx.store.own_memberships(None).await?;
            if ctx.json {
                // Each organization as before, with the user's own roles there added.
                let listed: Vec<serde_json::Value> = orgs
                    .iter()
                    .map(|o| {
                        let roles: Vec<&OwnMembership> = mine.iter().filter(|m| m.org_id == o.id).collect();
                        let mut v = serde_json::to_value(o).unwrap_or_default();
                        v["my_roles"] = serde_json::to_value(roles).unwrap_or_default();
                        v
                    })
                    .collect();
                return print_json(&listed);
            }
            let st = &ctx.style;
            let mut table = st.table(&["ID", "NAME", "KIND", "PEOPLE", "MY ROLES"]);
            for o in &orgs {
                let roles: Vec<OwnMembership> = mine.iter().filter(|m| m.org_id == o.id).cloned().collect();
                table.add_row(vec![
                    st.dim(comfy_table::Cell::new(o.id)),
                    comfy_table::Cell::new(&o.name),
                    comfy_table::Cell::new(o.kind),
                    comfy_table::Cell::new(o.members),
                    comfy_table::Cell::new(my_roles_text(&roles)),
                ]);
            }
            print_table(&table, "No organizations yet. Add one with: kith org add NAME --kind association")
        }
        OrgCommand::Show { org } => {
            let id = org_named(ctx, &org).await?.id;
            let page = org_page(ctx.store.as_ref(), id, ctx.today).await?;
            if ctx.json {
                return print_json(&page);
            }
            let st = &ctx.style;
            say!("{} ({}, #{})", st.heading(&page.org.name), page.org.kind, page.org.id);
            if !page.my_roles.is_empty() {
                say!("You: {}", my_roles_text(&page.my_roles));
            }
            say!();
            say!("People ({}):", page.members.len());
            for m in &page.members {
                let title = m.title.as_deref().map(|t| format!(", {t}")).unwrap_or_default();
                say!("  {} — {}{title}", m.name, role_with_dates(m.role, m.since, m.until));
            }
            let year: u32 = page.per_month.iter().map(|m| m.events).sum();
            say!();
            say!("Events in the last twelve months: {year}");
            let months: Vec<String> =
                page.per_month.iter().map(|m| format!("{} {}", m.month.format("%b"), m.events)).collect();
            say!("  {}", months.join(" · "));
            say!();
            say!("Attendance:");
            if page.events.is_empty() {
                say!(
                    "  No events here yet. Record one with: kith event add TITLE --kind meeting --org \"{}\"",
                    page.org.name
                );
            }
            for e in &page.events {
                let who: Vec<&str> = e.people.iter().map(|p| p.name.as_str()).collect();
                let who = if who.is_empty() { String::new() } else { format!(" — with {}", who.join(", ")) };
                say!("  {} {} ({}, #{}){who}", e.on, e.title, e.kind, e.id);
            }
            Ok(())
        }
        OrgCommand::Join { who, org, role } => {
            let (role, tenure) = role_held(&role)?;
            let org = validate_org_name(&org)?;
            let id = ctx.who(&who).await?;
            ctx.store.join_org(id, &org, role, tenure).await?;
            if ctx.json {
                return print_json(&serde_json::json!({
                    "contact_id": id, "org": org, "role": role, "since": tenure.since, "until": tenure.until
                }));
            }
            let c = ctx.store.contact(id).await?;
            say!("{} is now {role} at {org}.", c.name);
            Ok(())
        }
        OrgCommand::Member { org, role } => {
            let (role, tenure) = role_held(&role)?;
            let name = validate_org_name(&org)?;
            let org_id = ctx.store.set_own_membership(&name, role, tenure).await?;
            let mine = ctx.store.own_memberships(Some(org_id)).await?;
            if ctx.json {
                return print_json(&mine);
            }
            let org_name = mine.first().map_or(name.as_str(), |m| m.org.as_str());
            say!("You at {org_name}: {}.", my_roles_text(&mine));
            Ok(())
        }
    }
}
