//! Any bytes given to the JSON backup reader: a backup or a located error, never a panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(b) = kith_formats::backup::read(data) {
        let again = kith_formats::backup::write(&b.snapshot, b.exported_on);
        assert_eq!(kith_formats::backup::read(again.as_bytes()).map(|x| x.snapshot), Ok(b.snapshot));
    }
});
