//! The validating scan behind the projection: it checks JSON syntax the way
//! serde_json does, answers whether a value's text is canonical (what our
//! encoder prints for its parsed value), and parses the common scalars.

use crate::value::{Str, Value};

use super::classify::{BLOCK, prefix_at, stop_mask};

/// A validating scan over JSON bytes. Every method answers `None` when the
/// full parser must decide, and otherwise whether what it scanned is
/// canonical.
pub(super) struct Scanner<'a> {
    bytes: &'a [u8],
    pub(super) pos: usize,
    /// The block whose stops `stops` holds (`usize::MAX`: none yet).
    stops_block: usize,
    /// [`stop_mask`] of that block: the scan moves forward, so each block
    /// is classified about once.
    stops: u64,
    /// Set by a number the full parser may refuse though its syntax is
    /// right: one with an exponent or hundreds of digits can overflow a
    /// double.
    pub(super) risky_number: bool,
}

/// What [`Scanner::number`] saw.
struct Number {
    /// Digits before any fraction or exponent.
    digits: usize,
    /// Digits after the decimal point.
    fraction_digits: usize,
    /// The digits before any exponent as one integer, point ignored
    /// (wrapped when more than 19 digits).
    mantissa: u64,
    negative: bool,
    fraction: bool,
    exponent: bool,
}

impl Number {
    /// Canonical: an integer that surely fits `i64` and is not `-0`.
    fn canonical(&self) -> bool {
        !self.fraction && !self.exponent && self.digits <= 18 && !self.negative_zero()
    }

    fn negative_zero(&self) -> bool {
        // The scan refuses `01`, so one zero digit means the integer is 0.
        self.negative && self.digits == 1 && self.mantissa == 0
    }

    /// The value of a canonical integer (at most 18 digits cannot
    /// overflow).
    fn int(&self) -> i64 {
        let magnitude = self.mantissa as i64;
        if self.negative { magnitude.wrapping_neg() } else { magnitude }
    }

    /// A decimal without exponent (`-12.5`) of at most 15 digits, so its
    /// digits make an integer below 2^53; with at most 22 fraction digits,
    /// the power of ten is exact too, so one division gives the correctly
    /// rounded value, as a full decimal parser finds it. `None` otherwise.
    fn exact_decimal(&self) -> Option<f64> {
        const POWERS: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        if self.exponent || self.digits + self.fraction_digits > 15 {
            return None;
        }
        let magnitude = self.mantissa as f64 / POWERS.get(self.fraction_digits)?;
        Some(if self.negative { -magnitude } else { magnitude })
    }
}

impl<'a> Scanner<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Scanner<'a> {
        Scanner { bytes, pos: 0, stops_block: usize::MAX, stops: 0, risky_number: false }
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(super) fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    pub(super) fn eat(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// Consumes `byte` if it comes next.
    pub(super) fn eat_if(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    /// The position of the first `"`, `\\` or control character at or
    /// after `from`.
    #[inline]
    fn next_stop(&mut self, from: usize) -> Option<usize> {
        let mut block = from / BLOCK;
        let mut skip = from % BLOCK;
        while block.checked_mul(BLOCK)? < self.bytes.len() {
            if block != self.stops_block {
                self.stops = stop_mask(self.bytes, block * BLOCK);
                self.stops_block = block;
            }
            let ahead = self.stops >> skip;
            if ahead != 0 {
                return Some(block * BLOCK + skip + ahead.trailing_zeros() as usize);
            }
            block += 1;
            skip = 0;
        }
        None
    }

    /// Skips whitespace; true when there was some.
    pub(super) fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
        self.pos != start
    }

    /// A top-level key without escapes or control characters: its byte
    /// range.
    #[inline]
    pub(super) fn top_key(&mut self) -> Option<(usize, usize)> {
        self.eat(b'"')?;
        let start = self.pos;
        let end = self.next_stop(start)?;
        if self.bytes.get(end) != Some(&b'"') {
            return None;
        }
        self.pos = end + 1;
        Some((start, end))
    }

    /// A scalar parsed the way the full parser parses it, for the common
    /// cases only: a string without escapes, an integer that fits `i64`, a
    /// plain decimal float, `true`, `false`, `null`. `None` (with the
    /// position anywhere) for everything else.
    // Inlined, its value is built where the caller stores it, not
    // returned through memory and copied (a store-forwarding stall).
    #[inline(always)]
    pub(super) fn scalar(&mut self, input: &Str) -> Option<Value> {
        match self.peek()? {
            b'"' => {
                let start = self.pos + 1;
                let (canonical, escaped) = self.string()?;
                let text = input.get(start..self.pos - 1)?;
                (canonical && !escaped).then(|| Value::String(input.slice_ref(text)))
            }
            b'-' | b'0'..=b'9' => {
                let start = self.pos;
                let number = self.number()?;
                if number.canonical() {
                    return Some(Value::Int(number.int()));
                }
                if number.exponent {
                    // Exponents go the full parser's way.
                    return None;
                }
                let text = input.get(start..self.pos)?;
                if !number.fraction {
                    // `-0` is a float to serde_json; 19 digits may still fit.
                    let int = text.parse::<i64>().ok().filter(|_| !number.negative_zero());
                    return int.map(Value::Int);
                }
                // Rust's parser rounds correctly, as serde_json does with
                // `float_roundtrip`.
                let float = number
                    .exact_decimal()
                    .or_else(|| text.parse::<f64>().ok().filter(|f| f.is_finite()))?;
                Some(Value::Float(float))
            }
            b't' => self.literal(b"true").map(|_| Value::Bool(true)),
            b'f' => self.literal(b"false").map(|_| Value::Bool(false)),
            b'n' => self.literal(b"null").map(|_| Value::Null),
            _ => None,
        }
    }

    /// One value, nested at most `depth_left` more container levels.
    pub(super) fn value(&mut self, depth_left: usize) -> Option<bool> {
        match self.peek()? {
            b'"' => self.string().map(|(canonical, _)| canonical),
            b'{' => self.object(depth_left.checked_sub(1)?),
            b'[' => self.array(depth_left.checked_sub(1)?),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number().map(|number| number.canonical()),
            _ => None,
        }
    }

    /// `true`, `false` or `null`: a fixed-size comparison, no call.
    fn literal<const LEN: usize>(&mut self, word: &[u8; LEN]) -> Option<bool> {
        let found = self.bytes.get(self.pos..)?.first_chunk::<LEN>()?;
        (found == word).then(|| {
            self.pos += LEN;
            true
        })
    }

    /// A number, validated as JSON's grammar has it.
    #[inline]
    fn number(&mut self) -> Option<Number> {
        let negative = self.eat_if(b'-');
        let mut mantissa = 0;
        let digits = self.digits(&mut mantissa);
        let zero = self.bytes.get(self.pos - digits) == Some(&b'0');
        if digits == 0 || (zero && digits > 1) {
            return None;
        }
        let fraction = self.eat_if(b'.');
        let fraction_digits = if fraction { self.digits(&mut mantissa) } else { 0 };
        if fraction && fraction_digits == 0 {
            return None;
        }
        let exponent = matches!(self.peek(), Some(b'e' | b'E'));
        if exponent {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits(&mut 0) == 0 {
                return None;
            }
        }
        // A double overflows past 309 integer digits.
        self.risky_number |= exponent || digits > 300;
        Some(Number { digits, fraction_digits, mantissa, negative, fraction, exponent })
    }

    /// Skips digits, appending them to `value`: how many there were.
    #[inline]
    fn digits(&mut self, value: &mut u64) -> usize {
        let start = self.pos;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            *value = value.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
            self.pos += 1;
        }
        self.pos - start
    }

    /// A string: (canonical, whether it held an escape).
    #[inline]
    fn string(&mut self) -> Option<(bool, bool)> {
        self.eat(b'"')?;
        let mut canonical = true;
        let mut escaped = false;
        loop {
            self.pos = self.next_stop(self.pos)?;
            match self.next()? {
                b'"' => return Some((canonical, escaped)),
                b'\\' => {
                    escaped = true;
                    canonical &= self.escape()?;
                }
                _ => return None,
            }
        }
    }

    /// The escape after a backslash; canonical when serde_json writes that
    /// character with this very escape.
    fn escape(&mut self) -> Option<bool> {
        match self.next()? {
            b'"' | b'\\' | b'n' | b'r' | b't' | b'b' | b'f' => Some(true),
            b'/' => Some(false),
            b'u' => {
                let hex = self.bytes.get(self.pos..self.pos + 4)?;
                let text = std::str::from_utf8(hex).ok()?;
                let code = u16::from_str_radix(text, 16).ok()?;
                if !hex.iter().all(u8::is_ascii_hexdigit) || (0xD800..0xE000).contains(&code) {
                    // Surrogate pairs and their errors: the full parser decides.
                    return None;
                }
                self.pos += 4;
                let short_form = matches!(code, 0x08 | 0x09 | 0x0A | 0x0C | 0x0D);
                let lower = !hex.iter().any(u8::is_ascii_uppercase);
                Some(code < 0x20 && !short_form && lower)
            }
            _ => None,
        }
    }

    fn array(&mut self, depth_left: usize) -> Option<bool> {
        self.eat(b'[')?;
        let mut canonical = !self.skip_ws();
        if self.eat_if(b']') {
            return Some(canonical);
        }
        loop {
            canonical &= self.value(depth_left)?;
            canonical &= !self.skip_ws();
            match self.next()? {
                b',' => canonical &= !self.skip_ws(),
                b']' => return Some(canonical),
                _ => return None,
            }
        }
    }

    /// A nested object; canonical when compact with keys unescaped, sorted
    /// and unique (how an object prints).
    fn object(&mut self, depth_left: usize) -> Option<bool> {
        self.eat(b'{')?;
        let mut canonical = !self.skip_ws();
        if self.eat_if(b'}') {
            return Some(canonical);
        }
        let mut previous: Option<Key> = None;
        loop {
            let start = self.pos + 1;
            let (key_canonical, escaped) = self.string()?;
            let key = Key::new(self.bytes, start, self.pos - 1);
            let sorted = previous.is_none_or(|previous| previous.before(&key, self.bytes));
            canonical &= key_canonical && !escaped && sorted;
            previous = Some(key);
            canonical &= !self.skip_ws();
            self.eat(b':')?;
            canonical &= !self.skip_ws();
            canonical &= self.value(depth_left)?;
            canonical &= !self.skip_ws();
            match self.next()? {
                b',' => canonical &= !self.skip_ws(),
                b'}' => return Some(canonical),
                _ => return None,
            }
        }
    }
}

/// A key of a nested object, to check that keys come in strictly increasing
/// byte order mostly by comparing first eight bytes.
#[derive(Clone, Copy)]
struct Key {
    prefix: u64,
    start: usize,
    end: usize,
}

impl Key {
    fn new(bytes: &[u8], start: usize, end: usize) -> Key {
        Key { prefix: prefix_at(bytes, start, end), start, end }
    }

    /// True when this key sorts strictly before `other`.
    fn before(&self, other: &Key, bytes: &[u8]) -> bool {
        let text = |key: &Key| bytes.get(key.start..key.end).unwrap_or_default();
        match self.prefix.cmp(&other.prefix) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => text(self) < text(other),
        }
    }
}
