//! Formatting is idempotent and keeps the program's meaning.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let Ok(once) = lgp_lang::fmt::format(src) else { return };
    let twice = lgp_lang::fmt::format(&once).expect("formatted output must parse");
    assert_eq!(once, twice, "formatting is not idempotent");
});
