//! Interactions: touches with one or more contacts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{ContactId, FollowUpId, InteractionKind, ValidationError};

pub type InteractionId = i64;

/// The longest interaction kith accepts, in minutes (a long conference day).
pub const MAX_MINUTES: u32 = 24 * 60;

/// A touch to record. Validate with [`NewInteraction::validate`] before storing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewInteraction {
    pub contacts: Vec<ContactId>,
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub minutes: Option<u32>,
    pub note: Option<String>,
    /// What the user gave (an introduction, a referral, advice).
    pub gave: Option<String>,
    /// What the user received.
    pub got: Option<String>,
    pub they_initiated: bool,
    /// Whom the favor (`gave` or `got`) belongs to: one of `contacts`. A favor on a touch with
    /// several people belongs to one of them, never to all; without this, to the first named.
    pub favor_with: Option<ContactId>,
    /// Open follow-ups of people in this touch that it keeps: marked done, on the touch's day, in the
    /// same transaction.
    pub fulfills: Vec<FollowUpId>,
}

impl NewInteraction {
    /// Checks the interaction against `today`: at least one contact, not in the future, sane length,
    /// a favor that belongs to one of its people.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewInteraction, ValidationError> {
        if self.contacts.is_empty() {
            return Err(ValidationError::new("who", "", "name at least one contact"));
        }
        let mut seen = std::collections::HashSet::new();
        self.contacts.retain(|c| seen.insert(*c));
        let mut kept = std::collections::HashSet::new();
        self.fulfills.retain(|f| kept.insert(*f));
        if self.on > today {
            return Err(ValidationError::new(
                "on",
                self.on.to_string(),
                format!("is after today ({today}); log a touch once it happened, or use `followup add` to plan one"),
            ));
        }
        if let Some(m) = self.minutes
            && (m == 0 || m > MAX_MINUTES)
        {
            return Err(ValidationError::new("minutes", m.to_string(), "must be from 1 to 1440"));
        }
        for (field, v) in [("note", &mut self.note), ("gave", &mut self.gave), ("got", &mut self.got)] {
            if let Some(t) = v {
                let trimmed = t.trim();
                if trimmed.chars().count() > 10_000 {
                    return Err(ValidationError::new(field, "…", "too long; at most 10000 characters"));
                }
                *v = (!trimmed.is_empty()).then(|| trimmed.to_string());
            }
        }
        let favor = self.gave.is_some() || self.got.is_some();
        match self.favor_with {
            Some(who) if !self.contacts.contains(&who) => {
                return Err(ValidationError::new(
                    "favor_with",
                    who.to_string(),
                    "is not one of the people in this touch; name one of them",
                ));
            }
            Some(who) if !favor => {
                return Err(ValidationError::new(
                    "favor_with",
                    who.to_string(),
                    "says whom a favor belongs to, but nothing was given or received; add what was given or received (gave, got)",
                ));
            }
            None if favor => self.favor_with = self.contacts.first().copied(),
            _ => {}
        }
        Ok(self)
    }
}

/// Someone who took part in an interaction, as shown on a timeline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ContactId,
    pub name: String,
}

/// A stored interaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub minutes: Option<u32>,
    pub note: Option<String>,
    pub gave: Option<String>,
    pub got: Option<String>,
    pub they_initiated: bool,
    /// The weight the interaction carried when it was logged (weights are configurable).
    pub weight: f64,
    pub with: Vec<Participant>,
    /// Whom the favor (`gave` or `got`) belongs to, when there is one.
    pub favor_with: Option<ContactId>,
}

impl Interaction {
    /// The name of the person a favor on this touch belongs to, when that is someone other than
    /// `contact`: a timeline shows "received from Grace Hopper" on the others' pages.
    pub fn favor_elsewhere(&self, contact: ContactId) -> Option<&str> {
        let who = self.favor_with.filter(|w| *w != contact)?;
        self.with.iter().find(|p| p.id == who).map(|p| p.name.as_str())
    }
}

impl From<&Interaction> for NewInteraction {
    /// A stored interaction as it would be logged again (the follow-ups it kept stay kept).
    fn from(i: &Interaction) -> NewInteraction {
        NewInteraction {
            contacts: i.with.iter().map(|p| p.id).collect(),
            kind: i.kind,
            on: i.on,
            minutes: i.minutes,
            note: i.note.clone(),
            gave: i.gave.clone(),
            got: i.got.clone(),
            they_initiated: i.they_initiated,
            favor_with: i.favor_with,
            fulfills: Vec::new(),
        }
    }
}

/// A change to an interaction: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InteractionPatch {
    pub kind: Option<InteractionKind>,
    pub on: Option<NaiveDate>,
    pub minutes: Option<Option<u32>>,
    pub note: Option<Option<String>>,
    /// Everyone in it, replacing the people it had.
    #[serde(default)]
    pub contacts: Option<Vec<ContactId>>,
    #[serde(default)]
    pub gave: Option<Option<String>>,
    #[serde(default)]
    pub got: Option<Option<String>>,
    /// Whom the favor belongs to, when several are in it.
    #[serde(default)]
    pub favor_with: Option<Option<ContactId>>,
}

impl InteractionPatch {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == InteractionPatch::default()
    }

    /// The interaction `current` becomes with this change, checked as a new one is against
    /// `today` (no date after it). A favor whose person is no longer in the touch goes to the first
    /// person named, as on a new touch.
    pub fn apply(self, current: NewInteraction, today: NaiveDate) -> Result<NewInteraction, ValidationError> {
        let contacts = self.contacts.unwrap_or(current.contacts);
        let gave = self.gave.unwrap_or(current.gave);
        let got = self.got.unwrap_or(current.got);
        let favor_with = match self.favor_with {
            // As asked: `validate` refuses a person not in the touch, or a favor holder without one.
            Some(w) => w,
            None => current.favor_with.filter(|w| contacts.contains(w) && (gave.is_some() || got.is_some())),
        };
        NewInteraction {
            kind: self.kind.unwrap_or(current.kind),
            on: self.on.unwrap_or(current.on),
            minutes: self.minutes.unwrap_or(current.minutes),
            note: self.note.unwrap_or(current.note),
            favor_with,
            gave,
            got,
            contacts,
            they_initiated: current.they_initiated,
            fulfills: Vec::new(),
        }
        .validate(today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lunch(on: &str) -> NewInteraction {
        NewInteraction {
            contacts: vec![1, 2, 1],
            kind: InteractionKind::Lunch,
            on: on.parse().unwrap(),
            minutes: Some(60),
            note: Some("  ".into()),
            gave: None,
            got: None,
            they_initiated: false,
            favor_with: None,
            fulfills: Vec::new(),
        }
    }

    #[test]
    fn future_dates_are_refused_and_people_deduplicated() {
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let err = lunch("2026-11-23").validate(today).unwrap_err();
        assert_eq!((err.field.as_str(), err.value.as_str()), ("on", "2026-11-23"));
        let ok = lunch("2026-11-22").validate(today).unwrap();
        assert_eq!(ok.contacts, vec![1, 2]);
        assert_eq!(ok.note, None);
        assert_eq!(ok.favor_with, None, "no favor, nobody to credit");
    }

    #[test]
    fn a_favor_belongs_to_one_person_of_the_touch() {
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let got = NewInteraction { got: Some("an intro to Acme".into()), ..lunch("2026-11-20") };
        assert_eq!(got.clone().validate(today).unwrap().favor_with, Some(1), "the first named");
        assert_eq!(NewInteraction { favor_with: Some(2), ..got.clone() }.validate(today).unwrap().favor_with, Some(2));
        let err = NewInteraction { favor_with: Some(7), ..got }.validate(today).unwrap_err();
        assert_eq!((err.field.as_str(), err.value.as_str()), ("favor_with", "7"));
        let err = NewInteraction { favor_with: Some(2), ..lunch("2026-11-20") }.validate(today).unwrap_err();
        assert!(err.message.contains("nothing was given or received"), "{err}");
    }

    #[test]
    fn an_edit_is_checked_as_a_new_touch_and_keeps_what_it_does_not_name() {
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let current = NewInteraction { gave: Some("a reference".into()), favor_with: Some(2), ..lunch("2026-11-20") }
            .validate(today)
            .unwrap();
        let moved = InteractionPatch { on: Some("2026-11-01".parse().unwrap()), ..Default::default() };
        let after = moved.apply(current.clone(), today).unwrap();
        assert_eq!(
            (after.on, after.contacts.clone(), after.favor_with),
            ("2026-11-01".parse().unwrap(), vec![1, 2], Some(2))
        );
        assert_eq!(after.gave.as_deref(), Some("a reference"));

        let future = InteractionPatch { on: Some("2026-11-23".parse().unwrap()), ..Default::default() };
        assert_eq!(future.apply(current.clone(), today).unwrap_err().field, "on");
        let nobody = InteractionPatch { contacts: Some(Vec::new()), ..Default::default() };
        assert_eq!(nobody.apply(current.clone(), today).unwrap_err().field, "who");

        // The favor's person left the touch: the favor goes to the first one named.
        let people = InteractionPatch { contacts: Some(vec![3, 1, 3]), ..Default::default() };
        let after = people.apply(current.clone(), today).unwrap();
        assert_eq!((after.contacts.clone(), after.favor_with), (vec![3, 1], Some(3)));
        // No favor left: nobody holds one.
        let cleared = InteractionPatch { gave: Some(None), ..Default::default() };
        assert_eq!(cleared.apply(current.clone(), today).unwrap().favor_with, None);
        // Named on purpose to someone not in it: refused, not dropped.
        let wrong = InteractionPatch { favor_with: Some(Some(9)), ..Default::default() };
        assert_eq!(wrong.apply(current, today).unwrap_err().field, "favor_with");
        assert!(InteractionPatch::default().is_empty());
    }
}
