//! Cards written by address-book apps (CardDAV PUT and DELETE): each one all or nothing, its
//! conditions checked in the writing transaction.
//!
//! A card is found by its name: the one in `card_names` when its client gave another than
//! `{uid}.vcf`, else `{uid}.vcf`. A contact created from a card waits in the triage (dormant, its
//! circle not chosen) unless the card names its circle; a replaced contact takes what the card says
//! (`ContactPatch::replacing`) and the card's kept properties instead of its old ones.

use async_trait::async_trait;
use kith_core::{Circle, ContactId, ContactPatch};
use tracing::instrument;

use crate::{
    CardCondition, CardPut, CardPutOutcome, CardRemoveOutcome, CardWriteStore, OwnerId, StoreError, StoreResult,
    default_card_name, dialect::Dialect,
};

use super::contacts::{contacts_by_ids, edit_contact_in, insert_contact_as};
use super::delete::delete_contacts_in;
use super::import::insert_extras;
use super::rows::{new_etag, touch_contact};
use super::{Conn, D, ThisStore};

/// A contact a card names, as the write needs it.
struct Target {
    id: ContactId,
    uid: String,
    etag: String,
    archived: bool,
}

/// The uid a card name stands for: a client-given name's, or the uid in `{uid}.vcf` unless that
/// contact's card was given another name.
async fn uid_named(tx: &mut Conn, owner: OwnerId, name: &str) -> StoreResult<Option<String>> {
    let given: Option<String> = sqlx::query_scalar("SELECT uid FROM card_names WHERE owner_id = $1 AND name = $2")
        .bind(owner)
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
    if given.is_some() {
        return Ok(given);
    }
    let Some(uid) = name.strip_suffix(".vcf") else { return Ok(None) };
    let renamed: Option<String> = sqlx::query_scalar("SELECT name FROM card_names WHERE owner_id = $1 AND uid = $2")
        .bind(owner)
        .bind(uid)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(renamed.is_none().then(|| uid.to_string()))
}

async fn contact_of_uid(tx: &mut Conn, owner: OwnerId, uid: &str) -> StoreResult<Option<Target>> {
    let row: Option<(i64, String, String, bool)> =
        sqlx::query_as("SELECT id, uid, etag, archived FROM contacts WHERE owner_id = $1 AND uid = $2")
            .bind(owner)
            .bind(uid)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(row.map(|(id, uid, etag, archived)| Target { id, uid, etag, archived }))
}

async fn card_name_of(tx: &mut Conn, owner: OwnerId, uid: &str) -> StoreResult<String> {
    let given: Option<String> = sqlx::query_scalar("SELECT name FROM card_names WHERE owner_id = $1 AND uid = $2")
        .bind(owner)
        .bind(uid)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(given.unwrap_or_else(|| default_card_name(uid)))
}

/// Records that the card of `uid` is called `name` (a stale claim on the name, from a contact that
/// is gone or archived, gives way).
async fn name_card(tx: &mut Conn, owner: OwnerId, uid: &str, name: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM card_names WHERE owner_id = $1 AND (name = $2 OR uid = $3)")
        .bind(owner)
        .bind(name)
        .bind(uid)
        .execute(&mut *tx)
        .await?;
    if name != default_card_name(uid) {
        sqlx::query("INSERT INTO card_names (owner_id, uid, name) VALUES ($1, $2, $3)")
            .bind(owner)
            .bind(uid)
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Takes the contact's row for this transaction with a fresh ETag; under a condition, only if the
/// ETag read for `target` is still the contact's (a compare-and-swap), so a write in between
/// (another client, the web app) fails this one rather than being overwritten. Without one, the
/// client asked for its version whatever the current one is (RFC 7232: no condition, no 412).
async fn take_row(tx: &mut Conn, owner: OwnerId, target: &Target, conditional: bool) -> StoreResult<bool> {
    let sql = if conditional {
        "UPDATE contacts SET etag = $1 WHERE id = $2 AND owner_id = $3 AND etag = $4"
    } else {
        "UPDATE contacts SET etag = $1 WHERE id = $2 AND owner_id = $3 AND $4 = $4"
    };
    let swapped =
        sqlx::query(sql).bind(new_etag()).bind(target.id).bind(owner).bind(&target.etag).execute(&mut *tx).await?;
    Ok(swapped.rows_affected() == 1)
}

/// Whether a write failed on a unique index (two clients making the same card at once): the
/// loser is told the card exists, as if it had come first.
fn is_unique_violation(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(db) if db.as_database_error().is_some_and(|d| d.is_unique_violation()))
}

/// Whether `name` is `{uid}.vcf` of a contact other than `uid` (one archived, so not a card now):
/// given to this card, the two would share a name once that contact is back.
async fn names_another(tx: &mut Conn, owner: OwnerId, name: &str, uid: &str) -> StoreResult<bool> {
    let Some(other) = name.strip_suffix(".vcf").filter(|other| *other != uid) else { return Ok(false) };
    Ok(contact_of_uid(tx, owner, other).await?.is_some())
}

async fn etag_of(tx: &mut Conn, id: ContactId) -> StoreResult<String> {
    Ok(sqlx::query_scalar("SELECT etag FROM contacts WHERE id = $1").bind(id).fetch_one(&mut *tx).await?)
}

/// Makes the contact say what the card says, its kept properties included.
async fn replace(tx: &mut Conn, owner: OwnerId, id: ContactId, put: &CardPut, revive: bool) -> StoreResult<String> {
    let current =
        contacts_by_ids(&mut *tx, owner, &[id]).await?.pop().ok_or_else(|| StoreError::not_found("contact", id))?;
    let mut patch = ContactPatch::replacing(&current, &put.contact);
    if revive {
        patch.archived = Some(false);
    }
    // A new organization on the phone is the person's move, as of the user's today.
    patch.as_of = Some(put.today);
    let patch = patch.validate()?;
    edit_contact_in(&mut *tx, owner, id, &patch).await?;
    sqlx::query("DELETE FROM contact_extras WHERE owner_id = $1 AND contact_id = $2")
        .bind(owner)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for (position, line) in put.extras.iter().enumerate() {
        sqlx::query("INSERT INTO contact_extras (owner_id, contact_id, position, line) VALUES ($1, $2, $3, $4)")
            .bind(owner)
            .bind(id)
            .bind(position as i64)
            .bind(line)
            .execute(&mut *tx)
            .await?;
    }
    if patch.is_empty() {
        // Only kept properties changed (a label, a photo): still a new version of the card.
        touch_contact(&mut *tx, owner, id, "update").await?;
    }
    etag_of(tx, id).await
}

#[async_trait]
impl CardWriteStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn put_card(&self, put: CardPut) -> StoreResult<CardPutOutcome> {
        let put = CardPut { contact: put.contact.validate()?, ..put };
        kith_core::contact::check_kept(&put.extras)?;
        match self.put_card_once(&put).await {
            Err(e) if is_unique_violation(&e) => Ok(CardPutOutcome::PreconditionFailed),
            other => other,
        }
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn remove_card(&self, name: &str, condition: &CardCondition, delete: bool) -> StoreResult<CardRemoveOutcome> {
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        let target = match uid_named(&mut tx, owner, name).await? {
            Some(uid) => contact_of_uid(&mut tx, owner, &uid).await?.filter(|t| !t.archived),
            None => None,
        };
        let Some(target) = target else { return Ok(CardRemoveOutcome::NotFound) };
        if !condition.holds(Some(&target.etag)) || !take_row(&mut tx, owner, &target, !condition.is_empty()).await? {
            return Ok(CardRemoveOutcome::PreconditionFailed);
        }
        let outcome = if delete {
            delete_contacts_in(&mut tx, owner, &[target.id]).await?;
            CardRemoveOutcome::Deleted
        } else {
            let archive = ContactPatch { archived: Some(true), ..ContactPatch::default() };
            edit_contact_in(&mut tx, owner, target.id, &archive).await?;
            CardRemoveOutcome::Archived
        };
        tx.commit().await?;
        if delete && let Err(e) = D::wipe_freed(&self.pool).await {
            // The deletion is done; only the overwriting of its freed pages waits for the next one.
            tracing::warn!(error = %e, "the pages a deleted contact freed were not overwritten yet");
        }
        Ok(outcome)
    }
}

impl ThisStore {
    async fn put_card_once(&self, put: &CardPut) -> StoreResult<CardPutOutcome> {
        let owner = self.owner;
        let conditional = !put.condition.is_empty();
        let mut tx = D::begin_write(&self.pool).await?;
        let named = match uid_named(&mut tx, owner, &put.name).await? {
            Some(uid) => contact_of_uid(&mut tx, owner, &uid).await?,
            None => None,
        };
        let live = named.filter(|t| !t.archived);
        if !put.condition.holds(live.as_ref().map(|t| t.etag.as_str())) {
            return Ok(CardPutOutcome::PreconditionFailed);
        }
        let outcome = if let Some(target) = live {
            if target.uid != put.uid {
                return Ok(CardPutOutcome::UidChanged { uid: target.uid });
            }
            if !take_row(&mut tx, owner, &target, conditional).await? {
                return Ok(CardPutOutcome::PreconditionFailed);
            }
            CardPutOutcome::Replaced { etag: replace(&mut tx, owner, target.id, put, false).await? }
        } else {
            match contact_of_uid(&mut tx, owner, &put.uid).await? {
                Some(other) if !other.archived => {
                    return Ok(CardPutOutcome::UidTaken { name: card_name_of(&mut tx, owner, &other.uid).await? });
                }
                // An archived contact's card comes back: the same person, in the address book again.
                Some(archived) => {
                    if !take_row(&mut tx, owner, &archived, true).await? {
                        return Ok(CardPutOutcome::PreconditionFailed);
                    }
                    name_card(&mut tx, owner, &put.uid, &put.name).await?;
                    CardPutOutcome::Created { etag: replace(&mut tx, owner, archived.id, put, true).await? }
                }
                None if names_another(&mut tx, owner, &put.name, &put.uid).await? => {
                    return Ok(CardPutOutcome::NameTaken);
                }
                None => {
                    name_card(&mut tx, owner, &put.uid, &put.name).await?;
                    let mut contact = put.contact.clone();
                    // Dormant with no circle chosen, the triage's, like an imported person; a
                    // circle the card names (from kith, through the phone) is kept as chosen.
                    let chosen = contact.circle.is_some_and(|c| c != Circle::Dormant);
                    contact.circle = contact.circle.or(Some(Circle::Dormant));
                    let id = insert_contact_as(&mut tx, owner, &contact, put.today, &put.uid, chosen).await?;
                    insert_extras(&mut tx, owner, id, &put.extras).await?;
                    CardPutOutcome::Created { etag: etag_of(&mut tx, id).await? }
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }
}
