//! Search finds a contact by everything typed about them: touch notes and favors, event titles and
//! notes, follow-up notes; and says where, with the words around what it found.

use kith_core::{
    Circle, ContactId, InteractionKind, NewContact, NewInteraction,
    event::{EventKind, NewEvent},
    interaction::InteractionPatch,
};
use kith_store::{ContactFilter, MatchPlace, SearchMatch, TouchPart};

use crate::support::{Env, days, today};

async fn person(env: &Env, name: &str) -> ContactId {
    let c = NewContact { name: name.into(), circle: Some(Circle::Close), ..Default::default() };
    env.store.add_contact(c, days(-60)).await.unwrap()
}

fn touch(with: Vec<ContactId>, kind: InteractionKind, on: i64, note: Option<&str>) -> NewInteraction {
    NewInteraction {
        contacts: with,
        kind,
        on: days(on),
        minutes: None,
        note: note.map(Into::into),
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    }
}

async fn found(env: &Env, query: &str) -> Vec<String> {
    let f = ContactFilter { search: Some(query.into()), ..Default::default() };
    env.store.list_contacts(&f, today()).await.unwrap().into_iter().map(|c| c.name).collect()
}

async fn found_in(env: &Env, query: &str, who: ContactId) -> Option<SearchMatch> {
    env.store.search_matches(query, &[who]).await.unwrap().remove(&who)
}

fn marked(m: &SearchMatch) -> Vec<&str> {
    m.snippet.marks.iter().map(|r| &m.snippet.text[r.clone()]).collect()
}

async fn a_touch_note_finds_its_people_and_shows_where(env: &Env) {
    let ada = person(env, "Ada Lovelace").await;
    person(env, "Grace Hopper").await;
    let lunch = touch(vec![ada], InteractionKind::Lunch, -4, Some("She is hiring a staff engineer"));
    let id = env.store.log_interaction(lunch, 1.0).await.unwrap();

    assert_eq!(found(env, "hiring").await, ["Ada Lovelace"]);
    assert_eq!(found(env, "HIR").await, ["Ada Lovelace"], "a prefix, any case");
    // Every word must be found, each in the contact or in anything typed about them.
    assert_eq!(found(env, "ada hiring").await, ["Ada Lovelace"]);
    assert!(found(env, "grace hiring").await.is_empty());

    let m = found_in(env, "hiring", ada).await.expect("where Ada was found");
    assert_eq!(m.place, MatchPlace::Touch { id, kind: InteractionKind::Lunch, part: TouchPart::Note });
    assert_eq!(m.on, Some(days(-4)));
    assert_eq!(m.snippet.text, "She is hiring a staff engineer");
    assert_eq!(marked(&m), ["hiring"]);
    // Found by her name alone, nothing more to show.
    assert_eq!(found_in(env, "ada", ada).await, None);
    assert_eq!(found_in(env, "ada staff", ada).await.map(|m| marked(&m).join(",")), Some("staff".into()));
}

async fn favors_events_and_follow_ups_are_searched(env: &Env) {
    let s = &env.store;
    let ada = person(env, "Ada Lovelace").await;
    let grace = person(env, "Grace Hopper").await;
    let alan = person(env, "Alan Turing").await;
    let coffee = NewInteraction {
        got: Some("an intro to her compiler team".into()),
        favor_with: Some(grace),
        ..touch(vec![ada, grace], InteractionKind::Coffee, -2, None)
    };
    s.log_interaction(coffee, 1.0).await.unwrap();
    let event = NewEvent {
        title: "Zoë's Café meetup".into(),
        kind: EventKind::Meeting,
        on: days(-10),
        org: None,
        minutes: Some(60),
        note: Some("talked about pricing".into()),
        with: vec![alan],
        met: Vec::new(),
    };
    let event = s.add_event(event, today(), 1.0).await.unwrap();
    let promise = s.add_followup(grace, days(30), Some("send the Löwenbräu paper".into()), today()).await.unwrap();

    assert_eq!(found(env, "compiler").await, ["Ada Lovelace", "Grace Hopper"], "everyone on the touch");
    let m = found_in(env, "compiler", grace).await.unwrap();
    assert!(matches!(m.place, MatchPlace::Touch { part: TouchPart::Got, .. }), "{m:?}");
    assert_eq!(found(env, "cafe").await, ["Alan Turing"], "event titles, accents folded");
    assert_eq!(found(env, "pricing").await, ["Alan Turing"], "event notes");
    let m = found_in(env, "pricing", alan).await.unwrap();
    assert!(
        matches!(m.place, MatchPlace::Event { id, .. } | MatchPlace::Touch { id, .. } if id == event || m.on == Some(days(-10)))
    );
    assert_eq!(found(env, "lowenbrau").await, ["Grace Hopper"], "follow-up notes");
    let m = found_in(env, "lowenbrau", grace).await.unwrap();
    assert_eq!((m.place.clone(), m.on), (MatchPlace::FollowUp { id: promise }, Some(days(30))));
    assert_eq!(marked(&m), ["Löwenbräu"]);
}

async fn what_changes_or_goes_is_found_no_more(env: &Env) {
    let s = &env.store;
    let ada = person(env, "Ada Lovelace").await;
    let grace = person(env, "Grace Hopper").await;
    let lunch =
        s.log_interaction(touch(vec![ada], InteractionKind::Lunch, -4, Some("she is hiring")), 1.0).await.unwrap();
    let patch = InteractionPatch { note: Some(Some("budget frozen".into())), ..Default::default() };
    s.edit_interaction(lunch, patch, None).await.unwrap();
    assert!(found(env, "hiring").await.is_empty(), "an edited note is found by its new words only");
    assert_eq!(found(env, "frozen").await, ["Ada Lovelace"]);
    s.delete_interaction(lunch).await.unwrap();
    assert!(found(env, "frozen").await.is_empty());

    // A favor that was a deleted person's leaves the search with them.
    let coffee = NewInteraction {
        note: Some("coffee downtown".into()),
        gave: Some("my secret roadmap".into()),
        favor_with: Some(grace),
        ..touch(vec![ada, grace], InteractionKind::Coffee, -2, None)
    };
    s.log_interaction(coffee, 1.0).await.unwrap();
    assert_eq!(found(env, "roadmap").await, ["Ada Lovelace", "Grace Hopper"]);
    s.delete_contacts(&[grace]).await.unwrap();
    assert!(found(env, "roadmap").await.is_empty());
    assert_eq!(found(env, "downtown").await, ["Ada Lovelace"]);
}

async fn restored_and_upgraded_text_is_found(env: &Env) {
    let ada = person(env, "Ada Lovelace").await;
    let lunch = touch(vec![ada], InteractionKind::Lunch, -4, Some("she is hiring"));
    env.store.log_interaction(lunch, 1.0).await.unwrap();
    env.store.add_followup(ada, days(9), Some("ask about the offsite".into()), today()).await.unwrap();

    // A backup restored elsewhere is searchable there.
    let other = Env::same_backend(env).await;
    let options = kith_store::ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: kith_core::Weights::default(),
    };
    other.store.restore(env.store.snapshot().await.unwrap(), &options).await.unwrap();
    assert_eq!(found(&other, "hiring").await, ["Ada Lovelace"]);
    assert_eq!(found(&other, "offsite").await, ["Ada Lovelace"]);

    // A database from before typed text was searchable is folded when kith opens it.
    env.execute("UPDATE interactions SET search_text = ''").await;
    env.execute("UPDATE followups SET search_text = ''").await;
    env.execute("INSERT INTO owner_settings (owner_id, name, value) VALUES (1, 'typed_search_pending', 'yes')").await;
    assert!(found(env, "hiring").await.is_empty());
    let reopened = env.reopen().await.unwrap();
    let f = ContactFilter { search: Some("hiring offsite".into()), ..Default::default() };
    let names: Vec<String> = reopened.list_contacts(&f, today()).await.unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Ada Lovelace"]);
}

async fn where_many_contacts_were_found_is_read_from_what_was_found(env: &Env) {
    // Past a few hundred contacts the texts found lead instead of the contacts: the same answer.
    let mut ids = Vec::new();
    for k in 0..520 {
        let c = NewContact {
            name: format!("Person {k:03}"),
            notes: Some("met at the conference".into()),
            ..Default::default()
        };
        ids.push(env.store.add_contact(c, days(-60)).await.unwrap());
    }
    let zebra = touch(vec![ids[510], ids[3]], InteractionKind::Call, -2, Some("talked about the zebra project"));
    env.store.log_interaction(zebra, 1.0).await.unwrap();
    env.store.add_followup(ids[515], days(5), Some("send the zebra deck".into()), today()).await.unwrap();
    let found = env.store.search_matches("zebra", &ids).await.unwrap();
    let mut who: Vec<ContactId> = found.keys().copied().collect();
    who.sort();
    assert_eq!(who, [ids[3], ids[510], ids[515]]);
    assert!(matches!(found[&ids[515]].place, MatchPlace::FollowUp { .. }));
    let few = env.store.search_matches("zebra", &ids[..10]).await.unwrap();
    assert_eq!(few.keys().copied().collect::<Vec<_>>(), [ids[3]]);
    assert_eq!(few[&ids[3]], found[&ids[3]]);
    let notes = env.store.search_matches("conference", &ids).await.unwrap();
    assert_eq!(notes.len(), 520, "every one by their notes");
    assert_eq!(notes[&ids[0]].place, MatchPlace::Notes);
}

conformance!(
    where_many_contacts_were_found_is_read_from_what_was_found,
    a_touch_note_finds_its_people_and_shows_where,
    favors_events_and_follow_ups_are_searched,
    what_changes_or_goes_is_found_no_more,
    restored_and_upgraded_text_is_found,
);
