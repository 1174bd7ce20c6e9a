//! The derived warmth columns of a contact, computed only with kith-core's warmth model so that
//! there is one definition of the math. The store keeps them up to date in the same transaction as
//! every change that affects them; "who is due" then reads an index instead of history.

use chrono::NaiveDate;
use kith_core::{
    Circle, Warmth,
    circle::half_life_days,
    contact::{Cadenced, ContactBrief},
};

/// What the store keeps per contact so the due list is an index range scan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Derived {
    pub last_touch_on: Option<NaiveDate>,
    pub warmth_mass: Option<f64>,
    /// Real day number of the due moment (`Cadenced::due_at`).
    pub due_at: f64,
    /// `None` when the contact is never due (dormant, archived).
    pub due_on: Option<NaiveDate>,
    /// The day the contact counts as lost; `None` without touches.
    pub lost_on: Option<NaiveDate>,
    /// The tie's strength on the day of the latest touch; `None` without touches.
    pub strength_mass: Option<f64>,
    /// The day on which the strength is 1 (`Warmth::strength_day`): ranks ties; `None` without touches.
    pub strength_day: Option<f64>,
    /// The cadence in force when the contact can be due; `None` when it never is (dormant, archived).
    pub cadence_days: Option<i64>,
}

/// Folds a contact's touches, given oldest first (by date, then interaction id), with the half-life
/// its circle and cadence give.
pub(crate) fn fold_touches(
    circle: Circle,
    custom_cadence_days: Option<u32>,
    touches: impl IntoIterator<Item = (NaiveDate, f64)>,
) -> Option<Warmth> {
    Warmth::from_touches(touches, half_life_days(circle, custom_cadence_days))
}

/// The derived columns of a contact whose `warmth` is up to date.
pub(crate) fn derive(c: &ContactBrief) -> Derived {
    Derived {
        last_touch_on: c.warmth.map(|w| w.last_touch),
        warmth_mass: c.warmth.map(|w| w.mass),
        due_at: c.due_at(),
        due_on: c.due_on(),
        lost_on: c.warmth.map(|w| w.lost_on(c.half_life())),
        strength_mass: c.warmth.map(|w| w.strength),
        strength_day: c.warmth.map(|w| w.strength_day()),
        cadence_days: c.is_nagged().then(|| c.cadence_days().map(i64::from)).flatten(),
    }
}
