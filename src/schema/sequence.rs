use super::{Sequence, TypeKind};
use serde::{Deserialize, Serialize};

impl Sequence {
    /// The options as the model reads them from the text kept in `options`.
    pub fn settings(&self) -> SequenceOptions {
        let mut o = SequenceOptions::default();
        o.apply(self.options.as_deref().unwrap_or(""));
        o
    }

    /// The width of the integers the sequence counts in: its `AS` type, bigint by default.
    pub fn bits(&self) -> u8 {
        match super::DataType::parse(self.settings().data_type.as_deref().unwrap_or("bigint")).kind {
            TypeKind::Integer { bits, .. } => bits,
            _ => 64,
        }
    }
}

/// The options of a sequence or of an identity column's sequence, as stated (`None`: the
/// engine's default). PostgreSQL spelling: `AS type INCREMENT BY n MINVALUE n MAXVALUE n START
/// WITH n CACHE n [NO] CYCLE`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceOptions {
    /// `AS smallint|integer|bigint` (standalone sequences).
    pub data_type: Option<String>,
    pub start: Option<i64>,
    pub increment: Option<i64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub cache: Option<i64>,
    pub cycle: bool,
}

/// The values a sequence has once the defaults are filled in: start, increment, min, max,
/// cache, cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EffectiveOptions {
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
}

impl SequenceOptions {
    /// Reads the options in `text` into `self` (what `text` does not state is kept): the words
    /// of CREATE/ALTER SEQUENCE or of an identity's `( … )`; anything else is skipped.
    pub fn apply(&mut self, text: &str) {
        let spaced = text.replace(['(', ')', ','], " ");
        let words: Vec<&str> = spaced.split_whitespace().collect();
        let num = |i: usize| words.get(i).and_then(|w| w.parse::<i64>().ok());
        let is = |i: usize, w: &str| words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
        let mut i = 0;
        while i < words.len() {
            if is(i, "AS") {
                self.data_type = words.get(i + 1).map(|w| w.to_lowercase());
                i += 2;
            } else if is(i, "INCREMENT") {
                let j = if is(i + 1, "BY") { i + 2 } else { i + 1 };
                self.increment = num(j).or(self.increment);
                i = j + 1;
            } else if is(i, "START") || is(i, "RESTART") {
                let j = if is(i + 1, "WITH") { i + 2 } else { i + 1 };
                if is(i, "START") {
                    self.start = num(j).or(self.start);
                }
                i = j + 1;
            } else if is(i, "MINVALUE") {
                self.min = num(i + 1);
                i += 2;
            } else if is(i, "MAXVALUE") {
                self.max = num(i + 1);
                i += 2;
            } else if is(i, "NO") && is(i + 1, "MINVALUE") {
                self.min = None;
                i += 2;
            } else if is(i, "NO") && is(i + 1, "MAXVALUE") {
                self.max = None;
                i += 2;
            } else if is(i, "NO") && is(i + 1, "CYCLE") {
                self.cycle = false;
                i += 2;
            } else if is(i, "CYCLE") {
                self.cycle = true;
                i += 1;
            } else if is(i, "CACHE") {
                self.cache = num(i + 1).or(self.cache);
                i += 2;
            } else if is(i, "OWNED") || is(i, "SEQUENCE") {
                // `OWNED BY t.c` and an identity's `SEQUENCE NAME s`: not options.
                i += 3;
            } else {
                i += 1;
            }
        }
    }

    /// The options with the engine's defaults filled in, for a sequence of `bits`-wide integers
    /// (16, 32 or 64): what decides whether two sequences behave the same.
    pub fn effective(&self, bits: u8) -> EffectiveOptions {
        let bits = match self.data_type.as_deref() {
            Some("smallint" | "int2") => 16,
            Some("integer" | "int" | "int4") => 32,
            Some(_) => 64,
            None => bits,
        };
        let (type_min, type_max) = match bits {
            16 => (i64::from(i16::MIN), i64::from(i16::MAX)),
            32 => (i64::from(i32::MIN), i64::from(i32::MAX)),
            _ => (i64::MIN, i64::MAX),
        };
        let increment = self.increment.unwrap_or(1);
        let min = self.min.unwrap_or(if increment > 0 { 1 } else { type_min });
        let max = self.max.unwrap_or(if increment > 0 { type_max } else { -1 });
        let start = self.start.unwrap_or(if increment > 0 { min } else { max });
        EffectiveOptions { start, increment, min, max, cache: self.cache.unwrap_or(1), cycle: self.cycle }
    }

    /// The stated options as PostgreSQL words (`START WITH 3 INCREMENT BY 4 …`), without `AS`.
    pub fn to_sql(&self) -> String {
        let mut out = Vec::new();
        if let Some(n) = self.increment {
            out.push(format!("INCREMENT BY {n}"));
        }
        if let Some(n) = self.min {
            out.push(format!("MINVALUE {n}"));
        }
        if let Some(n) = self.max {
            out.push(format!("MAXVALUE {n}"));
        }
        if let Some(n) = self.start {
            out.push(format!("START WITH {n}"));
        }
        if let Some(n) = self.cache {
            out.push(format!("CACHE {n}"));
        }
        if self.cycle {
            out.push("CYCLE".into());
        }
        out.join(" ")
    }

    /// The words that turn a sequence with options `self` (counting in `bits`-wide integers)
    /// into one with `next` (`next_bits`), as ALTER SEQUENCE says them: `INCREMENT BY 4`,
    /// `NO MAXVALUE`, `CYCLE`, … (a new `AS` type is the caller's to say first), and `RESTART`
    /// when the old start is outside the new range (values handed out may come again).
    pub fn changes_to(&self, bits: u8, next: &SequenceOptions, next_bits: u8) -> Vec<String> {
        let (a, b) = (self.effective(bits), next.effective(next_bits));
        let retyped = bits != next_bits;
        let mut out = Vec::new();
        if a.increment != b.increment {
            out.push(format!("INCREMENT BY {}", b.increment));
        }
        if a.min != b.min || retyped {
            out.push(next.min.map_or_else(|| "NO MINVALUE".to_string(), |n| format!("MINVALUE {n}")));
        }
        if a.max != b.max || retyped {
            out.push(next.max.map_or_else(|| "NO MAXVALUE".to_string(), |n| format!("MAXVALUE {n}")));
        }
        if a.start != b.start {
            out.push(format!("START WITH {}", b.start));
        }
        if a.cache != b.cache {
            out.push(format!("CACHE {}", b.cache));
        }
        if a.cycle != b.cycle {
            out.push(if b.cycle { "CYCLE".into() } else { "NO CYCLE".into() });
        }
        // A sequence that has not counted past its start (or any) is outside the new range:
        // the engine refuses the change unless the sequence restarts.
        if b.max < a.start || b.min > a.start {
            out.push("RESTART".into());
        }
        out
    }

    pub fn is_default(&self) -> bool {
        *self == SequenceOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_spelling() {
        let mut o = SequenceOptions::default();
        o.apply("( MINVALUE 2 MAXVALUE 9 START 3 INCREMENT 4 CACHE 5 NO CYCLE )");
        assert_eq!((o.min, o.max, o.start, o.increment, o.cache, o.cycle), (Some(2), Some(9), Some(3), Some(4), Some(5), false));
        o.apply("AS integer INCREMENT BY -1 NO MINVALUE CYCLE OWNED BY t.c");
        assert_eq!((o.data_type.as_deref(), o.increment, o.min, o.cycle), (Some("integer"), Some(-1), None, true));
        assert_eq!(SequenceOptions::default().effective(32), SequenceOptions { min: Some(1), start: Some(1), ..Default::default() }.effective(32));
    }
}
