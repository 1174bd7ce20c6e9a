//! The command line, as the CLI contract in SPEC.md fixes it: names, flags and JSON keys are stable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Keep your professional network warm.
///
/// kith remembers who you know, how warm each relationship is, who is cooling and what you promised,
/// and tells you each week whom to reach out to.
#[derive(Debug, Parser)]
#[command(name = "kith", version, about, max_term_width = 100)]
pub struct Cli {
    /// Database: a file path, sqlite:PATH or postgres://… [default: kith.db in your data directory]
    #[arg(long, global = true, env = "KITH_DATABASE_URL", value_name = "URL")]
    pub db: Option<String>,

    /// Print JSON instead of tables (stable keys, for scripts)
    #[arg(long, global = true)]
    pub json: bool,

    /// Take this date as today (YYYY-MM-DD), for reproducible scripts
    #[arg(long, global = true, env = "KITH_TODAY", value_name = "DATE")]
    pub today: Option<String>,

    /// Take this local date and time as now (YYYY-MM-DDTHH:MM), for the digest's schedule; also
    /// sets today unless --today is given
    #[arg(long, global = true, env = "KITH_NOW", value_name = "DATETIME", hide = true)]
    pub now: Option<String>,

    /// Configuration file [default: config.toml in your config directory]
    #[arg(long, global = true, env = "KITH_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a contact; prints its id
    Add(AddArgs),
    /// Change a contact
    Edit(EditArgs),
    /// A contact's profile, warmth, status, due date and timeline
    Show(ShowArgs),
    /// Delete contacts for good, with everything that is only theirs (archive to keep them)
    Delete(DeleteArgs),
    /// List contacts
    List(ListArgs),
    /// Contacts that may be the same person: the same LinkedIn profile or phone, or the same name
    /// with an organization or e-mail domain in common
    Duplicates(crate::commands::merge::DuplicatesArgs),
    /// Merge the second contact into the first: every touch, follow-up, event, membership, favor,
    /// tag and kept vCard property of both is kept on the first; the second is removed
    Merge(crate::commands::merge::MergeArgs),
    /// Relate two contacts: "kith relate Alan reports-to Grace"; each side then reads its own word
    Relate(crate::commands::relationships::RelateArgs),
    /// Remove the relationships between two contacts (of one type, or all)
    Unrelate(crate::commands::relationships::UnrelateArgs),
    /// Whom you can reach at an organization (--org) or one person, directly or through someone
    /// you know, each path explained; --ask N drafts the ask to the person in between
    Intro(crate::commands::intro::IntroArgs),
    /// Record an interaction with one or more contacts
    Log(LogArgs),
    /// Change or delete a logged interaction
    #[command(subcommand)]
    Interaction(InteractionCommand),
    /// Who is due for a touch, most urgent first
    Due(DueArgs),
    /// This week's plan: whom to reach out to, one old tie to revive, and nudges
    Plan(PlanArgs),
    /// Promises: reach out again on a date
    #[command(subcommand)]
    Followup(FollowupCommand),
    /// Push a due contact back
    Snooze(SnoozeArgs),
    /// Network health: how warm the network is, where it cools, how active you are
    Health,
    /// Organizations: employers, associations, groups, schools
    #[command(subcommand)]
    Org(OrgCommand),
    /// Events: association meetings, seminars, classes, conferences, with the people met there
    #[command(subcommand)]
    Event(EventCommand),
    /// Habit goals: lunch or coffee every week, new people every month, with streaks
    #[command(subcommand)]
    Goal(GoalCommand),
    /// Job-search mode: pick the warmest relevant contacts, write to each from a template, and
    /// track replies and meetings on a board
    #[command(subcommand)]
    Campaign(crate::commands::campaign::CampaignCommand),
    /// The weekly digest: this week's plan, goals and follow-ups; print it or mail it
    Digest(DigestArgs),
    /// Career readiness: resume and LinkedIn freshness, connections, accomplishments, a 0–100
    /// score with what to do next, and the brag document
    Career(crate::commands::career::CareerArgs),
    /// Market signals: news from your network about an organization or a field (hiring, layoffs…)
    #[command(subcommand)]
    Signal(crate::commands::signals::SignalCommand),
    /// Sort imported contacts into circles: the warmest and most touched first, each with a
    /// suggested circle
    Triage(crate::commands::triage::TriageArgs),
    /// Mailboxes (IMAP) and calendars (iCalendar addresses) kith follows for touches, and the
    /// people seen on them who are not contacts
    #[command(subcommand)]
    Source(crate::commands::sources::SourceCommand),
    /// Sync every source (or the named ones) once: touches from new mail and calendar events
    Sync(crate::commands::sources::SyncArgs),
    /// Bring contacts in (linkedin, vcard, google, csv, json) or touches found in mail and
    /// calendars (mbox, maildir, ics); duplicates are merged, never doubled
    Import(ImportArgs),
    /// Write contacts out (vcard, csv, json) or a calendar of reminders (ics)
    Export(ExportArgs),
    /// Your settings (own addresses, plan size, week start, digest, mail server) and where each
    /// comes from; change them with `settings set`, no restart needed
    Settings {
        #[command(subcommand)]
        cmd: Option<crate::commands::settings::SettingsCommand>,
    },
    /// Fill an empty database with a realistic generated network
    Demo(DemoArgs),
    /// Serve the web app, the JSON API and the calendar feed
    Serve(ServeArgs),
    /// The calendar feed: its address, or a new secret for it
    #[command(subcommand)]
    Feed(FeedCommand),
    /// The address book served to phones and other apps (CardDAV): their passwords
    #[command(subcommand)]
    Dav(crate::commands::dav::DavCommand),
    /// The accounts of a shared server: add, list, disable, enable, delete
    #[command(subcommand)]
    User(crate::commands::user::UserCommand),
    /// API tokens for scripts and the command line against a server: add, list, revoke
    #[command(subcommand)]
    Token(crate::commands::token::TokenCommand),
    /// Print shell completions
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Args, Default)]
pub struct ContactFields {
    /// E-mail address (repeatable)
    #[arg(long = "email", value_name = "E")]
    pub emails: Vec<String>,
    /// Phone number (repeatable)
    #[arg(long = "phone", value_name = "P")]
    pub phones: Vec<String>,
    /// Employer or main organization (created if new)
    #[arg(long, value_name = "O")]
    pub org: Option<String>,
    /// Job title
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// City or region
    #[arg(long, value_name = "L")]
    pub location: Option<String>,
    /// Circle: inner (14 days), close (30), active (90), wide (180), dormant (never nagged)
    #[arg(long, value_name = "C")]
    pub circle: Option<String>,
    /// Custom cadence in days, instead of the circle's
    #[arg(long, value_name = "DAYS")]
    pub every: Option<u32>,
    /// Tag (repeatable)
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Where or how you met
    #[arg(long, value_name = "TEXT")]
    pub met_at: Option<String>,
    /// When you met (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub met_on: Option<String>,
    /// LinkedIn profile URL
    #[arg(long, value_name = "URL")]
    pub linkedin: Option<String>,
    /// Website URL
    #[arg(long, value_name = "URL")]
    pub website: Option<String>,
    /// Birthday (YYYY-MM-DD, or MM-DD without the year)
    #[arg(long, value_name = "DATE")]
    pub birthday: Option<String>,
    /// Notes
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Mark as important (ranks higher among equals)
    #[arg(long)]
    pub important: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Full name
    pub name: String,
    #[command(flatten)]
    pub fields: ContactFields,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The contact: id, e-mail, exact name or unique prefix
    pub who: String,
    /// New full name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[command(flatten)]
    pub fields: ContactFields,
    /// Remove an e-mail address (repeatable)
    #[arg(long = "remove-email", value_name = "E")]
    pub remove_emails: Vec<String>,
    /// Remove a phone number (repeatable)
    #[arg(long = "remove-phone", value_name = "P")]
    pub remove_phones: Vec<String>,
    /// Remove a tag (repeatable)
    #[arg(long = "untag", value_name = "T")]
    pub untags: Vec<String>,
    /// Go back to the circle's cadence
    #[arg(long, conflicts_with = "every")]
    pub circle_cadence: bool,
    /// No longer important
    #[arg(long, conflicts_with = "important")]
    pub unimportant: bool,
    /// Archive: keep the contact, never nag about them
    #[arg(long)]
    pub archive: bool,
    /// Bring an archived contact back
    #[arg(long, conflicts_with = "archive")]
    pub unarchive: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The contact: id, e-mail, exact name or unique prefix
    pub who: String,
    /// Show at most this many interactions (all by default)
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The contacts (one or more): id, e-mail, exact name or unique prefix
    #[arg(required = true, value_name = "WHO")]
    pub who: Vec<String>,
    /// Do not ask; needed when standard input is not a terminal
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,
    #[arg(long, value_name = "C")]
    pub circle: Option<String>,
    /// warm, cooling, cold or new
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    #[arg(long, value_name = "O")]
    pub org: Option<String>,
    /// Full-text search over names, organizations, titles, e-mails, tags and notes
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
    /// Skip the first N contacts (with --limit, the next page)
    #[arg(long, value_name = "N")]
    pub offset: Option<u32>,
    /// Order: name, warmth (warmest first) or due (soonest first)
    #[arg(long, value_name = "ORDER", default_value = "name")]
    pub sort: String,
    /// Include archived contacts
    #[arg(long)]
    pub archived: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The contacts (one or more): id, e-mail, exact name or unique prefix
    #[arg(required = true, value_name = "WHO")]
    pub who: Vec<String>,
    /// lunch, coffee, meeting, event, call, video, email, message or social
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// When it happened (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// How long it took
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// What you gave: an introduction, a referral, advice
    #[arg(long, value_name = "TEXT")]
    pub gave: Option<String>,
    /// What you received
    #[arg(long, value_name = "TEXT")]
    pub got: Option<String>,
    /// They reached out, not you
    #[arg(long)]
    pub they_initiated: bool,
    /// Whom the favor (--gave or --got) belongs to, when several people were there [default: the first named]
    #[arg(long, value_name = "WHO")]
    pub favor_with: Option<String>,
    /// This touch keeps the follow-ups due with these people: mark them done
    #[arg(long)]
    pub done_followup: bool,
}

#[derive(Debug, Subcommand)]
pub enum InteractionCommand {
    /// Change a logged interaction
    Edit {
        /// Interaction id (shown by `kith show`)
        id: i64,
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, value_name = "N")]
        minutes: Option<u32>,
        /// The note; an empty one removes it
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Everyone who was there (id, e-mail, exact name or unique prefix), replacing the people
        /// it had; repeatable
        #[arg(long = "with", value_name = "WHO")]
        with: Vec<String>,
        /// What you gave; an empty one removes it
        #[arg(long, value_name = "TEXT")]
        gave: Option<String>,
        /// What you received; an empty one removes it
        #[arg(long, value_name = "TEXT")]
        got: Option<String>,
        /// Whom the favor belongs to, when several people were there
        #[arg(long, value_name = "WHO")]
        favor_with: Option<String>,
    },
    /// Delete a logged interaction
    Delete {
        /// Interaction id (shown by `kith show`)
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Also list who falls due in the next DAYS days
    #[arg(long, value_name = "DAYS", default_value_t = 0)]
    pub within: u32,
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// How many people to reach out to [default: 5, or plan_size in the config]
    #[arg(long, value_name = "N")]
    pub size: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum FollowupCommand {
    /// Promise to follow up with someone
    Add {
        /// The contact: id, e-mail, exact name or unique prefix
        who: String,
        /// In how long: 3d, 2w, 6m, 1y
        #[arg(long = "in", value_name = "SPAN", conflicts_with = "on", required_unless_present = "on")]
        in_: Option<String>,
        /// On a date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Open follow-ups, soonest first
    List {
        /// Include done ones
        #[arg(long)]
        all: bool,
    },
    /// Mark a follow-up done
    Done {
        /// Follow-up id (shown by `kith followup list`)
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    /// The contact: id, e-mail, exact name or unique prefix
    pub who: String,
    /// Until a date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", conflicts_with = "for_", required_unless_present_any = ["for_", "clear"])]
    pub until: Option<String>,
    /// For a span: 3d, 2w, 6m, 1y
    #[arg(long = "for", value_name = "SPAN")]
    pub for_: Option<String>,
    /// Lift the snooze
    #[arg(long, conflicts_with_all = ["until", "for_"])]
    pub clear: bool,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organization
    Add {
        name: String,
        /// employer, association, group, school, class or other
        #[arg(long, value_name = "K", default_value = "employer")]
        kind: String,
    },
    /// Organizations with their member counts and your own roles
    List,
    /// One organization: its people, your roles, its events and how many a month
    Show {
        /// The organization's name or id
        org: String,
    },
    /// Record a contact's role at an organization
    Join {
        /// The contact: id, e-mail, exact name or unique prefix
        who: String,
        /// The organization's name
        org: String,
        #[command(flatten)]
        role: RoleArgs,
    },
    /// Record your own role at an organization: member, board, volunteer, committee
    Member {
        /// The organization's name
        org: String,
        #[command(flatten)]
        role: RoleArgs,
    },
}

/// A role at an organization and when it held: `org join` (a contact's) and `org member` (yours).
#[derive(Debug, Args)]
pub struct RoleArgs {
    /// member, board, volunteer, committee, employee, instructor, classmate or other
    #[arg(long, value_name = "R", default_value = "member")]
    pub role: String,
    /// When the role began (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// When it ended (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Record an event you attended: who was there, who you met, how long
    Add(EventAddArgs),
    /// Events, newest first
    List {
        /// Only events at this organization
        #[arg(long, value_name = "ORG")]
        org: Option<String>,
        /// Only events on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// One event with who was there and the people met
    Show {
        /// Event id (shown by `kith event list`)
        id: i64,
    },
    /// Change a recorded event; the touch it logged follows (day, minutes, note)
    Edit {
        /// Event id (shown by `kith event list`)
        id: i64,
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// meeting, seminar, class, conference or other
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// The organization holding it (it must exist); an empty one removes it
        #[arg(long, value_name = "ORG")]
        org: Option<String>,
        #[arg(long, value_name = "N")]
        minutes: Option<u32>,
        /// An empty note removes it
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Remove an event and the touch it logged; the people met there stay
    Remove {
        /// Event id
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct EventAddArgs {
    /// What it was: "Spring mixer", "Negotiation seminar"
    pub title: String,
    /// meeting, seminar, class or conference
    #[arg(long, value_name = "K")]
    pub kind: String,
    /// The day (YYYY-MM-DD); today if not given
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// The organization holding it (must exist: kith org add)
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// Time spent, in minutes
    #[arg(long, value_name = "N")]
    pub minutes: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// A contact who was there: id, e-mail, exact name or unique prefix (repeatable)
    #[arg(long = "with", value_name = "WHO")]
    pub with: Vec<String>,
    /// Someone met for the first time, created as a contact: "Full Name" or
    /// "Full Name <email>" (repeatable)
    #[arg(long = "met", value_name = "PERSON")]
    pub met: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Every goal with this period's progress and its current and best streak
    List,
    /// Add a goal: `--kind lunch,coffee --at-least 1 --per week`
    Add {
        /// What to count: interaction kinds joined by , or + (lunch,coffee), or touches,
        /// new-people, reconnections, events, minutes
        #[arg(long, alias = "measure", value_name = "KINDS")]
        kind: String,
        /// The target per period (1 to 100000)
        #[arg(long, value_name = "N")]
        at_least: String,
        /// week (ISO, Monday to Sunday) or month
        #[arg(long, value_name = "PERIOD", default_value = "week")]
        per: String,
    },
    /// Change a goal's target
    Edit {
        /// Goal id (shown by `kith goal list`)
        id: i64,
        /// The new target per period (1 to 100000)
        #[arg(long, value_name = "N")]
        at_least: String,
    },
    /// Remove a goal
    Remove {
        /// Goal id (shown by `kith goal list`)
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// linkedin, vcard, google, csv, json, mbox, maildir or ics
    #[arg(value_name = "FORMAT")]
    pub format: String,
    /// The file to import (a folder for maildir)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Report what would happen; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid records and write the rejected ones to a file you can fix and re-import
    #[arg(long)]
    pub skip_invalid: bool,
    /// Where the rejected records are written: by --skip-invalid [default: FILE.rejected beside the
    /// input], and, when given, by a refused import too (all of them, however many problems it lists)
    #[arg(long, value_name = "PATH")]
    pub rejects: Option<PathBuf>,
    /// csv only: which column is which, e.g. "Full name=name,Mail=email,Employer=org"
    #[arg(long, value_name = "MAPPING")]
    pub map: Option<String>,
    /// mbox, maildir, ics: your own addresses (repeatable; adds to `me` in the config)
    #[arg(long = "me", value_name = "ADDR")]
    pub me: Vec<String>,
    /// The circle of new contacts [default: dormant, never nagged until you sort them]
    #[arg(long, value_name = "C")]
    pub circle: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// vcard, csv, json or ics
    #[arg(value_name = "FORMAT")]
    pub format: String,
    /// Write to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// vcard only: one .vcf file per contact in this folder
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many contacts to generate
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub contacts: usize,
    /// Random seed: the same seed and today give the same network
    #[arg(long, value_name = "S", default_value_t = 7)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// Mail it now through [smtp] to [digest] to (default: the first of `me`)
    #[arg(long, conflicts_with = "scheduled")]
    pub send: bool,
    /// Do once what `kith serve` does every minute: mail this week's digest if its [digest] slot
    /// has passed and nobody sent it yet
    #[arg(long)]
    pub scheduled: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; anything but a loopback address needs an access token
    #[arg(long, env = "KITH_ADDR", value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
    pub addr: String,
    /// Serve a throwaway demo network instead of your own database (deleted on exit)
    #[arg(long)]
    pub demo: bool,
    /// How many contacts the demo network has
    #[arg(long, value_name = "N", default_value_t = 300, requires = "demo")]
    pub contacts: usize,
    /// Access token: the API takes it as a bearer token, the browser asks for it once
    #[arg(long, env = "KITH_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// A host name browsers use to reach kith (behind a proxy, say); repeatable. IP addresses and
    /// localhost are always accepted; requests for any other name are refused.
    #[arg(long = "host", value_name = "NAME[:PORT]")]
    pub hosts: Vec<String>,
    /// The address of a TLS proxy in front of kith on another machine or container, whose
    /// X-Forwarded-For and X-Forwarded-Proto are believed (this machine's own always are; from
    /// anyone else they are ignored); repeatable, or comma-separated in the variable
    #[arg(long = "trusted-proxy", env = "KITH_TRUSTED_PROXIES", value_name = "IP", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How the server's log is written to standard error: text, or one JSON object per line.
    /// RUST_LOG filters it (default info: the digest, slow and failed requests; debug: every
    /// request and store call)
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub log_format: crate::logging::LogFormat,
}

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Print the calendar feed's address, to subscribe to in a calendar app
    Url {
        /// Where kith serve is reached, e.g. https://kith.example.org [default: http://ADDR]
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The address kith serve listens on
        #[arg(long, env = "KITH_ADDR", value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
        addr: String,
        /// Whose feed, on a server with accounts [default: the first account's]
        #[arg(long, value_name = "EMAIL")]
        user: Option<String>,
    },
    /// Replace the feed's secret: the old address stops working
    Rotate {
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        #[arg(long, env = "KITH_ADDR", value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
        addr: String,
        /// Whose feed, on a server with accounts [default: the first account's]
        #[arg(long, value_name = "EMAIL")]
        user: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}
