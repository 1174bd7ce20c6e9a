//! `relate A TYPE B` and `unrelate A B [TYPE]`.

use clap::Args;
use kith_app::relationships::{self, RelateRequest};
use kith_core::date::parse_date;

use crate::{context::Ctx, error::CliResult, output::print_json};

#[derive(Debug, Args)]
pub struct RelateArgs {
    /// The first contact: id, e-mail, exact name or unique prefix
    #[arg(value_name = "WHO")]
    pub a: String,
    /// What the first is to the second: introduced, introduced-by, manager, reports-to, mentor,
    /// mentee, colleague, former-colleague, friend, partner, family, classmate, or your own type
    /// with --inverse
    #[arg(value_name = "TYPE")]
    pub kind: String,
    /// The second contact
    #[arg(value_name = "WHO")]
    pub b: String,
    /// What the second is to the first, for a type of your own ("godparent of" → "godchild of";
    /// the same word for a symmetric tie)
    #[arg(long, value_name = "TYPE")]
    pub inverse: Option<String>,
    /// A note on the relationship
    #[arg(long)]
    pub note: Option<String>,
    /// Since when (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Until when (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct UnrelateArgs {
    #[arg(value_name = "WHO")]
    pub a: String,
    #[arg(value_name = "WHO")]
    pub b: String,
    /// Only this type of relationship (every one between the two by default)
    #[arg(value_name = "TYPE")]
    pub kind: Option<String>,
}

pub async fn relate(ctx: &Ctx, args: RelateArgs) -> CliResult<()> {
    let since = args.since.as_deref().map(|d| parse_date("since", d)).transpose()?;
    let until = args.until.as_deref().map(|d| parse_date("until", d)).transpose()?;
    let a = ctx.who(&args.a).await?;
    let b = ctx.who(&args.b).await?;
    let req = RelateRequest { kind: args.kind, inverse: args.inverse, note: args.note, since, until };
    let done = relationships::relate(ctx.store.as_ref(), a, b, req).await?;
    if ctx.json {
        return print_json(&done);
    }
    say!("{}", done.sentence);
    Ok(())
}

pub async fn unrelate(ctx: &Ctx, args: UnrelateArgs) -> CliResult<()> {
    let a = ctx.who(&args.a).await?;
    let b = ctx.who(&args.b).await?;
    let (removed, sentence) = relationships::unrelate(ctx.store.as_ref(), a, b, args.kind.as_deref()).await?;
    if ctx.json {
        return print_json(&serde_json::json!({ "removed": removed }));
    }
    say!("{sentence}");
    Ok(())
}
