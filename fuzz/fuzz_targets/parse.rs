//! Parsing any input returns diagnostics, never panics or hangs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let _ = lgp_lang::parser::parse(src);
    }
});
