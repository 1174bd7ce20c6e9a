//! The rows that name a contact and go with it when it is merged into another: one list, read by
//! the merge (which moves them), the record it keeps (which notes their keys) and the undo (which
//! gives them back).

/// A table whose rows name a contact in `contact` and are told apart by `key`.
pub(super) struct Movable {
    /// How a merge's record names these rows (the table, or table.column for a table that names
    /// contacts twice).
    pub(super) name: &'static str,
    pub(super) table: &'static str,
    pub(super) contact: &'static str,
    pub(super) key: &'static str,
    /// Whether a row the kept contact has too (a touch both were on) stays once: the removed
    /// contact's copy then goes with it instead of moving.
    pub(super) once: bool,
}

/// Everything a merge moves that is keyed by an id; memberships, reconnection offers and kept
/// vCard properties have keys of their own and are moved beside these.
pub(super) const MOVABLE: [Movable; 10] = [
    Movable {
        name: "interaction_contacts",
        table: "interaction_contacts",
        contact: "contact_id",
        key: "interaction_id",
        once: true,
    },
    Movable { name: "interactions", table: "interactions", contact: "favor_contact_id", key: "id", once: false },
    Movable { name: "followups", table: "followups", contact: "contact_id", key: "id", once: false },
    Movable { name: "event_people", table: "event_people", contact: "contact_id", key: "event_id", once: true },
    Movable {
        name: "campaign_contacts",
        table: "campaign_contacts",
        contact: "contact_id",
        key: "campaign_id",
        once: true,
    },
    Movable { name: "signals", table: "signals", contact: "from_contact_id", key: "id", once: false },
    // A relationship between the two merged becomes one with itself: kept, never shown, and
    // given back by an undo.
    Movable { name: "relationships.from", table: "relationships", contact: "from_contact_id", key: "id", once: false },
    Movable { name: "relationships.to", table: "relationships", contact: "to_contact_id", key: "id", once: false },
    Movable { name: "past_jobs", table: "past_jobs", contact: "contact_id", key: "id", once: false },
    Movable { name: "job_changes", table: "job_changes", contact: "contact_id", key: "id", once: false },
];

impl Movable {
    /// `WHERE …` of the removed contact's rows that move ($1 owner, $2 kept, $3 removed).
    fn moving(&self) -> String {
        let Movable { table, contact, key, once, .. } = self;
        // `$2 <> $3` holds for every merge; it names $2 so each statement binds the same three.
        let kept_has = if *once {
            format!("{key} NOT IN (SELECT {key} FROM {table} WHERE {contact} = $2)")
        } else {
            "$2 <> $3".to_string()
        };
        format!("WHERE owner_id = $1 AND {contact} = $3 AND {kept_has}")
    }

    /// The keys of the rows that move.
    pub(super) fn select_moving(&self) -> String {
        format!("SELECT {} FROM {} {}", self.key, self.table, self.moving())
    }

    /// Moves them to the kept contact.
    pub(super) fn update_moving(&self) -> String {
        format!("UPDATE {} SET {} = $2 {}", self.table, self.contact, self.moving())
    }
}
