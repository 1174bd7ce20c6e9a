//! `duplicates` lists contacts that may be one person; `merge WHO WHO` makes them one.

use clap::Args;
use kith_app::duplicates;
use kith_core::duplicate::Keep;

use crate::{
    context::Ctx,
    error::{CliError, CliResult},
    output::print_json,
    table::TableOut,
};

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The contact kept (id, e-mail, exact name or unique prefix): its id and page stay
    #[arg(value_name = "WHO", required_unless_present = "undo")]
    pub first: Option<String>,
    /// The contact merged into it and removed; everything it holds moves to the first
    #[arg(value_name = "WHO", required_unless_present = "undo")]
    pub second: Option<String>,
    /// Undo the last merge: both contacts as they were (the one merged away under a new id)
    #[arg(long, conflicts_with_all = ["first", "second", "keep", "dry_run"])]
    pub undo: bool,
    /// Where both have a different value, the side to keep: FIELD=first|second (notes: also both);
    /// repeatable. Without it the first's value stays, the closer circle wins, both notes are kept
    #[arg(long, value_name = "FIELD=SIDE")]
    pub keep: Vec<String>,
    /// Show what would be kept without merging
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// How many pairs to list
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: u32,
}

pub async fn merge(ctx: &Ctx, args: MergeArgs) -> CliResult<()> {
    if args.undo {
        let (undone, sentence) = duplicates::undo(ctx.store.as_ref(), ctx.today).await?;
        if ctx.json {
            return print_json(&undone);
        }
        say!("{sentence}");
        return Ok(());
    }
    let keep = args.keep.iter().map(|k| Keep::parse("--keep", k)).collect::<Result<Vec<_>, _>>()?;
    let (Some(first_who), Some(second_who)) = (&args.first, &args.second) else {
        return Err(CliError::user("merge: name two contacts: kith merge WHO WHO (or --undo)"));
    };
    let first = ctx.who(first_who).await?;
    let second = ctx.who(second_who).await?;
    if first == second {
        return Err(CliError::user(format!(
            "merge '{first_who}' '{second_who}': both are contact #{first}; name two different contacts \
             (kith duplicates lists pairs)"
        )));
    }
    if args.dry_run {
        let p = duplicates::preview(ctx.store.as_ref(), first, second, &keep).await?;
        if ctx.json {
            return print_json(&serde_json::json!({
                "kept": first, "removed": second, "differences": p.plan.differences,
            }));
        }
        say!("Merging {} (#{}) into {} (#{}) would keep:", p.second.name, second, p.first.name, first);
        return print_differences(ctx, &p.plan.differences);
    }
    let done = duplicates::merge(ctx.store.as_ref(), first, second, &keep).await?;
    if ctx.json {
        return print_json(&done);
    }
    let moved = duplicates::moved_phrase(&done.report);
    say!("Merged #{second} into {} (#{first}): {moved}. Undo with: kith merge --undo", done.name);
    print_differences(ctx, &done.differences)
}

fn print_differences(ctx: &Ctx, differences: &[kith_core::duplicate::Difference]) -> CliResult<()> {
    if differences.is_empty() {
        say!("They differ on nothing else: e-mails, phones and tags are joined.");
        return Ok(());
    }
    let mut table = TableOut::new(ctx.style, &["FIELD", "FIRST", "SECOND", "KEPT"]);
    for d in differences {
        table.row().cell(d.field).cell(&d.first).cell(&d.second).cell(d.kept.as_str());
    }
    table.print("")?;
    say!("Choose another side with --keep FIELD=first|second (notes: also both).");
    Ok(())
}

pub async fn list(ctx: &Ctx, args: DuplicatesArgs) -> CliResult<()> {
    let pairs = ctx.store.possible_duplicates(args.limit).await?;
    if ctx.json {
        return print_json(&pairs);
    }
    let mut table = TableOut::new(ctx.style, &["FIRST", "SECOND", "WHY"]);
    for p in &pairs {
        table
            .row()
            .cell(format_args!("#{} {}", p.first.id, p.first.name))
            .cell(format_args!("#{} {}", p.second.id, p.second.name))
            .cell(p.reason.explain(&p.shared));
    }
    table.print("No possible duplicates.")?;
    if !pairs.is_empty() {
        say!("Merge a pair with: kith merge {} {}", pairs[0].first.id, pairs[0].second.id);
    }
    Ok(())
}
