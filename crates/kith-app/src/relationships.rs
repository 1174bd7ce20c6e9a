//! Relating two contacts and undoing it, for `kith relate`/`unrelate`, the contact page and the
//! API: the type read as people write it, the answer worded the same everywhere.

use chrono::NaiveDate;
use kith_core::{
    ContactId,
    relationship::{NewRelationship, RelationKind},
};
use kith_store::{Related, Store, StoreResult};
use serde::Serialize;

/// A relationship as the user gave it: "A TYPE B".
#[derive(Debug, Clone, Default)]
pub struct RelateRequest {
    pub kind: String,
    /// The inverse of a type kith does not know ("godchild of" for "godparent of").
    pub inverse: Option<String>,
    pub note: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// What `kith relate --json` prints and the API answers.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RelatedView {
    pub id: i64,
    /// False when the two were already related so (the note and dates given were added).
    pub created: bool,
    /// The relationship in words, from the first contact's side.
    pub sentence: String,
}

/// Relates `a` to `b` ("a is TYPE b"); the sentence reads it from `a`'s side.
pub async fn relate(store: &dyn Store, a: ContactId, b: ContactId, req: RelateRequest) -> StoreResult<RelatedView> {
    let (kind, turned) = RelationKind::parse(&req.kind, req.inverse.as_deref())?;
    let word = if turned { kind.inverse.clone() } else { kind.kind.clone() };
    let new = NewRelationship::new(a, kind, turned, b, req.note, req.since, req.until)?;
    let Related { id, created } = store.relate(new).await?;
    let (a_name, b_name) = (store.contact(a).await?.name, store.contact(b).await?.name);
    let said = kith_core::relationship::sentence(&a_name, &word, &b_name);
    let sentence =
        if created { format!("{said}.") } else { format!("Already known: {said}; what was given now is added.") };
    Ok(RelatedView { id, created, sentence })
}

/// Removes the relationships between `a` and `b` (of `kind`, or every one); the sentence says
/// what went, or that there was none.
pub async fn unrelate(store: &dyn Store, a: ContactId, b: ContactId, kind: Option<&str>) -> StoreResult<(u64, String)> {
    // The word read from `a`'s side: kith's own types as people write them ("mentee" is "mentee
    // of"), any other as written.
    let word = match kind {
        Some(k) => Some(match RelationKind::parse(k, None) {
            Ok((kind, turned)) => {
                if turned {
                    kind.inverse
                } else {
                    kind.kind
                }
            }
            Err(_) => RelationKind::parse(k, Some(k))?.0.kind,
        }),
        None => None,
    };
    let gone = store.unrelate(a, b, word.as_deref()).await?;
    let (a_name, b_name) = (store.contact(a).await?.name, store.contact(b).await?.name);
    let sentence = match (gone, &word) {
        (0, Some(w)) => format!("{a_name} was not {w} {b_name}; nothing changed."),
        (0, None) => format!("{a_name} and {b_name} had no relationship; nothing changed."),
        (1, Some(w)) => format!("Removed: {}.", kith_core::relationship::sentence(&a_name, w, &b_name)),
        (n, _) => format!("Removed {n} relationship{} between {a_name} and {b_name}.", if n == 1 { "" } else { "s" }),
    };
    Ok((gone, sentence))
}

/// Whether a kept vCard line names a related person (RELATED, X-ABRELATEDNAMES).
pub fn names_related(line: &str) -> bool {
    crate::address_book::is_property(line, "RELATED") || crate::address_book::is_property(line, "X-ABRELATEDNAMES")
}

/// Turns the related names kept on contacts' cards (vCard RELATED, Apple's X-ABRELATEDNAMES, from
/// an import or a phone) into relationships, where the other person is one of the user's
/// contacts (by uid, or by exactly that name) and kith can tell the type (its own words, RFC
/// 6350's types, Apple's labels). What cannot be made stays on the card as it came. How many were
/// made.
pub async fn absorb_related(store: &dyn Store, contacts: &[ContactId]) -> StoreResult<u64> {
    let mut made = 0;
    for &id in contacts {
        let mut kept = store.extras(id).await?;
        let refs = kith_formats::vcard::take_related(&mut kept);
        if refs.is_empty() {
            continue;
        }
        let mut found = Vec::new();
        let mut unmarked = false;
        for r in refs {
            match relationship_named(store, id, &r).await? {
                Some(new) => found.push((new, r.lines)),
                None => {
                    let lines = kith_formats::vcard::unmark_related(r.lines.clone());
                    unmarked |= lines != r.lines;
                    kept.extend(lines);
                }
            }
        }
        // Nothing to write when every related name stays on the card as it came.
        if !found.is_empty() || unmarked {
            made += store.absorb_relations(id, found, kept).await?;
        }
    }
    Ok(made)
}

/// The relationship a related name on `contact`'s card means, when its person and type are
/// clear: "OTHER is OTHER_WORD CONTACT".
async fn relationship_named(
    store: &dyn Store,
    contact: ContactId,
    r: &kith_formats::vcard::RelatedRef,
) -> StoreResult<Option<NewRelationship>> {
    let other = match &r.uid {
        Some(uid) => store.contact_with_uid(uid).await?,
        None => None,
    };
    let other = match other {
        Some(id) => Some(id),
        None if !r.name.trim().is_empty() => match store.resolve(r.name.trim()).await {
            // Only the contact of exactly that name: a prefix or an e-mail is not who a card names.
            Ok(id) if store.contact(id).await?.name.trim().eq_ignore_ascii_case(r.name.trim()) => Some(id),
            Err(e) if !e.is_user_error() => return Err(e),
            _ => None,
        },
        None => None,
    };
    let Some(other) = other.filter(|&o| o != contact) else { return Ok(None) };
    let Ok((kind, turned)) = RelationKind::parse(&r.other_word, r.word.as_deref()) else { return Ok(None) };
    Ok(NewRelationship::new(other, kind, turned, contact, None, None, None).ok())
}
