//! Statements still being typed: a statement whose parentheses are not all closed (`CREATE
//! TABLE t (id int, name varch`) is not read into the model — it would become a column with a
//! broken type — but marked with an error; the model waits until the statement is finished.

use crate::diagnostic::{Diagnostic, Severity};
use crate::import::{self, TokenKind};
use crate::schema::{Dialect, Span};

/// An unfinished statement: its byte range and the offset of the first `(` left open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unfinished {
    pub start: usize,
    pub end: usize,
    pub open: usize,
}

/// The statements of `text` whose parentheses are not closed. Cheap when every parenthesis in
/// the text is closed (a byte count rules the common case out before any scanning).
pub fn unfinished(text: &str, dialect: Dialect) -> Vec<Unfinished> {
    let bytes = text.as_bytes();
    let opens = bytes.iter().filter(|b| **b == b'(').count();
    let closes = bytes.iter().filter(|b| **b == b')').count();
    if opens == closes {
        return Vec::new();
    }
    let mut out = Vec::new();
    for toks in import::statements(text, dialect) {
        let mut stack: Vec<usize> = Vec::new();
        for t in &toks {
            if t.kind != TokenKind::Sym {
                continue;
            }
            match &text[t.start as usize..t.end as usize] {
                "(" => stack.push(t.start as usize),
                ")" => {
                    stack.pop();
                }
                _ => {}
            }
        }
        if let (Some(&open), Some(first), Some(last)) = (stack.first(), toks.first(), toks.last()) {
            out.push(Unfinished { start: first.start as usize, end: last.end as usize, open });
        }
    }
    out
}

/// `text` with the unfinished statements blanked (every byte but line breaks becomes a space,
/// so every other offset, line and column stays where it was).
pub fn blank(text: &str, held: &[Unfinished]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for u in held {
        for b in bytes.iter_mut().take(u.end.min(text.len())).skip(u.start) {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Whole characters were replaced byte by byte with ASCII spaces: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// The error shown at an unfinished statement's open parenthesis.
pub fn diagnostic(text: &str, u: &Unfinished) -> Diagnostic {
    let line_start = text[..u.open].rfind('\n').map_or(0, |p| p + 1);
    let line = text[..u.open].matches('\n').count() + 1;
    let column = text[line_start..u.open].chars().count() + 1;
    let statement: String = text[u.start..u.end].lines().next().unwrap_or("").trim().chars().take(200).collect();
    Diagnostic {
        severity: Severity::Error,
        span: Span { start: u.open as u32, end: (u.open + 1) as u32, line: line as u32, column: column as u32 },
        message: "this `(` is not closed: the statement is not finished, so the diagram waits for it".into(),
        statement,
    }
}
