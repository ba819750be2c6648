//! Byte classification for the projection scan: which bytes of a 64-byte
//! block end a string's plain run (one bit each), and a key's first eight
//! bytes read with one load.
//!
//! The scan asks where the next stop is after each string's opening quote;
//! with one mask per 64 bytes, computed once, most strings cost a shift and
//! a bit count instead of a loop over their bytes. On x86_64 the mask comes
//! from SSE2, which every x86_64 CPU has, through `safe_arch` (this crate
//! forbids `unsafe`; AVX2 behind runtime detection would need it); other
//! targets compute the same bits on 64-bit words (SWAR).

/// Bytes per mask.
pub(super) const BLOCK: usize = 64;

/// True for the bytes that end a string's plain run: `"`, `\\` and the
/// control characters, which JSON forbids unescaped.
#[cfg(test)]
fn is_stop(byte: u8) -> bool {
    matches!(byte, b'"' | b'\\' | 0..0x20)
}

/// The stops among `bytes[start..start + BLOCK]`: bit `i` is set when byte
/// `start + i` is a stop. Bytes past the end count as plain.
pub(super) fn stop_mask(bytes: &[u8], start: usize) -> u64 {
    let end = start.saturating_add(BLOCK);
    if let Some(block) = bytes.get(start..end).and_then(|block| block.try_into().ok()) {
        return block_stops(block);
    }
    // The last, partial block: the full block ending where `bytes` ends,
    // shifted so that its bit for `start` comes first.
    let missing = end - bytes.len();
    let last = bytes.len().checked_sub(BLOCK).and_then(|from| bytes.get(from..));
    if let Some(last) = last.and_then(|block| block.try_into().ok()) {
        return block_stops(last).checked_shr(missing as u32).unwrap_or(0);
    }
    // A short text, padded with plain bytes.
    let mut padded = [b' '; BLOCK];
    let tail = bytes.get(start..).unwrap_or_default();
    for (slot, byte) in padded.iter_mut().zip(tail) {
        *slot = *byte;
    }
    block_stops(&padded)
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn block_stops(block: &[u8; BLOCK]) -> u64 {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, max_u8_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    let quote = set_splat_i8_m128i(b'"' as i8);
    let backslash = set_splat_i8_m128i(b'\\' as i8);
    let below_space = set_splat_i8_m128i(0x1f);
    let mut mask = 0;
    for (index, chunk) in block.chunks_exact(16).enumerate() {
        let Ok(chunk) = <&[u8; 16]>::try_from(chunk) else { continue };
        let bytes = load_unaligned_m128i(chunk);
        let quotes = cmp_eq_mask_i8_m128i(bytes, quote);
        let backslashes = cmp_eq_mask_i8_m128i(bytes, backslash);
        // Unsigned `byte <= 0x1f` as `max(byte, 0x1f) == 0x1f`: SSE2
        // compares only signed bytes, and UTF-8 bytes >= 0x80 are negative.
        let controls = cmp_eq_mask_i8_m128i(max_u8_m128i(bytes, below_space), below_space);
        let hits = bitor_m128i(bitor_m128i(quotes, backslashes), controls);
        mask |= u64::from(move_mask_i8_m128i(hits) as u16) << (16 * index);
    }
    mask
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn block_stops(block: &[u8; BLOCK]) -> u64 {
    let mut mask = 0;
    for (index, chunk) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([b' '; 8]));
        mask |= word_stops(word) << (8 * index);
    }
    mask
}

/// The stops among the eight bytes of `word` (little-endian), one bit each.
/// Exact for every byte: no carry crosses from one byte into the next.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn word_stops(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // High bit of each byte: set when its low seven bits plus `add`
    // overflow into it or the byte had it already.
    let at_least = |word: u64, add: u64| ((word & LOWS) + add) | word;
    let control = !at_least(word, ONES * (0x80 - 0x20)) & HIGHS;
    let zero = |word: u64| !at_least(word, LOWS) & HIGHS;
    let hits =
        control | zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\')));
    // Gathers the high bits (7, 15, ..., 63) into the top byte, in order.
    ((hits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// `object::key_prefix` (a key's first eight bytes, big-endian, zero-padded)
/// without a copy of unknown length, which is a `memcpy` call.
pub(super) fn prefix_of(key: &[u8]) -> u64 {
    match key.first_chunk::<8>() {
        Some(word) => u64::from_be_bytes(*word),
        None => key
            .iter()
            .zip((0..8).rev())
            .fold(0, |word, (byte, at)| word | u64::from(*byte) << (8 * at)),
    }
}

/// [`prefix_of`] `bytes[start..end]`: one 8-byte load, masked, when `bytes`
/// has eight bytes from `start`.
pub(super) fn prefix_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end.saturating_sub(start);
    let word = start.checked_add(8).and_then(|stop| bytes.get(start..stop));
    match word.and_then(|word| <[u8; 8]>::try_from(word).ok()) {
        Some(word) if len >= 8 => u64::from_be_bytes(word),
        // Big-endian: the key's bytes are the high ones.
        Some(word) if len > 0 => u64::from_be_bytes(word) & (u64::MAX << (64 - 8 * len)),
        Some(_) => 0,
        None => prefix_of(bytes.get(start..end).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::key_prefix;

    fn naive_mask(bytes: &[u8], start: usize) -> u64 {
        (0..BLOCK)
            .filter(|at| bytes.get(start + at).is_some_and(|byte| is_stop(*byte)))
            .fold(0, |mask, at| mask | 1 << at)
    }

    #[test]
    fn stop_masks_match_a_byte_by_byte_search() {
        // Every byte value at every position of a block, beside plain,
        // UTF-8 and stop neighbours, and blocks cut short by the end.
        let filler = "aé~ \x7f\"x\\".repeat(20).into_bytes();
        for byte in 0..=255u8 {
            for at in 0..BLOCK + 3 {
                let mut text = filler.clone();
                text[at] = byte;
                for start in [0, 1, 3] {
                    assert_eq!(stop_mask(&text, start), naive_mask(&text, start), "{byte} at {at}");
                }
                let short = &text[..at + 1];
                assert_eq!(stop_mask(short, 0), naive_mask(short, 0), "{byte} at {at}, cut");
            }
        }
    }

    #[test]
    fn word_stops_are_exact() {
        for byte in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = *b"a\"\x1f\xff\\ \x00z";
                bytes[at] = byte;
                let expected =
                    (0..8).filter(|i| is_stop(bytes[*i])).fold(0, |mask, i| mask | 1 << i);
                assert_eq!(word_stops(u64::from_le_bytes(bytes)), expected, "{bytes:?}");
            }
        }
    }

    #[test]
    fn prefixes_match_the_object_order_prefix() {
        let text = b"abcdefghijklmnop";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let expected = key_prefix(&text[start..end]);
                assert_eq!(prefix_at(text, start, end), expected, "{start}..{end}");
                assert_eq!(prefix_of(&text[start..end]), expected, "{start}..{end}");
            }
        }
    }
}
