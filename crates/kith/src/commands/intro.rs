//! `intro (--org ORG | WHO)`: whom you can reach there, directly or through someone you know.

use clap::{ArgGroup, Args};
use kith_app::intros::{self, DEFAULT_PATHS, IntroQuery};

use crate::{
    context::Ctx,
    error::{CliError, CliResult},
    output::print_json,
};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("whom").required(true).args(["who", "org"])))]
pub struct IntroArgs {
    /// The person to reach: id, e-mail, exact name or unique prefix
    #[arg(value_name = "WHO")]
    pub who: Option<String>,
    /// Anyone at this organization
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// How many paths to list
    #[arg(long, default_value_t = DEFAULT_PATHS)]
    pub limit: usize,
    /// Draft the ask to the person in between of path N (as listed) as a campaign message
    #[arg(long, value_name = "N")]
    pub ask: Option<usize>,
}

pub async fn intro(ctx: &Ctx, args: IntroArgs) -> CliResult<()> {
    let query = match (&args.org, &args.who) {
        (Some(org), _) => IntroQuery::Org(org.clone()),
        (None, Some(who)) => IntroQuery::Person(ctx.who(who).await?),
        (None, None) => return Err(CliError::user("intro: name a person or an organization (--org)")),
    };
    let found = intros::find(ctx.store.as_ref(), &query, ctx.today, args.limit.max(1)).await?;
    if let Some(n) = args.ask {
        let path = found.paths.get(n.wrapping_sub(1)).ok_or_else(|| {
            CliError::user(format!(
                "intro --ask {n}: there are {} paths; pick one from 1 to {}",
                found.paths.len(),
                found.paths.len()
            ))
        })?;
        let id = intros::draft_ask(ctx.store.as_ref(), path, ctx.today).await?;
        if ctx.json {
            return print_json(&serde_json::json!({ "campaign": id }));
        }
        let via = path.via.as_ref().map_or("", |v| v.name.as_str());
        say!("Drafted the ask to {via} as campaign #{id}. Read and send it with: kith campaign show {id}");
        return Ok(());
    }
    if ctx.json {
        return print_json(&found);
    }
    let place = found.org.as_deref().map_or_else(String::new, |o| format!(" at {o}"));
    say!("{}", ctx.style.heading(&format!("Reaching {} {}{place}", found.targets, people(found.targets))));
    if !found.direct.is_empty() {
        say!("You know them yourself:");
        for p in &found.direct {
            say!("  • {}", p.sentence());
        }
    }
    if found.paths.is_empty() {
        say!("No way round yet: nobody else you know shares a job, a relationship, a touch or an event with them.");
        return Ok(());
    }
    say!("Through someone you know:");
    for (n, p) in found.paths.iter().enumerate() {
        say!("  {}. {}", n + 1, p.sentence());
    }
    say!();
    say!("Draft the ask to the person in between with: kith intro … --ask N");
    Ok(())
}

fn people(n: usize) -> &'static str {
    if n == 1 { "person" } else { "people" }
}
