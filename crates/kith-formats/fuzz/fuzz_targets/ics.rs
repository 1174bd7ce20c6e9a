//! Any bytes given to the iCalendar reader, with recurrences expanded up to a fixed day.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let _ = kith_formats::ics::read_touches(data, today);
});
