//! `campaign new|list|show|drafts|send|mark|custom`: job-search mode.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use kith_app::{
    campaign::{self as app, CampaignView},
    campaign_send::{self, SendStatus},
    mail::Mailer,
    wording::count,
};
use kith_core::{
    Circle, Status,
    campaign::{DEFAULT_CAMPAIGN_SIZE, Stage, check_size},
};
use kith_store::{ContactFilter, NewCampaign};

use crate::{
    context::Ctx,
    error::{CliError, CliResult},
    output::{print_json, print_table},
};

#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Start a campaign: the warmest matching contacts with an e-mail address, and a template
    New(NewArgs),
    /// Campaigns, newest first, with how far each has come
    List,
    /// A campaign's board: every contact's stage and message
    Show {
        /// Campaign id
        id: i64,
    },
    /// Write each contact's message as an .eml file (RFC 5322) into a folder
    Drafts {
        /// Campaign id
        id: i64,
        /// The folder to write into (created if needed)
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        /// Sender address [default: the first of `me` in the configuration]
        #[arg(long, value_name = "ADDRESS")]
        from: Option<String>,
    },
    /// Send each drafted contact's message through the mail server ([smtp] in the configuration);
    /// each one the server accepts is logged as an e-mail and marked sent, a failed one stays
    /// drafted so sending again retries it
    Send {
        /// Campaign id
        id: i64,
        /// Only this contact (id, e-mail, exact name or unique prefix); repeatable
        #[arg(long = "only", value_name = "WHO")]
        only: Vec<String>,
        /// Show who would get a message, send nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Move a contact on the board: drafted, sent, replied, booked (a meeting), met
    Mark {
        /// Campaign id
        id: i64,
        /// The contact: id, e-mail, exact name or unique prefix
        who: String,
        #[arg(long, value_name = "STAGE")]
        stage: String,
    },
    /// Set the line {custom} stands for in one contact's message (empty clears it)
    Custom {
        /// Campaign id
        id: i64,
        /// The contact: id, e-mail, exact name or unique prefix
        who: String,
        text: String,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The campaign's name
    pub name: String,
    /// Subject template, e.g. "Coffee, {first_name}?"
    #[arg(long, value_name = "TEMPLATE")]
    pub subject: String,
    /// Body template; placeholders {first_name} {name} {org} {met_at} {last_touch} {custom}
    #[arg(long, value_name = "TEMPLATE", conflicts_with = "body_file", required_unless_present = "body_file")]
    pub body: Option<String>,
    /// Read the body template from a file
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Only contacts with this tag
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,
    /// Only contacts at this organization
    #[arg(long, value_name = "O")]
    pub org: Option<String>,
    /// Only contacts in this circle
    #[arg(long, value_name = "C")]
    pub circle: Option<String>,
    /// Only contacts with this status: warm, cooling, cold or new
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// How many contacts [default: 12]
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CAMPAIGN_SIZE)]
    pub size: usize,
}

pub async fn campaign(ctx: &Ctx, cmd: CampaignCommand) -> CliResult<()> {
    match cmd {
        CampaignCommand::New(args) => new(ctx, args).await,
        CampaignCommand::List => list(ctx).await,
        CampaignCommand::Show { id } => show(ctx, id).await,
        CampaignCommand::Drafts { id, dir, from } => drafts(ctx, id, dir, from).await,
        CampaignCommand::Send { id, only, dry_run } => send(ctx, id, &only, dry_run).await,
        CampaignCommand::Mark { id, who, stage } => {
            let stage = Stage::parse("stage", &stage)?;
            let contact = ctx.who(&who).await?;
            ctx.store.set_campaign_stage(id, contact, stage).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "campaign_id": id, "contact_id": contact, "stage": stage }));
            }
            let c = ctx.store.contact(contact).await?;
            say!("{} is now {} on campaign {id}.", c.name, stage.label().to_lowercase());
            Ok(())
        }
        CampaignCommand::Custom { id, who, text } => {
            let contact = ctx.who(&who).await?;
            let text = Some(text).filter(|t| !t.trim().is_empty());
            ctx.store.set_campaign_custom(id, contact, text.clone()).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "campaign_id": id, "contact_id": contact, "custom": text }));
            }
            say!("Custom line {}.", if text.is_some() { "set" } else { "cleared" });
            Ok(())
        }
    }
}

async fn new(ctx: &Ctx, args: NewArgs) -> CliResult<()> {
    let size = check_size("size", args.size)?;
    let body = match (args.body, &args.body_file) {
        (Some(b), _) => b,
        (None, Some(f)) => std::fs::read_to_string(f)
            .map_err(|e| CliError::user(format!("--body-file '{}': cannot read it: {e}", f.display())))?,
        (None, None) => unreachable!("clap requires --body or --body-file"),
    };
    let filter = ContactFilter {
        tag: args.tag,
        org: args.org,
        circle: args.circle.as_deref().map(str::parse::<Circle>).transpose()?,
        status: args.status.as_deref().map(str::parse::<Status>).transpose()?,
        ..ContactFilter::default()
    };
    // The templates are checked before anything is picked, so a typo is the first thing reported.
    kith_core::campaign::Template::parse("subject", &args.subject)?;
    kith_core::campaign::Template::parse("body", &body)?;
    let picked = app::pick(ctx.store.as_ref(), &filter, size, ctx.today).await?;
    if picked.contacts.is_empty() {
        return Err(CliError::user(format!(
            "no contact with an e-mail address matches the filters ({} without one); loosen --tag, --org, --circle or --status",
            picked.without_email
        )));
    }
    let campaign = NewCampaign { name: args.name, subject: args.subject, body, contacts: picked.contacts.clone() };
    let id = ctx.store.create_campaign(campaign, ctx.today).await?;
    if ctx.json {
        return print_json(&serde_json::json!({
            "id": id, "contacts": picked.contacts, "without_email": picked.without_email
        }));
    }
    let without = match picked.without_email {
        0 => String::new(),
        n => format!(" ({} matching had no e-mail address)", count(n, "contact", "contacts")),
    };
    let sentence = format!(
        "Campaign #{id}: {}{without}. See it with: kith campaign show {id}",
        count(picked.contacts.len(), "contact", "contacts")
    );
    crate::output::created(ctx.style, id, &sentence);
    if let Some(org) = &filter.org {
        let query = kith_app::intros::IntroQuery::Org(org.clone());
        if let Ok(found) = kith_app::intros::find(ctx.store.as_ref(), &query, ctx.today, 50).await {
            let through = found.paths.iter().filter(|p| p.via.is_some()).count();
            if through > 0 {
                say!("{through} ways in at {org} through people you know: kith intro --org \"{org}\"");
            }
        }
    }
    Ok(())
}

async fn list(ctx: &Ctx) -> CliResult<()> {
    let all = ctx.store.campaigns().await?;
    if ctx.json {
        return print_json(&all);
    }
    let st = &ctx.style;
    let mut table = st.table(&["ID", "NAME", "CREATED", "SIZE", "DRAFTED", "SENT", "REPLIED", "BOOKED", "MET"]);
    for c in &all {
        let mut row = vec![
            st.dim(comfy_table::Cell::new(c.id)),
            comfy_table::Cell::new(&c.name),
            comfy_table::Cell::new(c.created_on),
            comfy_table::Cell::new(c.size),
        ];
        row.extend(Stage::ALL.iter().map(|s| comfy_table::Cell::new(c.stages.get(*s))));
        table.add_row(row);
    }
    print_table(&table, "No campaigns yet. Start one with: kith campaign new NAME --subject … --body …")
}

async fn view(ctx: &Ctx, id: i64) -> CliResult<CampaignView> {
    let c = ctx.store.campaign(id).await?;
    Ok(CampaignView::new(&c)?)
}

async fn show(ctx: &Ctx, id: i64) -> CliResult<()> {
    let v = view(ctx, id).await?;
    if ctx.json {
        return print_json(&v);
    }
    let st = &ctx.style;
    say!("{}", st.heading(&format!("{} (campaign {}, {})", v.name, v.id, v.created_on)));
    for stage in Stage::ALL {
        let names: Vec<&str> = v.contacts.iter().filter(|d| d.stage == stage).map(|d| d.name.as_str()).collect();
        say!(
            "{:<15} {}",
            format!("{}:", stage.label()),
            if names.is_empty() { "—".to_string() } else { names.join(", ") }
        );
    }
    for d in &v.contacts {
        say!();
        say!("{}", st.heading(&format!("{} <{}> [{}]", d.name, d.email.as_deref().unwrap_or("no e-mail"), d.stage)));
        say!("Subject: {}", d.subject);
        say!("{}", d.body);
        // The whole message in one link: a terminal makes it clickable, and it opens the user's
        // mail program with everything filled in.
        if let Some(link) = &d.mailto {
            say!("Open in your mail program: {link}");
        }
    }
    Ok(())
}

async fn drafts(ctx: &Ctx, id: i64, dir: PathBuf, from: Option<String>) -> CliResult<()> {
    let from = app::sender(from.as_deref(), &ctx.config.me)?;
    let v = view(ctx, id).await?;
    // Every message is built before the first file is written: a bad address writes nothing.
    // Each draft keeps the Message-ID it was first written with, so mail imported later finds it.
    let drafts = app::eml_drafts(ctx.store.as_ref(), &v, &from, None).await?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::user(format!("--dir '{}': cannot create it: {e}", dir.display())))?;
    let mut written = Vec::new();
    for d in drafts {
        let path = dir.join(&d.file);
        std::fs::write(&path, &d.bytes)
            .map_err(|e| CliError::user(format!("--dir '{}': cannot write {}: {e}", dir.display(), d.file)))?;
        written.push(serde_json::json!({
            "contact_id": d.contact_id, "name": d.name, "file": d.file, "mailto": d.mailto,
        }));
    }
    if ctx.json {
        return print_json(&written);
    }
    say!("Wrote {} to {}.", count(written.len(), "draft", "drafts"), dir.display());
    Ok(())
}

async fn send(ctx: &Ctx, id: i64, only: &[String], dry_run: bool) -> CliResult<()> {
    let mut contacts = Vec::with_capacity(only.len());
    for who in only {
        contacts.push(ctx.who(who).await?);
    }
    // The mail server's settings are checked before anything else; a dry run needs none.
    let mailer = if dry_run { None } else { Some(Mailer::new(ctx.config.smtp.as_ref(), &ctx.config.me)?) };
    let reports = campaign_send::send(
        ctx.store.as_ref(),
        mailer.as_ref(),
        id,
        &contacts,
        dry_run,
        ctx.today,
        &ctx.config.weights,
    )
    .await?;
    let failed = reports.iter().filter(|r| r.status == SendStatus::Failed).count();
    if ctx.json {
        print_json(&reports)?;
    } else if reports.is_empty() {
        say!("Nothing to send: nobody on campaign {id} is still drafted.");
    } else {
        for r in &reports {
            let to = r.email.as_deref().unwrap_or("no e-mail");
            match r.status {
                SendStatus::Sent => say!("sent     {} <{to}>", r.name),
                SendStatus::WouldSend => say!("would send {} <{to}>", r.name),
                SendStatus::Failed => say!("FAILED   {}", r.error.as_deref().unwrap_or(&r.name)),
            }
        }
    }
    if failed > 0 {
        return Err(CliError::user(format!(
            "{failed} of {} {} not sent and stay{} drafted; fix the cause, then run kith campaign send {id} again to retry them",
            count(reports.len(), "message", "messages"),
            if failed == 1 { "was" } else { "were" },
            if failed == 1 { "s" } else { "" }
        )));
    }
    if !ctx.json && !dry_run && !reports.is_empty() {
        eprintln!("Sent {}; each is logged as an e-mail and marked sent.", count(reports.len(), "message", "messages"));
    }
    Ok(())
}
