//! vCard import and export as a user meets them: real files from other address books, every
//! version's quirks, the problems reported for broken cards, and the round trip through an export.

// The modules live in tests/vcard/, which cargo does not build as test crates of their own.
mod vcard {
    mod corpus;
    mod reading;
    mod roundtrip;
    mod support;
    mod writing;
}
