//! `parse_syslog` on any string fails cleanly or returns a value; never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(f) = lgp_stdlib::function("parse_syslog") else { return };
    let consts = vec![None; f.params().len()];
    let Ok(prepared) = f.prepare(&consts) else { return };
    let mut values = vec![None; f.params().len()];
    values[0] = Some(lgp_stdlib::Value::from(text));
    let _ = f.call(&prepared, &mut lgp_stdlib::Args::new(f.params(), values));
});
