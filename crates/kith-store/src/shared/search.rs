//! Search across a contact and everything typed about them (see `crate::search`): the clause a
//! contact list adds for a search, and the text each contact it lists was found in.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use kith_core::ContactId;
use sqlx::QueryBuilder;

use crate::search::{MatchPlace, SearchMatch, TouchPart, snippet, words_found};
use crate::{OwnerId, StoreResult, dialect::Dialect, text};

use super::rows::{parse_kind, push_ids};
use super::{Conn, D, Db};

/// Contacts whose matches are read per statement.
const CHUNK: usize = 500;
/// From this many contacts, their own fields are read with one statement over the owner's.
const WHOLE_OWNER_FROM: usize = 2_000;

/// Appends ` AND …` keeping the contacts `c` in which every word is found: each word in the
/// contact's own text or in a touch, event or follow-up of theirs (not necessarily the same one:
/// "ada hiring" finds Ada by her name and the lunch where she said she was hiring). The contacts
/// are one set, the intersection over the words of who has each: the list then reads only them
/// instead of testing every contact against every word.
pub(super) fn push_search(qb: &mut QueryBuilder<Db>, words: &[String]) {
    qb.push(" AND c.id IN (");
    for (k, word) in words.iter().enumerate() {
        if k > 0 {
            qb.push(" INTERSECT ");
        }
        let word = std::slice::from_ref(word);
        qb.push("SELECT id FROM (");
        D::push_matching_ids(qb, "contacts", word);
        qb.push(" UNION SELECT ic.contact_id FROM interaction_contacts ic WHERE ic.interaction_id IN (");
        D::push_matching_ids(qb, "interactions", word);
        qb.push(") UNION SELECT ep.contact_id FROM event_people ep WHERE ep.event_id IN (");
        D::push_matching_ids(qb, "events", word);
        qb.push(") UNION SELECT f.contact_id FROM followups f WHERE f.id IN (");
        D::push_matching_ids(qb, "followups", word);
        qb.push(format!(")) w{k}"));
    }
    qb.push(")");
}

/// Appends ` AND (<id> IN (rows of table with word 1) OR …)`: rows with at least one word.
/// `found_drive`: the rows found lead the statement (few contacts are named, or none).
fn push_any_word(qb: &mut QueryBuilder<Db>, id: &str, table: &'static str, words: &[String], found_drive: bool) {
    qb.push(" AND (");
    for (k, word) in words.iter().enumerate() {
        if k > 0 {
            qb.push(" OR ");
        }
        // With a few contacts named, `+` keeps the ids found from driving: SQLite would otherwise
        // probe every (contact, found id) pair, 500 contacts × 65,000 touches per statement.
        qb.push(format!("{}{id} IN (", if found_drive { "" } else { "+" }));
        D::push_matching_ids(qb, table, std::slice::from_ref(word));
        qb.push(")");
    }
    qb.push(")");
}

/// One text a contact may have been found in.
struct Candidate {
    contact: ContactId,
    place: MatchPlace,
    on: Option<NaiveDate>,
    text: String,
}

type TouchRow = (i64, i64, String, NaiveDate, Option<String>, Option<String>, Option<String>);

/// Pushes ` AND <column> IN (contacts…)` when the contacts are few enough to lead the statement.
fn push_contacts(qb: &mut QueryBuilder<Db>, column: &str, contacts: Option<&[ContactId]>) {
    if let Some(ids) = contacts {
        qb.push(format!(" AND {column} IN "));
        push_ids(qb, ids);
    }
}

/// The texts of `contacts` (touches, events, follow-ups) holding at least one of `words`, newest
/// first. A few hundred contacts lead the statements (their touches are read, then tested); more
/// than that, the texts found lead and are kept when they are one of the contacts'.
async fn candidates(
    conn: &mut Conn,
    owner: OwnerId,
    contacts: &[ContactId],
    words: &[String],
) -> StoreResult<Vec<Candidate>> {
    let few = (contacts.len() <= CHUNK).then_some(contacts);
    let wanted: HashSet<ContactId> = contacts.iter().copied().collect();
    let mut out = Vec::new();
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT ic.contact_id, i.id, i.kind, i.on_date, i.note, i.gave, i.got FROM interaction_contacts ic \
         JOIN interactions i ON i.id = ic.interaction_id WHERE ic.owner_id = ",
    );
    qb.push_bind(owner);
    push_contacts(&mut qb, "ic.contact_id", few);
    push_any_word(&mut qb, "i.id", "interactions", words, few.is_none());
    qb.push(" ORDER BY i.on_date DESC, i.id DESC");
    let touches: Vec<TouchRow> = qb.build_query_as().fetch_all(&mut *conn).await?;
    for (contact, id, kind, on, note, gave, got) in touches.into_iter().filter(|t| wanted.contains(&t.0)) {
        let kind = parse_kind(&kind)?;
        for (part, text) in [(TouchPart::Note, note), (TouchPart::Gave, gave), (TouchPart::Got, got)] {
            if let Some(text) = text {
                let place = MatchPlace::Touch { id, kind, part };
                out.push(Candidate { contact, place, on: Some(on), text });
            }
        }
    }
    let mut qb = QueryBuilder::<Db>::new(
        "SELECT ep.contact_id, e.id, e.title, e.on_date, e.note FROM event_people ep \
         JOIN events e ON e.id = ep.event_id WHERE ep.owner_id = ",
    );
    qb.push_bind(owner);
    push_contacts(&mut qb, "ep.contact_id", few);
    push_any_word(&mut qb, "e.id", "events", words, few.is_none());
    qb.push(" ORDER BY e.on_date DESC, e.id DESC");
    let events: Vec<(i64, i64, String, NaiveDate, Option<String>)> = qb.build_query_as().fetch_all(&mut *conn).await?;
    for (contact, id, title, on, note) in events.into_iter().filter(|e| wanted.contains(&e.0)) {
        let place = MatchPlace::Event { id, title: title.clone() };
        out.push(Candidate { contact, place: place.clone(), on: Some(on), text: title });
        if let Some(text) = note {
            out.push(Candidate { contact, place, on: Some(on), text });
        }
    }
    let mut qb =
        QueryBuilder::<Db>::new("SELECT f.contact_id, f.id, f.due_on, f.note FROM followups f WHERE f.owner_id = ");
    qb.push_bind(owner);
    push_contacts(&mut qb, "f.contact_id", few);
    push_any_word(&mut qb, "f.id", "followups", words, few.is_none());
    qb.push(" ORDER BY f.due_on DESC, f.id DESC");
    let followups: Vec<(i64, i64, NaiveDate, Option<String>)> = qb.build_query_as().fetch_all(&mut *conn).await?;
    for (contact, id, due, note) in followups.into_iter().filter(|f| wanted.contains(&f.0)) {
        if let Some(text) = note {
            out.push(Candidate { contact, place: MatchPlace::FollowUp { id }, on: Some(due), text });
        }
    }
    // Newest first across touches, events and follow-ups; each kind was read newest first.
    out.sort_by_key(|c| std::cmp::Reverse(c.on));
    Ok(out)
}

/// Where each of `contacts` was found by `query`, for those whose name, organization, title,
/// e-mails and tags do not hold every word: the text holding the most words, the newest of equals.
pub(super) async fn search_matches(
    conn: &mut Conn,
    owner: OwnerId,
    query: &str,
    contacts: &[ContactId],
) -> StoreResult<HashMap<ContactId, SearchMatch>> {
    let words = text::search_words(query);
    let mut found = HashMap::new();
    if words.is_empty() || contacts.is_empty() {
        return Ok(found);
    }
    let all = words_found(&words.join(" "), &words);
    let mut by_fields: HashMap<ContactId, u64> = HashMap::new();
    let mut notes_of: Vec<Candidate> = Vec::new();
    // Many contacts are read with one statement over the owner's, kept here; a few by their ids.
    let wanted: HashSet<ContactId> = contacts.iter().copied().collect();
    let chunks: Vec<Option<&[ContactId]>> =
        if contacts.len() > WHOLE_OWNER_FROM { vec![None] } else { contacts.chunks(CHUNK).map(Some).collect() };
    for chunk in chunks {
        let mut qb = QueryBuilder::<Db>::new("SELECT id, search_text, notes FROM contacts WHERE owner_id = ");
        qb.push_bind(owner);
        if let Some(ids) = chunk {
            qb.push(" AND id IN ");
            push_ids(&mut qb, ids);
        }
        let own: Vec<(i64, String, Option<String>)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        for (id, search_text, notes) in own.into_iter().filter(|o| wanted.contains(&o.0)) {
            // The contact's search text holds its folded notes as one run: without it, its fields.
            let fields = match notes.as_deref().map(text::fold).filter(|n| !n.is_empty()) {
                Some(n) => search_text.replacen(&n, "", 1),
                None => search_text,
            };
            let fields = words_found(&fields, &words);
            by_fields.insert(id, fields);
            if let Some(text) = notes.filter(|_| fields != all) {
                notes_of.push(Candidate { contact: id, place: MatchPlace::Notes, on: None, text });
            }
        }
    }
    // Contacts their own fields explain need no text: their touches are not read.
    let open: Vec<ContactId> =
        contacts.iter().copied().filter(|c| by_fields.get(c).is_some_and(|f| *f != all)).collect();
    let mut typed = if open.is_empty() { Vec::new() } else { candidates(conn, owner, &open, &words).await? };
    typed.append(&mut notes_of);
    let mut best: HashMap<ContactId, (u32, Candidate)> = HashMap::new();
    for cand in typed {
        let fields = by_fields.get(&cand.contact).copied().unwrap_or(0);
        let hits = words_found(&text::fold(&cand.text), &words);
        if hits & !fields == 0 {
            continue;
        }
        let score = hits.count_ones();
        if best.get(&cand.contact).is_none_or(|(s, _)| score > *s) {
            best.insert(cand.contact, (score, cand));
        }
    }
    for (contact, (_, cand)) in best {
        if let Some(snippet) = snippet(&cand.text, &words) {
            found.insert(contact, SearchMatch { place: cand.place, on: cand.on, snippet });
        }
    }
    Ok(found)
}
