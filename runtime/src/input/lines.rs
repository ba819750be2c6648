//! Splits a byte stream into lines without copying them: each complete line
//! inside a chunk becomes a [`Str`] that shares the chunk's buffer. Only a
//! line that spans two chunks is copied (into the carry).
//!
//! A line longer than `max_line_bytes` is cut at that many bytes (on a
//! character boundary) and the rest of it is skipped; invalid UTF-8 is
//! replaced with U+FFFD. A trailing `\r` is removed.

use bytes::Bytes;
use lgp_stdlib::Str;

pub struct LineSplitter {
    carry: Vec<u8>,
    /// The input bytes of the line in `carry`, the skipped part of an
    /// over-long line included.
    carried_bytes: usize,
    max_line_bytes: usize,
    /// The current line passed the limit: skip to its end.
    overlong: bool,
}

/// A line and the bytes it took in the input (newline included).
pub type Line = (Str, usize);

impl LineSplitter {
    pub fn new(max_line_bytes: usize) -> LineSplitter {
        LineSplitter {
            carry: Vec::new(),
            carried_bytes: 0,
            max_line_bytes: max_line_bytes.max(1),
            overlong: false,
        }
    }

    /// Appends the complete lines of `chunk` to `out`; keeps the partial last one.
    pub fn feed(&mut self, chunk: Bytes, out: &mut Vec<Line>) {
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', &chunk) {
            if self.carry.is_empty() && !self.overlong {
                let line = self.cut(&chunk, start, newline);
                out.push((line, newline + 1 - start));
            } else {
                self.append(chunk.get(start..newline).unwrap_or_default());
                let bytes = self.carried_bytes + 1;
                out.push((self.take_carry(), bytes));
            }
            start = newline + 1;
        }
        if start < chunk.len() {
            self.append(chunk.get(start..).unwrap_or_default());
        }
    }

    /// The last line when the stream ends without a newline.
    pub fn finish(&mut self) -> Option<Line> {
        if self.carry.is_empty() && !self.overlong {
            return None;
        }
        let bytes = self.carried_bytes;
        Some((self.take_carry(), bytes))
    }

    fn append(&mut self, part: &[u8]) {
        self.carried_bytes += part.len();
        let room = self.max_line_bytes.saturating_sub(self.carry.len());
        if part.len() > room {
            self.overlong = true;
        }
        self.carry.extend_from_slice(part.get(..room.min(part.len())).unwrap_or_default());
    }

    fn take_carry(&mut self) -> Str {
        self.overlong = false;
        self.carried_bytes = 0;
        let bytes = Bytes::from(std::mem::take(&mut self.carry));
        self.cut(&bytes, 0, bytes.len())
    }

    /// The line `source[start..end]` as text, cut to the limit, without a
    /// trailing `\r`, sharing `source`'s storage.
    ///
    /// The line is sliced once and validated once on the way in: the error
    /// paths slice `source` again rather than keep a clone of the slice,
    /// because a clone and its drop are two atomic steps on the chunk's
    /// reference count, which the output thread shares.
    fn cut(&self, source: &Bytes, start: usize, end: usize) -> Str {
        let mut end = end.min(start.saturating_add(self.max_line_bytes));
        if end > start && source.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        let line = |end: usize| source.slice(start.min(end)..end.min(source.len()));
        match Str::from_utf8(line(end)) {
            Ok(text) => text,
            // Only the cut split a character: drop its first bytes.
            Err(error) if error.error_len().is_none() => {
                Str::from_utf8(line(start + error.valid_up_to())).unwrap_or_default()
            }
            Err(_) => Str::from(String::from_utf8_lossy(&line(end)).into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn split(chunks: &[&[u8]], max: usize) -> Vec<String> {
        let mut splitter = LineSplitter::new(max);
        let mut lines = Vec::new();
        for chunk in chunks {
            splitter.feed(Bytes::copy_from_slice(chunk), &mut lines);
        }
        lines.extend(splitter.finish());
        lines.into_iter().map(|(line, _)| line.to_string()).collect()
    }

    #[test]
    fn lines_across_chunks_and_a_last_line_without_newline() {
        assert_eq!(split(&[b"a\nbc", b"d\r\ne\n", b"f"], 100), ["a", "bcd", "e", "f"]);
        assert_eq!(split(&[b"\n\n"], 100), ["", ""]);
        assert!(split(&[b""], 100).is_empty());
    }

    #[test]
    fn long_lines_are_cut_on_a_character_boundary() {
        assert_eq!(split(&["héllo\nabcdef\n".as_bytes()], 2), ["h", "ab"]);
        assert_eq!(split(&[b"abc", b"def\nxy\n"], 4), ["abcd", "xy"]);
    }

    #[test]
    fn invalid_utf8_is_replaced_and_bytes_are_counted() {
        let mut splitter = LineSplitter::new(100);
        let mut lines = Vec::new();
        splitter.feed(Bytes::from_static(b"a\xffb\nok\n"), &mut lines);
        let got: Vec<(String, usize)> =
            lines.into_iter().map(|(l, n)| (l.to_string(), n)).collect();
        assert_eq!(got, [("a\u{fffd}b".to_string(), 4), ("ok".to_string(), 3)]);
    }

    proptest! {
        /// However the stream is cut into chunks, the lines come out the
        /// same (the carry path agrees with the sliced path), and nothing panics.
        #[test]
        fn chunking_does_not_change_the_lines(
            stream in prop::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), Just(0xc3u8), Just(0xa9u8), any::<u8>()], 0..200),
            cuts in prop::collection::vec(0usize..200, 0..6),
            max in 1usize..40,
        ) {
            let mut bounds: Vec<usize> = cuts.into_iter().map(|c| c.min(stream.len())).collect();
            bounds.sort_unstable();
            let mut chunks = Vec::new();
            let mut from = 0;
            for to in bounds.into_iter().chain([stream.len()]) {
                chunks.push(stream.get(from..to).unwrap_or_default());
                from = to;
            }
            prop_assert_eq!(split(&chunks, max), split(&[&stream], max));
            // Every input byte is counted once, in the line it belongs to,
            // cut lines and lines spanning chunks included.
            let mut splitter = LineSplitter::new(max);
            let mut lines = Vec::new();
            for chunk in &chunks {
                splitter.feed(Bytes::copy_from_slice(chunk), &mut lines);
            }
            lines.extend(splitter.finish());
            prop_assert_eq!(lines.iter().map(|(_, bytes)| bytes).sum::<usize>(), stream.len());
        }
    }
}
