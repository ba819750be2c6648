//! Compiling any grok pattern (then matching it against itself) returns a
//! matcher or an error; never panics or hangs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(pattern) = std::str::from_utf8(data) else { return };
    let Some(f) = lgp_stdlib::function("parse_grok") else { return };
    let mut consts = vec![None; f.params().len()];
    consts[1] = Some(lgp_stdlib::Value::from(pattern));
    let Ok(prepared) = f.prepare(&consts) else { return };
    let mut values = vec![None; f.params().len()];
    values[0] = Some(lgp_stdlib::Value::from(pattern));
    values[1] = Some(lgp_stdlib::Value::from(pattern));
    let _ = f.call(&prepared, &mut lgp_stdlib::Args::new(f.params(), values));
});
