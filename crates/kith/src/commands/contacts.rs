//! `add`, `edit`, `show`, `list`.

use std::fmt::Write as _;

use kith_core::{
    Circle, ContactPatch, NewContact, Status,
    contact::{Birthday, Cadenced},
    date::parse_date,
};
use kith_store::{ContactFilter, ContactSort};

use kith_app::{
    Profile,
    views::ContactView,
    wording::{Percent, cadence_phrase, due_phrase, job_line},
};

use crate::{
    cli::{AddArgs, ContactFields, EditArgs, ListArgs, ShowArgs},
    context::Ctx,
    error::{CliError, CliResult},
    output::{created, percent, print_json, print_table},
    table::{OrEmpty, TableOut},
};

fn parse_circle(v: &Option<String>) -> CliResult<Option<Circle>> {
    Ok(v.as_deref().map(str::parse).transpose()?)
}

fn parse_opt_date(field: &str, v: &Option<String>) -> CliResult<Option<chrono::NaiveDate>> {
    Ok(v.as_deref().map(|d| parse_date(field, d)).transpose()?)
}

fn parse_birthday(v: &Option<String>) -> CliResult<Option<Birthday>> {
    Ok(v.as_deref().map(|b| Birthday::parse("birthday", b)).transpose()?)
}

pub async fn add(ctx: &Ctx, args: AddArgs) -> CliResult<()> {
    let f = args.fields;
    let contact = NewContact {
        name: args.name,
        circle: parse_circle(&f.circle)?,
        met_on: parse_opt_date("met-on", &f.met_on)?,
        birthday: parse_birthday(&f.birthday)?,
        emails: f.emails,
        phones: f.phones,
        org: f.org,
        title: f.title,
        location: f.location,
        cadence_days: f.every,
        tags: f.tags,
        met_at: f.met_at,
        linkedin: f.linkedin,
        website: f.website,
        notes: f.note,
        important: f.important,
    }
    .validate()?;
    let name = contact.name.clone();
    let id = ctx.store.add_contact(contact, ctx.today).await?;
    if ctx.json {
        return print_json(&serde_json::json!({ "id": id }));
    }
    created(ctx.style, id, &format!("Added {name} as #{id}. Log a touch with: kith log {id} --kind coffee"));
    Ok(())
}

pub async fn edit(ctx: &Ctx, args: EditArgs) -> CliResult<()> {
    let id = ctx.who(&args.who).await?;
    let f: ContactFields = args.fields;
    let patch = ContactPatch {
        name: args.name,
        add_emails: f.emails,
        remove_emails: args.remove_emails,
        add_phones: f.phones,
        remove_phones: args.remove_phones,
        org: f.org,
        title: f.title,
        location: f.location,
        circle: parse_circle(&f.circle)?,
        cadence_days: if args.circle_cadence { Some(None) } else { f.every.map(Some) },
        add_tags: f.tags,
        remove_tags: args.untags,
        met_at: f.met_at,
        met_on: parse_opt_date("met-on", &f.met_on)?.map(Some),
        linkedin: f.linkedin,
        website: f.website,
        birthday: parse_birthday(&f.birthday)?.map(Some),
        notes: f.note,
        important: if f.important {
            Some(true)
        } else if args.unimportant {
            Some(false)
        } else {
            None
        },
        archived: if args.archive {
            Some(true)
        } else if args.unarchive {
            Some(false)
        } else {
            None
        },
        as_of: Some(ctx.today),
    }
    .validate()?;
    if patch.is_empty() {
        return Err(CliError::user("edit: nothing to change; give at least one flag (see kith edit --help)"));
    }
    ctx.store.edit_contact(id, patch).await?;
    let c = ctx.store.contact(id).await?;
    if ctx.json {
        return print_json(&ContactView::new(&c, ctx.today));
    }
    let s = c.summary(ctx.today);
    say!("Updated {} (#{}): {} circle, {}", c.name, c.id, c.circle, due_phrase(s.due_on, c.archived, ctx.today));
    Ok(())
}

pub async fn show(ctx: &Ctx, args: ShowArgs) -> CliResult<()> {
    let id = ctx.who(&args.who).await?;
    let profile = Profile::load(ctx.store.as_ref(), id, args.limit).await?;
    if ctx.json {
        return print_json(&profile.view(ctx.today));
    }
    let Profile { contact: c, timeline, reciprocity, memberships, followups, relations, past_jobs } = profile;

    let st = &ctx.style;
    let s = c.summary(ctx.today);
    let mut out = String::new();
    let mut headline = format!("{} (#{})", c.name, c.id);
    if c.important {
        headline.push_str(" ★");
    }
    writeln!(out, "{}", st.heading(&headline))?;
    let job = job_line(c.title.as_deref(), c.org.as_deref());
    if let Some(job) = job {
        writeln!(out, "  {job}")?;
    }
    let cadence = cadence_phrase(c.circle, s.cadence_days, c.custom_cadence_days.is_some());
    writeln!(
        out,
        "  {} · warmth {} · {} · {}",
        st.status_word(s.status),
        percent(s.warmth),
        cadence,
        due_phrase(s.due_on, c.archived, ctx.today)
    )?;
    let lost = if s.lost { " · lost touch: more than 8 cadences without a touch, in the reconnect pool" } else { "" };
    writeln!(out, "  a {} tie (strength {:.1}){lost}", s.tie, s.strength)?;
    if let Some(until) = c.snoozed_until.filter(|u| *u > ctx.today) {
        writeln!(out, "  snoozed until {until}")?;
    }
    let mut field = |label: &str, value: String| writeln!(out, "  {label:<10} {value}");
    if !c.emails.is_empty() {
        field("e-mail", c.emails.join(", "))?;
    }
    if !c.phones.is_empty() {
        field("phone", c.phones.join(", "))?;
    }
    if let Some(v) = &c.location {
        field("location", v.clone())?;
    }
    if let Some(v) = &c.linkedin {
        field("linkedin", v.clone())?;
    }
    if let Some(v) = &c.website {
        field("website", v.clone())?;
    }
    match (&c.met_at, c.met_on) {
        (Some(at), Some(on)) => field("met", format!("{at}, {on}"))?,
        (Some(at), None) => field("met", at.clone())?,
        (None, Some(on)) => field("met", on.to_string())?,
        (None, None) => {}
    }
    if let Some(b) = c.birthday {
        field("birthday", b.to_string())?;
    }
    if !c.tags.is_empty() {
        field("tags", c.tags.join(", "))?;
    }
    if !memberships.is_empty() {
        let m: Vec<String> = memberships.iter().map(|m| format!("{} ({})", m.org, m.role)).collect();
        field("orgs", m.join(", "))?;
    }
    for j in &past_jobs {
        field("worked", j.phrase())?;
    }
    for r in &relations {
        let note = r.note.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
        field("related", format!("{} {} (#{}){}{note}", r.word, r.other_name, r.other, r.dates_phrase()))?;
    }
    if reciprocity.gave + reciprocity.got > 0 {
        let mut r = format!("gave {} · received {}", reciprocity.gave, reciprocity.got);
        if reciprocity.only_asks() {
            r.push_str(" — offer something before you ask again");
        }
        field("favors", r)?;
    }
    if let Some(n) = &c.notes {
        field("notes", n.replace('\n', "\n             "))?;
    }
    for f in &followups {
        field("follow-up", format!("#{} {} {}", f.id, f.due_on, f.note.as_deref().unwrap_or("")))?;
    }
    say!("{}", out.trim_end());
    say!();

    let mut table = st.table(&["ID", "DATE", "KIND", "WITH", "NOTE"]);
    for i in &timeline {
        let others: Vec<&str> = i.with.iter().filter(|p| p.id != c.id).map(|p| p.name.as_str()).collect();
        let mut note = i.note.clone().unwrap_or_default();
        let (to, from) = match i.favor_elsewhere(c.id) {
            Some(name) => (format!(" to {name}"), format!(" from {name}")),
            None => (String::new(), String::new()),
        };
        if let Some(g) = &i.gave {
            note.push_str(&format!(" [gave{to}: {g}]"));
        }
        if let Some(g) = &i.got {
            note.push_str(&format!(" [got{from}: {g}]"));
        }
        table.add_row(vec![
            st.dim(comfy_table::Cell::new(i.id)),
            comfy_table::Cell::new(i.on),
            comfy_table::Cell::new(i.kind),
            comfy_table::Cell::new(others.join(", ")),
            comfy_table::Cell::new(note.trim()),
        ]);
    }
    print_table(&table, "No interactions yet.")
}

pub async fn list(ctx: &Ctx, args: ListArgs) -> CliResult<()> {
    let filter = ContactFilter {
        tag: args.tag,
        circle: parse_circle(&args.circle)?,
        status: args.status.as_deref().map(str::parse::<Status>).transpose()?,
        org: args.org,
        search: args.search.clone(),
        limit: args.limit,
        offset: args.offset,
        sort: ContactSort::parse("sort", &args.sort)?,
        include_archived: args.archived,
    };
    if ctx.json {
        let contacts = ctx.store.list_contacts(&filter, ctx.today).await?;
        crate::timing::mark("read");
        let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
        let mut found = kith_app::search::found(ctx.store.as_ref(), args.search.as_deref(), &ids).await?;
        let views: Vec<ContactView> = contacts
            .iter()
            .map(|c| ContactView { found: found.remove(&c.id), ..ContactView::new(c, ctx.today) })
            .collect();
        return print_json(&views);
    }
    // A table shows only what a brief holds: e-mails, phones, tags and notes are not read.
    let contacts = ctx.store.list_briefs(&filter, ctx.today).await?;
    crate::timing::mark("read");
    // A search adds where each contact was found, when their name and organization do not say.
    let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
    let found = kith_app::search::found(ctx.store.as_ref(), args.search.as_deref(), &ids).await?;
    let mut header = vec!["ID", "NAME", "ORG", "CIRCLE", "STATUS", "WARMTH", "TIE", "DUE"];
    if args.search.is_some() {
        header.push("FOUND");
    }
    let mut table = TableOut::new(ctx.style, &header);
    for c in &contacts {
        let s = c.summary(ctx.today);
        let row = table
            .row()
            .dim(c.id)
            .cell(&c.name)
            .cell(c.org.as_deref().unwrap_or(""))
            .cell(c.circle)
            .status(s.status)
            .cell(Percent(s.warmth))
            .cell(s.tie)
            .cell(OrEmpty(s.due_on));
        if args.search.is_some() {
            row.cell(found.get(&c.id).map(|f| format!("{}: {}", f.label, f.snippet)).unwrap_or_default());
        }
    }
    crate::timing::mark("table");
    table.print("No contacts match.")
}
