//! A stable fingerprint of a record's content, for records that carry no id of their own (a message
//! without a Message-ID, a calendar event without a UID), so importing the same file again still
//! recognises them.
//!
//! FNV-1a with 128 bits: tiny, fixed forever (unlike `std`'s hasher, which may change between Rust
//! releases), and wide enough that two different records in a mailbox never collide in practice.

const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// 32 hex digits identifying `parts` (in order); a part boundary is part of the input, so
/// `["ab", "c"]` and `["a", "bc"]` differ.
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let mut hash = OFFSET;
    for part in parts {
        // 0xFF never occurs in UTF-8, so it separates parts unambiguously.
        for &byte in part.as_bytes().iter().chain(&[0xFF]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_separate_parts() {
        let a = fingerprint(&["ann@example.org", "Mon, 2 Mar 2026 10:00:00 +0100", "Lunch?"]);
        assert_eq!(a.len(), 32);
        assert_eq!(a, fingerprint(&["ann@example.org", "Mon, 2 Mar 2026 10:00:00 +0100", "Lunch?"]));
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        // Pinned: a change here would make every re-import of old mail count its messages again.
        assert_eq!(fingerprint(&[]), "6c62272e07bb014262b821756295c58d");
    }
}
