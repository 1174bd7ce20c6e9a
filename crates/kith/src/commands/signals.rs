//! `signal add|list|remove`: market signals heard from the network.

use clap::Subcommand;
use kith_core::{
    date::parse_date,
    signal::{NewSignal, Signal, SignalFilter, SignalKind},
};

use crate::{
    context::Ctx,
    error::CliResult,
    output::{print_json, print_table},
};

#[derive(Debug, Subcommand)]
pub enum SignalCommand {
    /// Record news about an organization or a field: `--org Acme --kind hiring --from Ada`
    Add {
        /// The organization the news is about (created if new)
        #[arg(long, value_name = "ORG", conflicts_with = "field", required_unless_present = "field")]
        org: Option<String>,
        /// The field or market the news is about, e.g. "fintech"
        #[arg(long, value_name = "TEXT")]
        field: Option<String>,
        /// hiring, layoffs, reorganization, funding or other
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// When you heard it (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Who told you: id, e-mail, exact name or unique prefix
        #[arg(long, value_name = "WHO")]
        from: Option<String>,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Signals, newest first
    List {
        /// Only this organization's
        #[arg(long, value_name = "ORG")]
        org: Option<String>,
        /// Only this kind
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Only those heard on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// Remove a signal
    Remove {
        /// Signal id (shown by `kith signal list`)
        id: i64,
    },
}

pub async fn signal(ctx: &Ctx, cmd: SignalCommand) -> CliResult<()> {
    match cmd {
        SignalCommand::Add { org, field, kind, on, from, note } => {
            let kind: SignalKind = kind.parse()?;
            let on = on.as_deref().map(|d| parse_date("on", d)).transpose()?.unwrap_or(ctx.today);
            let from = match &from {
                Some(who) => Some(ctx.who(who).await?),
                None => None,
            };
            let new = NewSignal { org, field, kind, on, from, note }.validate(ctx.today)?;
            let id = ctx.store.add_signal(new, ctx.today).await?;
            let stored = ctx.store.signals(&SignalFilter { since: Some(on), ..Default::default() }).await?;
            let Some(s) = stored.into_iter().find(|s| s.id == id) else {
                return Err(kith_store::StoreError::not_found("signal", id).into());
            };
            if ctx.json {
                return print_json(&s);
            }
            say!("Signal #{id}: {} — {} on {}{}", s.subject(), s.kind, s.on, from_text(&s));
            Ok(())
        }
        SignalCommand::List { org, kind, since } => {
            let filter = SignalFilter {
                org_name: org,
                kind: kind.as_deref().map(str::parse).transpose()?,
                since: since.as_deref().map(|d| parse_date("since", d)).transpose()?,
                ..Default::default()
            };
            let signals = ctx.store.signals(&filter).await?;
            if ctx.json {
                return print_json(&signals);
            }
            let st = &ctx.style;
            let mut table = st.table(&["ID", "ON", "ABOUT", "KIND", "FROM", "NOTE"]);
            for s in &signals {
                table.add_row(vec![
                    st.dim(comfy_table::Cell::new(s.id)),
                    comfy_table::Cell::new(s.on),
                    comfy_table::Cell::new(s.subject()),
                    comfy_table::Cell::new(s.kind),
                    comfy_table::Cell::new(s.from.as_deref().unwrap_or("")),
                    comfy_table::Cell::new(s.note.as_deref().unwrap_or("")),
                ]);
            }
            print_table(&table, "No signals. Record one with: kith signal add --org Acme --kind hiring")
        }
        SignalCommand::Remove { id } => {
            ctx.store.remove_signal(id).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "id": id, "removed": true }));
            }
            say!("Signal #{id} removed.");
            Ok(())
        }
    }
}

fn from_text(s: &Signal) -> String {
    s.from.as_deref().map(|f| format!(" (from {f})")).unwrap_or_default()
}
