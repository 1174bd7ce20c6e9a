//! Any bytes given to the vCard reader: cards and located problems, never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kith_formats::vcard::read_bytes(data);
});
