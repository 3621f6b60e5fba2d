//! A text change: one byte range of the text replaced by new text. Model edits become a few of
//! them (see `patch`); the user's typing is one (the common prefix and suffix of the old and new
//! text are kept), and undo applies the inverse.

use serde::{Deserialize, Serialize};

/// How many bytes `a` and `b` begin with alike.
pub fn common_prefix(a: &str, b: &str) -> usize {
    // Whole chunks compared at once (memcmp), then the first chunk that differs byte by byte.
    let mut same = 0;
    for (x, y) in a.as_bytes().chunks(4096).zip(b.as_bytes().chunks(4096)) {
        if x != y {
            return same + x.iter().zip(y).take_while(|(p, q)| p == q).count();
        }
        same += x.len();
    }
    same
}

/// Replaces bytes `start..end` of a text with `insert`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextChange {
    pub start: usize,
    pub end: usize,
    pub insert: String,
}

impl TextChange {
    pub fn new(start: usize, end: usize, insert: impl Into<String>) -> TextChange {
        TextChange { start, end, insert: insert.into() }
    }

    /// Whether the change applies to `text`: its range lies inside it, on character boundaries.
    pub fn fits(&self, text: &str) -> bool {
        self.start <= self.end && self.end <= text.len() && text.is_char_boundary(self.start) && text.is_char_boundary(self.end)
    }

    /// Applies the change; `false` (and `text` unchanged) when it does not fit.
    pub fn apply(&self, text: &mut String) -> bool {
        if !self.fits(text) {
            return false;
        }
        text.replace_range(self.start..self.end, &self.insert);
        true
    }

    /// The change that undoes this one, given the text it applies to.
    pub fn inverse(&self, before: &str) -> Option<TextChange> {
        self.fits(before).then(|| TextChange {
            start: self.start,
            end: self.start + self.insert.len(),
            insert: before[self.start..self.end].to_string(),
        })
    }

    /// The one change that turns `old` into `new`: everything between their common prefix and
    /// common suffix (on character boundaries). `None` when the texts are equal.
    pub fn between(old: &str, new: &str) -> Option<TextChange> {
        if old == new {
            return None;
        }
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut prefix = common_prefix(old, new);
        while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = a.len().min(b.len()) - prefix;
        let mut suffix = a.iter().rev().zip(b.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
        while !old.is_char_boundary(a.len() - suffix) || !new.is_char_boundary(b.len() - suffix) {
            suffix -= 1;
        }
        Some(TextChange { start: prefix, end: a.len() - suffix, insert: new[prefix..b.len() - suffix].to_string() })
    }

    /// The change an editor reports in UTF-16 code units (what JavaScript strings count): units
    /// `from..to` of `text` replaced by `insert`. `None` when the range is not inside `text` or
    /// splits a character.
    pub fn from_utf16(text: &str, from: usize, to: usize, insert: String) -> Option<TextChange> {
        let start = byte_offset(text, from)?;
        let end = start + byte_offset(text.get(start..)?, to.checked_sub(from)?)?;
        Some(TextChange { start, end, insert })
    }

    /// The change an editor reports after an edit (UTF-16 units `from..to` of `text` replaced
    /// by `insert`, giving a text of `new_len` units), and whether the text after it is known to be
    /// all ASCII (the text before was, and so is the insert). `None` when it does not fit `text` (the editor's copy and this one differ in
    /// length, or the range splits a character). `ascii_len`: the byte length at which `text`
    /// is known to be all ASCII (the caller's memory of the last edit); when it matches, the
    /// text is not read (two passes over a 2 MB text were ~9 ms of every keystroke in the
    /// browser). In an all-ASCII text the offsets are byte offsets.
    pub fn from_editor(text: &str, ascii_len: Option<usize>, from: usize, to: usize, insert: String, new_len: usize) -> Option<(TextChange, bool)> {
        let insert_ascii = insert.is_ascii();
        let insert_units = if insert_ascii { insert.len() } else { insert.encode_utf16().count() };
        let old_units = (new_len + to.checked_sub(from)?).checked_sub(insert_units)?;
        if ascii_len == Some(text.len()) || text.is_ascii() {
            return (old_units == text.len() && to <= text.len()).then_some((TextChange { start: from, end: to, insert }, insert_ascii));
        }
        if text.encode_utf16().count() != old_units {
            return None;
        }
        TextChange::from_utf16(text, from, to, insert).map(|c| (c, false))
    }

    /// Where byte offset `at` of the text before the change lies after it (an offset inside the
    /// replaced range moves to its end).
    pub fn map(&self, at: usize) -> usize {
        if at <= self.start {
            at
        } else if at >= self.end {
            at - (self.end - self.start) + self.insert.len()
        } else {
            self.start + self.insert.len()
        }
    }
}

/// The byte offset of UTF-16 offset `units` in `text`; `None` past the end or inside a
/// character (between the two halves of a surrogate pair). Linear in `units`; the ASCII prefix
/// (most DDL) is checked in one pass without decoding characters.
pub fn byte_offset(text: &str, units: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let prefix = bytes.get(..units).unwrap_or(bytes);
    // `is_ascii` reads a word at a time: on a 2 MB text the byte-by-byte count below took
    // milliseconds of every keystroke in the browser build.
    if prefix.is_ascii() {
        return (units <= text.len()).then_some(units);
    }
    let ascii = prefix.iter().position(|b| !b.is_ascii()).unwrap_or(prefix.len());
    let (mut at, mut count) = (ascii, ascii);
    for ch in text.get(ascii..)?.chars() {
        if count >= units {
            break;
        }
        count += ch.len_utf16();
        at += ch.len_utf8();
    }
    (count == units).then_some(at)
}

/// Applies non-overlapping changes, all given against the same `text`, in one go. `Err` (and
/// nothing applied) when two of them overlap or one does not fit. Two insertions at the same
/// offset apply in the order given.
pub fn apply_all(text: &str, changes: &[TextChange]) -> Result<String, String> {
    let mut order: Vec<&TextChange> = changes.iter().collect();
    order.sort_by_key(|c| (c.start, c.end));
    for c in &order {
        if !c.fits(text) {
            return Err(format!("a change at {}..{} does not fit the text", c.start, c.end));
        }
    }
    for (a, b) in order.iter().zip(order.iter().skip(1)) {
        if b.start < a.end {
            return Err(format!("changes at {}..{} and {}..{} overlap", a.start, a.end, b.start, b.end));
        }
    }
    let mut out = String::with_capacity(text.len() + changes.iter().map(|c| c.insert.len()).sum::<usize>());
    let mut at = 0;
    for c in order {
        out.push_str(&text[at..c.start]);
        out.push_str(&c.insert);
        at = c.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}
