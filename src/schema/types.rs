use serde::{Deserialize, Serialize};

/// A column type: the text as written in the source and a normalized reading of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataType {
    /// The type exactly as the source wrote it (`character varying(120)`, `NVARCHAR(MAX)`).
    pub raw: String,
    /// Lowercase, whitespace-collapsed canonical form (`varchar(120)`, `nvarchar(max)`).
    pub normalized: String,
    pub kind: TypeKind,
}

/// What a type holds, independent of dialect spelling; drives cross-dialect mapping and rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Boolean,
    /// Integer of the given width in bits (8, 16, 24, 32, 64); `unsigned` for MySQL UNSIGNED.
    Integer { bits: u8, unsigned: bool },
    Decimal { precision: Option<u32>, scale: Option<u32> },
    /// Binary floating point (`real`, `double precision`, `float`).
    Float { bits: u8 },
    Money,
    /// Character data; `length: None` means unbounded (`text`, `varchar(max)`, bare `varchar`).
    Text { length: Option<u32>, fixed: bool },
    Binary { length: Option<u32> },
    Date,
    Time { tz: bool },
    Timestamp { tz: bool },
    Interval,
    Uuid,
    Json,
    Xml,
    Array(Box<TypeKind>),
    /// A named enum or MySQL inline `ENUM('a','b')` values.
    Enum { values: Vec<String> },
    /// Anything else (geometry, user types, domains).
    Other,
}

impl DataType {
    /// Reads a type as written in `raw`; never fails (unknown types are [`TypeKind::Other`]).
    pub fn parse(raw: &str) -> DataType {
        let normalized = normalize(raw);
        let kind = classify(&normalized);
        DataType { raw: raw.trim().to_string(), normalized, kind }
    }

    /// True for unbounded or long character types a key should not be made of.
    pub fn is_text(&self) -> bool {
        matches!(self.kind, TypeKind::Text { .. })
    }
}

/// Lowercases outside quotes and collapses whitespace (also around parentheses and commas).
fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_quote: Option<char> = None;
    let mut pending_space = false;
    for ch in raw.trim().chars() {
        if let Some(q) = in_quote {
            out.push(ch);
            if ch == q {
                in_quote = None;
            }
            continue;
        }
        match ch {
            '\'' | '"' | '`' => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                in_quote = Some(ch);
                out.push(ch);
            }
            c if c.is_whitespace() => pending_space = true,
            '(' | ')' | ',' => {
                pending_space = false;
                out.push(ch);
            }
            c => {
                if pending_space && !out.is_empty() && !out.ends_with(['(', ',']) {
                    out.push(' ');
                }
                pending_space = false;
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// Numbers inside the first parenthesis group: `numeric(12,2)` → [12, 2]; `max` → None.
fn params(n: &str) -> Vec<Option<u32>> {
    let Some(open) = n.find('(') else { return Vec::new() };
    let Some(close) = n[open..].find(')') else { return Vec::new() };
    n[open + 1..open + close].split(',').map(|p| p.trim().parse().ok()).collect()
}

fn classify(n: &str) -> TypeKind {
    if let Some(inner) = n.strip_suffix("[]") {
        return TypeKind::Array(Box::new(classify(inner)));
    }
    if n.starts_with("array(") || n.starts_with("array<") {
        return TypeKind::Array(Box::new(TypeKind::Other));
    }
    let base = n.split('(').next().unwrap_or(n).trim();
    let unsigned = n.contains("unsigned");
    let base = base.trim_end_matches(" unsigned").trim_end_matches(" signed").trim();
    let p = params(n);
    let with_tz = n.contains("with time zone") || n.contains("with local time zone");
    let len = p.first().copied().flatten();
    let int = |bits| TypeKind::Integer { bits, unsigned };
    match base {
        "bool" | "boolean" | "bit" if base != "bit" || len.unwrap_or(1) == 1 => TypeKind::Boolean,
        "tinyint" if len == Some(1) => TypeKind::Boolean,
        "tinyint" | "int1" => int(8),
        "int8" | "bigint" | "int64" | "bigserial" | "serial8" | "uint64" => {
            TypeKind::Integer { bits: 64, unsigned: unsigned || base == "uint64" }
        }
        "smallint" | "int2" | "smallserial" | "serial2" | "int16" | "uint16" | "year" => int(16),
        "mediumint" | "int3" => int(24),
        "int" | "integer" | "int4" | "serial" | "serial4" | "int32" | "uint32" => {
            TypeKind::Integer { bits: 32, unsigned: unsigned || base == "uint32" }
        }
        "uint8" => TypeKind::Integer { bits: 8, unsigned: true },
        "numeric" | "decimal" | "dec" | "number" => TypeKind::Decimal {
            precision: len,
            scale: p.get(1).copied().flatten(),
        },
        "money" | "smallmoney" => TypeKind::Money,
        "real" | "float4" | "float32" | "binary_float" => TypeKind::Float { bits: 32 },
        "float" | "double" | "double precision" | "float8" | "float64" | "binary_double" => {
            TypeKind::Float { bits: 64 }
        }
        "char" | "character" | "nchar" | "national character" | "bpchar" => {
            TypeKind::Text { length: len.or(Some(1)), fixed: true }
        }
        "varchar" | "character varying" | "nvarchar" | "varchar2" | "nvarchar2" | "national character varying"
        | "string" | "varying" => TypeKind::Text { length: len, fixed: false },
        "text" | "tinytext" | "mediumtext" | "longtext" | "clob" | "nclob" | "ntext" | "citext"
        | "long" => TypeKind::Text { length: None, fixed: false },
        "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary" | "image"
        | "raw" | "long raw" | "bfile" => TypeKind::Binary { length: len },
        "date" => TypeKind::Date,
        "time" | "time without time zone" => TypeKind::Time { tz: with_tz },
        "timetz" | "time with time zone" => TypeKind::Time { tz: true },
        "timestamp" | "timestamp without time zone" | "datetime" | "datetime2" | "smalldatetime"
        | "timestamp_ntz" | "datetime64" => TypeKind::Timestamp { tz: with_tz },
        "timestamptz" | "timestamp with time zone" | "datetimeoffset" | "timestamp_tz"
        | "timestamp_ltz" | "timestamp with local time zone" => TypeKind::Timestamp { tz: true },
        "interval" => TypeKind::Interval,
        "uuid" | "uniqueidentifier" => TypeKind::Uuid,
        "json" | "jsonb" | "variant" | "object" => TypeKind::Json,
        "xml" | "xmltype" => TypeKind::Xml,
        "enum" => TypeKind::Enum { values: enum_values(n) },
        _ if base.starts_with("timestamp") && base.contains("with time zone") => {
            TypeKind::Timestamp { tz: true }
        }
        _ if base.starts_with("timestamp") => TypeKind::Timestamp { tz: false },
        _ if base.starts_with("nullable") || base.starts_with("lowcardinality") => {
            // ClickHouse wrappers: classify the inner type.
            let inner = n.split_once('(').map(|(_, r)| r.trim_end_matches(')')).unwrap_or("");
            classify(inner)
        }
        _ => TypeKind::Other,
    }
}

/// `enum('a','b''c')` → ["a", "b'c"].
fn enum_values(n: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut chars = n.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut v = String::new();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    v.push('\'');
                } else {
                    break;
                }
            } else {
                v.push(c);
            }
        }
        values.push(v);
    }
    values
}
