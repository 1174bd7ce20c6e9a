//! Any bytes, and any mapping taken from their first line, given to the mapped CSV reader.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let mapping = String::from_utf8_lossy(&data[..split]);
    let _ = kith_formats::csv::mapped::read(&data[split..], &mapping);
});
