//! Checking any parsed input returns diagnostics, never panics or hangs.
#![no_main]

struct NoFiles;

impl lgp_lang::check::Loader for NoFiles {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        Err(format!("{path}: not available while fuzzing"))
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let file = lgp_lang::SourceFile::new("fuzz.lgp", src);
        let (program, _) = lgp_lang::parser::parse(src);
        let _ = lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
    }
});
