//! Writing the network out: vCard 4.0, CSV, kith's JSON backup, and reminders as iCalendar.

use chrono::NaiveDate;
use kith_core::{Contact, contact::Cadenced};
use kith_formats::{
    backup,
    csv::export::{self as csv_export, ExportRow},
    ics::{self, Feed, FeedBirthday},
    vcard::{self, VcardContact},
};
use kith_store::{CardParts, ContactFilter, Store, StoreResult, reports};

/// The formats kith exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Vcard,
    Csv,
    Json,
    Ics,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [ExportFormat::Vcard, ExportFormat::Csv, ExportFormat::Json, ExportFormat::Ics];

    /// Reads a format name as a user types it; the error lists the formats there are.
    pub fn parse(field: &str, s: &str) -> Result<ExportFormat, kith_core::ValidationError> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "vcard" | "vcf" => ExportFormat::Vcard,
            "csv" => ExportFormat::Csv,
            "json" => ExportFormat::Json,
            "ics" | "ical" | "icalendar" => ExportFormat::Ics,
            _ => {
                return Err(kith_core::ValidationError::new(
                    field,
                    s,
                    "unknown format; use one of vcard, csv, json, ics",
                ));
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Vcard => "vcard",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Ics => "ics",
        }
    }

    /// The file name a download gets.
    pub fn file_name(self) -> &'static str {
        match self {
            ExportFormat::Vcard => "kith-contacts.vcf",
            ExportFormat::Csv => "kith-contacts.csv",
            ExportFormat::Json => "kith-backup.json",
            ExportFormat::Ics => "kith-reminders.ics",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Vcard => "text/vcard; charset=utf-8",
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Json => "application/json",
            ExportFormat::Ics => "text/calendar; charset=utf-8",
        }
    }

    /// What the file holds, for a person choosing one.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Vcard => "vCard 4.0: every contact, for any address book",
            ExportFormat::Csv => "CSV: one row per contact, for a spreadsheet",
            ExportFormat::Json => "JSON: a complete backup kith restores exactly",
            ExportFormat::Ics => "iCalendar: follow-ups, this week's plan and birthdays",
        }
    }
}

/// The whole export as text. `plan_size` shapes the plan in the iCalendar file.
pub async fn export(
    store: &dyn Store,
    format: ExportFormat,
    today: NaiveDate,
    plan_size: usize,
) -> StoreResult<String> {
    Ok(match format {
        ExportFormat::Vcard => {
            let (contacts, parts) = vcard_cards(store, today).await?;
            vcard::write(&cards(&contacts, &parts))
        }
        ExportFormat::Csv => {
            let contacts = all_contacts(store, today).await?;
            let rows: Vec<ExportRow> =
                contacts.iter().map(|c| ExportRow { contact: c, summary: c.summary(today) }).collect();
            csv_export::write(&rows)
        }
        ExportFormat::Json => backup::write(&store.snapshot().await?, today),
        ExportFormat::Ics => ics::write_feed(&feed_contents(store, today, plan_size).await?),
    })
}

/// Every contact with what its vCard carries besides (memberships, kept properties), for a
/// vCard export into one file or one file per contact.
pub async fn vcard_cards(store: &dyn Store, today: NaiveDate) -> StoreResult<(Vec<Contact>, CardParts)> {
    Ok((all_contacts(store, today).await?, store.card_parts().await?))
}

/// The cards of [`vcard_cards`], ready for the vCard writer.
pub fn cards<'a>(contacts: &'a [Contact], parts: &'a CardParts) -> Vec<VcardContact<'a>> {
    contacts
        .iter()
        .map(|c| VcardContact {
            contact: c,
            extra: parts.extras.get(&c.id).map(Vec::as_slice).unwrap_or_default(),
            memberships: parts.memberships.get(&c.id).map(Vec::as_slice).unwrap_or_default(),
            relations: parts.relations.get(&c.id).map(Vec::as_slice).unwrap_or_default(),
        })
        .collect()
}

/// Every contact, archived ones included, by id: an export leaves nobody out.
async fn all_contacts(store: &dyn Store, today: NaiveDate) -> StoreResult<Vec<Contact>> {
    let filter = ContactFilter { include_archived: true, ..Default::default() };
    let mut contacts = store.list_contacts(&filter, today).await?;
    contacts.sort_by_key(|c| c.id);
    Ok(contacts)
}

/// The reminders a calendar app shows: open follow-ups, this week's plan, birthdays. Stamped with
/// the start of `today`, so the same day and data give the same bytes.
pub async fn feed_contents(store: &dyn Store, today: NaiveDate, plan_size: usize) -> StoreResult<Feed> {
    let followups = store.followups(false).await?;
    let plan = reports::weekly_plan(store, today, plan_size).await?;
    let birthdays = store
        .birthdays()
        .await?
        .into_iter()
        .map(|(contact_id, name, birthday)| FeedBirthday { contact_id, name, birthday })
        .collect();
    let now = today.and_time(chrono::NaiveTime::MIN).and_utc();
    Ok(Feed { name: "kith".into(), now, followups, plan: Some(plan), birthdays })
}
