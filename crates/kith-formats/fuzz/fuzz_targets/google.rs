//! Any bytes given to the Google Contacts reader: records or a located error, never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kith_formats::csv::google::read(data);
});
