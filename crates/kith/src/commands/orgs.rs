//! `org add|list|join`.

use kith_core::{OrgKind, Role, org::validate_org_name};

use crate::{
    cli::OrgCommand,
    context::Ctx,
    error::CliResult,
    output::{print_json, print_table},
};

pub async fn org(ctx: &Ctx, cmd: OrgCommand) -> CliResult<()> {
    match cmd {
        OrgCommand::Add { name, kind } => {
            let kind: OrgKind = kind.parse()?;
            let name = validate_org_name(&name)?;
            let id = ctx.store.add_org(&name, kind).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "id": id }));
            }
            say!("{id}");
            Ok(())
        }
        OrgCommand::List => {
            let orgs = ctx.store.orgs().await?;
            if ctx.json {
                return print_json(&orgs);
            }
            let st = &ctx.style;
            let mut table = st.table(&["ID", "NAME", "KIND", "PEOPLE"]);
            for o in &orgs {
                table.add_row(vec![
                    st.dim(comfy_table::Cell::new(o.id)),
                    comfy_table::Cell::new(&o.name),
                    comfy_table::Cell::new(o.kind),
                    comfy_table::Cell::new(o.members),
                ]);
            }
            print_table(&table, "No organizations yet. Add one with: kith org add NAME --kind association")
        }
        OrgCommand::Join { who, org, role } => {
            let role: Role = role.parse()?;
            let org = validate_org_name(&org)?;
            let id = ctx.who(&who).await?;
            ctx.store.join_org(id, &org, role).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "contact_id": id, "org": org, "role": role }));
            }
            let c = ctx.store.contact(id).await?;
            say!("{} is now {role} at {org}.", c.name);
            Ok(())
        }
    }
}
