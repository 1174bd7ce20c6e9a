//! Any bytes given to the mbox reader: touches and located problems, never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kith_formats::mail::read_mbox(data);
});
