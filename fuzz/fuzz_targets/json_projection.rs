//! The projected `parse_json` agrees with the full parser on any text: when
//! it answers, the value (raw fields materialised) is the full parser's, and
//! a document the full parser refuses is never projected.
#![no_main]

use lgp_stdlib::parse::json::{self, DEFAULT_MAX_DEPTH};
use lgp_stdlib::parse::json_projection::{Projection, parse_projected};
use lgp_stdlib::{Str, Value};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let input = Str::from(text);
    // The first byte picks which one-letter fields to keep and to skip.
    let names = ["a", "b", "c", "d"].map(Str::from_static);
    let pick = |shift: u8| {
        names
            .iter()
            .enumerate()
            .filter(|(i, _)| selector >> (shift + *i as u8) & 1 == 1)
            .map(|(_, n)| n.clone())
            .collect()
    };
    let keep: Vec<Str> = pick(0);
    // As the compiler makes them, kept and skipped fields are disjoint.
    let skip = pick(4).into_iter().filter(|name| !keep.contains(name)).collect();
    let projection = Projection { keep, skip };
    let full = json::parse(&input, DEFAULT_MAX_DEPTH);
    let Some((mut object, raw)) = parse_projected(&input, DEFAULT_MAX_DEPTH, &projection) else {
        return;
    };
    raw.materialize_into(&mut object);
    let Ok(Value::Object(mut expected)) = full else {
        panic!("projected a document the full parser refuses: {text:?}");
    };
    for name in &projection.skip {
        expected.remove(name.as_str());
    }
    assert_eq!(object, expected, "{text:?}");
});
