//! A tolerant reader of JavaScript values and call chains, for mongosh scripts and for JSON
//! (AWS CLI `create-table` input, NoSQL Workbench models, CloudFormation in JSON): objects with
//! quoted or bare keys, arrays, strings in any quote, numbers, `true`/`false`/`null`, regex
//! literals, comments, trailing commas, and name chains with calls (`db.orders.createIndex(…)`,
//! `new Date()`, `ObjectId("…")`). Every value keeps its byte range for diagnostics.
//!
//! **Invariant:** nesting deeper than [`MAX_DEPTH`] is an error, never a deep recursion.

/// How deeply values may nest before the reader gives up with an error.
pub(super) const MAX_DEPTH: u32 = 96;

#[derive(Clone, Debug)]
pub(super) enum V {
    Obj(Vec<(String, Val)>),
    Arr(Vec<Val>),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    /// A name chain with calls and subscripts: `db.x.createIndex(…)`, `new Date()`.
    Chain(Vec<Part>),
    Regex(String),
}

#[derive(Clone, Debug)]
pub(super) enum Part {
    Name(String),
    Call(Vec<Val>),
    Index(Box<Val>),
}

#[derive(Clone, Debug)]
pub(super) struct Val {
    pub v: V,
    pub start: usize,
    pub end: usize,
}

impl Val {
    pub fn get(&self, key: &str) -> Option<&Val> {
        match &self.v {
            V::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn fields(&self) -> &[(String, Val)] {
        match &self.v {
            V::Obj(f) => f,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Val] {
        match &self.v {
            V::Arr(a) => a,
            _ => &[],
        }
    }

    pub fn str(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn num(&self) -> Option<f64> {
        match &self.v {
            V::Num(n) => Some(*n),
            V::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn truthy(&self) -> bool {
        match &self.v {
            V::Bool(b) => *b,
            V::Num(n) => *n != 0.0,
            V::Str(s) => !s.is_empty() && s != "false",
            V::Null => false,
            _ => true,
        }
    }

    /// The text this value was written as.
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

#[derive(Debug)]
pub(super) struct Error {
    pub at: usize,
    pub message: String,
}

fn err<T>(at: usize, message: impl Into<String>) -> Result<T, Error> {
    Err(Error { at, message: message.into() })
}

pub(super) struct Reader<'a> {
    pub src: &'a str,
    b: &'a [u8],
    pub i: usize,
}

impl<'a> Reader<'a> {
    pub fn new(src: &'a str) -> Self {
        Reader { src, b: src.as_bytes(), i: 0 }
    }

    pub fn eof(&self) -> bool {
        self.i >= self.b.len()
    }

    pub fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    /// Skips spaces and comments; with `newlines` false, stops before a newline and says
    /// whether one is next.
    pub fn ws(&mut self, newlines: bool) -> bool {
        loop {
            match self.peek() {
                b'\n' if !newlines => return true,
                b' ' | b'\t' | b'\r' | b'\n' => self.i += 1,
                0xEF if self.src[self.i..].starts_with('\u{feff}') => self.i += 3,
                b'/' if self.b.get(self.i + 1) == Some(&b'/') => {
                    self.i = self.src[self.i..].find('\n').map(|n| self.i + n).unwrap_or(self.b.len());
                }
                b'/' if self.b.get(self.i + 1) == Some(&b'*') => {
                    self.i = self.src[self.i + 2..].find("*/").map(|n| self.i + 2 + n + 2).unwrap_or(self.b.len());
                }
                _ => return false,
            }
        }
    }

    pub fn eat(&mut self, c: u8) -> bool {
        if self.peek() == c {
            self.i += 1;
            true
        } else {
            false
        }
    }

    pub fn ident(&mut self) -> Option<String> {
        let s = self.i;
        while self.b.get(self.i).is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$') || c >= 0x80) {
            self.i += 1;
        }
        // Never split a UTF-8 character.
        while !self.src.is_char_boundary(self.i) {
            self.i += 1;
        }
        (self.i > s && !self.b.get(s).is_some_and(u8::is_ascii_digit)).then(|| self.src[s..self.i].to_string()).or_else(|| {
            self.i = s;
            None
        })
    }

    fn string(&mut self) -> Result<String, Error> {
        let start = self.i;
        let q = self.peek();
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.src[self.i..].chars().next() else {
                return err(start, "unterminated string");
            };
            self.i += c.len_utf8();
            match c {
                c if c as u32 == q as u32 => return Ok(out),
                '\n' if q != b'`' => return err(start, "unterminated string (a newline before its closing quote)"),
                '\\' => {
                    let Some(e) = self.src[self.i..].chars().next() else { return err(start, "unterminated string") };
                    self.i += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'u' => {
                            let hex = self.src.get(self.i..self.i + 4).unwrap_or("");
                            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) if hex.len() == 4 => {
                                    out.push(ch);
                                    self.i += 4;
                                }
                                _ => out.push('u'),
                            }
                        }
                        '\n' => {}
                        o => out.push(o),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn number(&mut self) -> Result<f64, Error> {
        let s = self.i;
        if matches!(self.peek(), b'-' | b'+') {
            self.i += 1;
        }
        while let Some(&c) = self.b.get(self.i)
            && (c.is_ascii_alphanumeric() || c == b'.' || ((c == b'-' || c == b'+') && matches!(self.i.checked_sub(1).and_then(|p| self.b.get(p)), Some(b'e' | b'E'))))
        {
            self.i += 1;
        }
        let t = self.src[s..self.i].replace('_', "");
        let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) { i64::from_str_radix(h, 16).ok().map(|v| v as f64) } else { t.parse::<f64>().ok() };
        match parsed {
            Some(n) => Ok(n),
            None => err(s, format!("`{}` is not a number", &self.src[s..self.i])),
        }
    }

    fn regex(&mut self) -> Result<String, Error> {
        let start = self.i;
        self.i += 1;
        let mut class = false;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'\\' => self.i += 1,
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => {
                    self.i += 1;
                    while self.peek().is_ascii_alphabetic() {
                        self.i += 1;
                    }
                    return Ok(self.src[start..self.i].to_string());
                }
                b'\n' => break,
                _ => {}
            }
            self.i += 1;
        }
        err(start, "unterminated regular expression")
    }

    /// One value.
    pub fn value(&mut self, depth: u32) -> Result<Val, Error> {
        self.ws(true);
        let start = self.i;
        if depth > MAX_DEPTH {
            return err(start, format!("values nested more than {MAX_DEPTH} deep"));
        }
        let v = match self.peek() {
            0 => return err(start, "a value was expected, the text ends"),
            b'{' => {
                self.i += 1;
                let mut fields = Vec::new();
                loop {
                    self.ws(true);
                    if self.eat(b'}') {
                        break;
                    }
                    let kat = self.i;
                    let key = match self.peek() {
                        b'"' | b'\'' | b'`' => self.string()?,
                        c if c.is_ascii_digit() || c == b'-' => {
                            self.number()?;
                            self.src[kat..self.i].to_string()
                        }
                        b'[' => return err(kat, "computed keys (`[expr]: …`) are not read"),
                        b'.' if self.src[self.i..].starts_with("...") => return err(kat, "spread (`...x`) is not read"),
                        _ => match self.ident() {
                            Some(k) => k,
                            None => return err(kat, format!("a key was expected, not `{}`", self.src[kat..].chars().next().unwrap_or(' '))),
                        },
                    };
                    self.ws(true);
                    if !self.eat(b':') {
                        return err(self.i, format!("`:` was expected after the key `{key}`"));
                    }
                    let v = self.value(depth + 1)?;
                    fields.push((key, v));
                    self.ws(true);
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b'}') {
                        break;
                    }
                    return err(self.i, "`,` or `}` was expected in an object");
                }
                V::Obj(fields)
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws(true);
                    if self.eat(b']') {
                        break;
                    }
                    items.push(self.value(depth + 1)?);
                    self.ws(true);
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b']') {
                        break;
                    }
                    return err(self.i, "`,` or `]` was expected in an array");
                }
                V::Arr(items)
            }
            b'"' | b'\'' | b'`' => V::Str(self.string()?),
            b'/' => V::Regex(self.regex()?),
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => V::Num(self.number()?),
            _ => {
                let Some(first) = self.ident() else {
                    return err(start, format!("a value was expected, not `{}`", self.src[start..].chars().next().unwrap_or(' ')));
                };
                match first.as_str() {
                    "true" => V::Bool(true),
                    "false" => V::Bool(false),
                    "null" | "undefined" => V::Null,
                    _ => V::Chain(self.chain(first, depth)?),
                }
            }
        };
        Ok(Val { v, start, end: self.i })
    }

    /// The rest of a name chain whose first name is read: `.name`, `(args)`, `[expr]`.
    fn chain(&mut self, first: String, depth: u32) -> Result<Vec<Part>, Error> {
        let is_new = first == "new";
        let mut parts = vec![Part::Name(first)];
        if is_new {
            self.ws(true);
            let at = self.i;
            match self.ident() {
                Some(n) => parts.push(Part::Name(n)),
                None => return err(at, "a name was expected after `new`"),
            }
        }
        loop {
            let save = self.i;
            self.ws(true);
            match self.peek() {
                b'.' if self.b.get(self.i + 1).is_some_and(|c| !c.is_ascii_digit()) => {
                    self.i += 1;
                    self.ws(true);
                    let at = self.i;
                    match self.ident() {
                        Some(n) => parts.push(Part::Name(n)),
                        None => return err(at, "a name was expected after `.`"),
                    }
                }
                b'(' => {
                    self.i += 1;
                    let mut args = Vec::new();
                    loop {
                        self.ws(true);
                        if self.eat(b')') {
                            break;
                        }
                        args.push(self.value(depth + 1)?);
                        self.ws(true);
                        if self.eat(b',') {
                            continue;
                        }
                        if self.eat(b')') {
                            break;
                        }
                        return err(self.i, "`,` or `)` was expected in a call's arguments");
                    }
                    parts.push(Part::Call(args));
                }
                b'[' => {
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    self.ws(true);
                    if !self.eat(b']') {
                        return err(self.i, "`]` was expected");
                    }
                    parts.push(Part::Index(Box::new(v)));
                }
                _ => {
                    self.i = save;
                    return Ok(parts);
                }
            }
        }
    }

    /// Skips to just after the next `;` or newline outside brackets and strings (recovery
    /// after an error).
    pub fn recover(&mut self) {
        let mut depth = 0i32;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'"' | b'\'' | b'`' => {
                    if self.string().is_err() {
                        self.i = self.src[self.i..].find('\n').map(|n| self.i + n).unwrap_or(self.b.len());
                    }
                    continue;
                }
                b'/' if matches!(self.b.get(self.i + 1), Some(b'/') | Some(b'*')) => {
                    self.ws(false);
                    continue;
                }
                b'{' | b'[' | b'(' => depth += 1,
                b'}' | b']' | b')' => depth -= 1,
                b';' if depth <= 0 => {
                    self.i += 1;
                    return;
                }
                b'\n' if depth <= 0 => {
                    self.i += 1;
                    return;
                }
                _ => {}
            }
            self.i += 1;
        }
    }
}

/// Reads a whole JSON (or JavaScript value) document.
pub(super) fn parse_document(src: &str) -> Result<Val, Error> {
    let mut r = Reader::new(src);
    let v = r.value(0)?;
    r.ws(true);
    if !r.eof() {
        return err(r.i, "text after the end of the document");
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_js_values() {
        let v = parse_document("{a: 1, 'b': [true, null, /x\\/y/i], c: new Date(), $d: {e: \"f\",},}").unwrap();
        assert_eq!(v.get("a").and_then(Val::num), Some(1.0));
        assert_eq!(v.get("b").map(|b| b.items().len()), Some(3));
        assert!(matches!(v.get("c").map(|c| &c.v), Some(V::Chain(p)) if p.len() == 3));
        assert_eq!(v.get("$d").and_then(|d| d.get("e")).and_then(Val::str), Some("f"));
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = "[".repeat(5000);
        assert!(parse_document(&text).is_err());
        assert!(parse_document("{a: ").is_err());
        assert!(parse_document("\"abc").is_err());
    }
}
