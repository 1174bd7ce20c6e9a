//! `digest`: the weekly digest printed, mailed now, or mailed by the schedule.

use kith_app::{
    digest::{self, Digest},
    digest_schedule::{self, Schedule, Tick},
    mail::Mailer,
};

use crate::{
    cli::DigestArgs,
    context::Ctx,
    error::{CliError, CliResult},
    output::print_json,
};

pub async fn digest(ctx: &Ctx, args: DigestArgs) -> CliResult<()> {
    if args.scheduled {
        return scheduled(ctx).await;
    }
    if args.send {
        let mailer = Mailer::new(ctx.config.smtp.as_ref(), &ctx.config.me)?;
        let to = digest::recipient(ctx.config.digest.to.as_deref(), &ctx.config.me)?;
        digest_schedule::send(ctx.store.as_ref(), &ctx.config, &mailer, ctx.today).await.map_err(CliError::user)?;
        if ctx.json {
            return print_json(&serde_json::json!({ "to": to.email.to_string(), "status": "sent" }));
        }
        say!("Digest sent to {to} through {}.", mailer.server());
        return Ok(());
    }
    let d: Digest =
        digest::build(ctx.store.as_ref(), ctx.today, ctx.config.plan_size, ctx.config.week_start_day()).await?;
    if ctx.json {
        return print_json(&d);
    }
    say!("{}", digest::text(&d).trim_end());
    Ok(())
}

/// What `kith serve` does every minute, once.
async fn scheduled(ctx: &Ctx) -> CliResult<()> {
    if !ctx.config.digest.enabled {
        return Err(CliError::user(
            "digest.enabled 'false': the weekly digest is off; set enabled = true under [digest] in the configuration",
        ));
    }
    let mailer = Mailer::new(ctx.config.smtp.as_ref(), &ctx.config.me)?;
    // One tick with nothing remembered: a run after a failed one tries again at once.
    let tick =
        Schedule::default().tick(ctx.store.as_ref(), &ctx.config, &mailer, ctx.now(), chrono::Utc::now()).await?;
    let (status, week, error) = match &tick {
        Tick::NotDue | Tick::Waiting(_) => ("not_due", None, None),
        Tick::ClaimedElsewhere(w) => ("claimed_elsewhere", Some(*w), None),
        Tick::Sent(w) => ("sent", Some(*w), None),
        Tick::Failed { why, retry } => ("failed", Some(retry.week), Some(why.clone())),
    };
    if ctx.json {
        print_json(&serde_json::json!({ "status": status, "week": week.map(|w| w.to_string()), "error": error }))?;
    } else {
        match &tick {
            Tick::NotDue | Tick::Waiting(_) => say!(
                "Nothing to send: this week's digest goes out {} at {}, or was sent already.",
                ctx.config.digest.weekday,
                ctx.config.digest.time
            ),
            Tick::ClaimedElsewhere(w) => say!("The digest for {w} is being sent by another server."),
            Tick::Sent(w) => say!("Digest for {w} sent through {}.", mailer.server()),
            Tick::Failed { .. } => {}
        }
    }
    match tick {
        Tick::Failed { why, retry } => {
            Err(CliError::user(format!("{why}; the digest for {} will be tried again on the next run", retry.week)))
        }
        _ => Ok(()),
    }
}
