//! Inline suppressions: a comment on a statement, `-- erdsmith:ignore <rule>[,<rule>…] <reason>`
//! or `/* erdsmith:ignore <rule> <reason> */`, hides that rule's findings about what the
//! statement defines. The comment belongs to the statement it is written in, or, between
//! statements, to the one it ends the line of, else to the next one. `all` stands for every
//! rule. A suppression without a reason, naming an unknown rule or hiding nothing is reported
//! as a diagnostic (warnings; one that hides nothing is info), so a team's suppressions stay
//! explained and alive.
//!
//! **Invariant:** comments are found only between tokens of the importer's own statement
//! splitter, so a string or a quoted name that contains `erdsmith:ignore` never suppresses.

use super::{Finding, locate, rules};
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::{Dialect, Schema, Span};

/// The marker a suppression comment starts with.
pub const MARKER: &str = "erdsmith:ignore";

/// One `erdsmith:ignore` comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    /// Rule ids (`all` for every rule).
    pub rules: Vec<String>,
    /// Why; `None` when the comment gives none.
    pub reason: Option<String>,
    /// The comment.
    pub span: Span,
    /// Byte range `start..end` of the statement it belongs to.
    pub statement: (u32, u32),
}

impl Suppression {
    fn names(&self, rule: &str) -> bool {
        self.rules.iter().any(|r| r == rule || r == "all")
    }

    fn holds(&self, at: u32) -> bool {
        self.statement.0 <= at && at < self.statement.1
    }
}

/// 1-based line and column (in characters) of byte `at`.
fn span_at(text: &str, start: usize, end: usize) -> Span {
    let before = text.get(..start).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    Span { start: start as u32, end: end as u32, line: line as u32, column: column as u32 }
}

/// The comments in `gap` (text between two tokens, starting at byte `offset`): (start, end,
/// body) of each `--` line comment and `/* */` block comment.
fn comments(gap: &str, offset: usize) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = gap.get(i..).and_then(|rest| rest.find(['-', '/'])) {
        let at = i + rel;
        let rest = gap.get(at..).unwrap_or("");
        if rest.starts_with("--") {
            let len = rest.find('\n').unwrap_or(rest.len());
            out.push((offset + at, offset + at + len, rest.get(2..len).unwrap_or("")));
            i = at + len;
        } else if rest.starts_with("/*") {
            let (len, body) = match rest.find("*/") {
                Some(e) => (e + 2, rest.get(2..e).unwrap_or("")),
                None => (rest.len(), rest.get(2..).unwrap_or("")),
            };
            out.push((offset + at, offset + at + len, body));
            i = at + len;
        } else {
            i = at + 1;
        }
    }
    out
}

/// Parses a comment body: `erdsmith:ignore rule[,rule] reason…` (after optional spaces).
fn parse(body: &str) -> Option<(Vec<String>, Option<String>)> {
    let rest = body.trim_start().strip_prefix(MARKER)?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim();
    let (list, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let rules = list.split(',').map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect();
    let reason = reason.trim();
    Some((rules, (!reason.is_empty()).then(|| reason.to_string())))
}

/// Every `erdsmith:ignore` comment of `text`, read with the importer's statement splitter.
pub fn inline(text: &str, dialect: Dialect) -> Vec<Suppression> {
    marked_comments(text, dialect, MARKER)
        .into_iter()
        .filter_map(|(span, body, statement)| {
            let (rules, reason) = parse(body)?;
            Some(Suppression { rules, reason, span, statement })
        })
        .collect()
}

/// Every comment of `text` that contains `marker`, found between the tokens of the importer's
/// statement splitter (never inside a string or a quoted name): its span, its body and the
/// byte range of the statement it belongs to (see [`owner`]). Shared with the other comment
/// hints (`-- erdsmith:rows N`, [`super::partitioning::row_estimates`]).
pub(crate) fn marked_comments<'t>(text: &'t str, dialect: Dialect, marker: &str) -> Vec<(Span, &'t str, (u32, u32))> {
    let mut out = Vec::new();
    if !text.contains(marker) {
        return out;
    }
    let split = crate::import::statements(text, dialect);
    let statements: Vec<(usize, usize)> =
        split.iter().filter_map(|toks| Some((toks.first()?.start as usize, toks.last()?.end as usize))).collect();
    let tokens: Vec<(usize, usize)> = split
        .iter()
        .flat_map(|toks| toks.iter().map(|t| (t.start as usize, t.end as usize)))
        .collect();
    let mut gaps = Vec::with_capacity(tokens.len() + 1);
    let mut last = 0;
    for &(s, e) in &tokens {
        if s > last {
            gaps.push((last, s));
        }
        last = last.max(e);
    }
    gaps.push((last, text.len()));
    for (a, b) in gaps {
        let Some(gap) = text.get(a..b) else { continue };
        if !gap.contains(marker) {
            continue;
        }
        for (start, end, body) in comments(gap, a) {
            if body.contains(marker) {
                out.push((span_at(text, start, end), body, owner(text, &statements, start)));
            }
        }
    }
    out
}

/// The statement a comment at byte `at` belongs to (see the module doc); `(0, 0)` for none.
fn owner(text: &str, statements: &[(usize, usize)], at: usize) -> (u32, u32) {
    let next = statements.partition_point(|&(s, _)| s <= at);
    if let Some(&(s, e)) = next.checked_sub(1).and_then(|i| statements.get(i)) {
        // Inside it, or after its end on the same line.
        let same_line = text.get(e..at).is_some_and(|between| !between.contains('\n'));
        if at < e || same_line {
            return (s as u32, e as u32);
        }
    }
    statements.get(next).map_or((0, 0), |&(s, e)| (s as u32, e as u32))
}

/// What the suppressions did to a list of findings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// The findings no suppression hides.
    pub kept: Vec<Finding>,
    /// The hidden ones, each with the reason of the comment that hides it (empty when none).
    pub suppressed: Vec<(Finding, String)>,
    /// Suppressions without a reason, naming an unknown rule or hiding nothing.
    pub diagnostics: Vec<Diagnostic>,
}

/// Applies `suppressions` to `findings` of `schema`: a finding is hidden by a suppression that
/// names its rule when the statement holds the finding's location (see [`locate`]) or the
/// definition of its table or index.
pub fn apply(schema: &Schema, findings: Vec<Finding>, suppressions: &[Suppression]) -> Outcome {
    let mut out = Outcome::default();
    let mut used = vec![false; suppressions.len()];
    for f in findings {
        let table = f.table.and_then(|t| schema.table(t));
        let mut places: Vec<u32> = Vec::new();
        places.extend(locate(schema, &f).map(|s| s.start));
        places.extend(table.and_then(|t| t.span).map(|s| s.start));
        places.extend(table.and_then(|t| f.index.and_then(|i| t.indexes.iter().find(|x| x.id == i))).and_then(|ix| ix.span).map(|s| s.start));
        let hit = suppressions.iter().position(|s| s.names(f.rule) && places.iter().any(|p| s.holds(*p)));
        match hit {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                let reason = suppressions.get(i).and_then(|s| s.reason.clone()).unwrap_or_default();
                out.suppressed.push((f, reason));
            }
            None => out.kept.push(f),
        }
    }
    for (s, used) in suppressions.iter().zip(used) {
        let statement = String::new();
        let mut warn = |severity, message: String| {
            out.diagnostics.push(Diagnostic { severity, span: s.span, message, statement: statement.clone() })
        };
        if s.rules.is_empty() {
            warn(Severity::Warning, format!("`{MARKER}` names no rule: write `{MARKER} <rule> <reason>`"));
            continue;
        }
        for r in s.rules.iter().filter(|r| *r != "all" && rules::rule(r).is_none()) {
            warn(Severity::Warning, format!("`{MARKER}`: no rule `{r}` (see `erdsmith rule`)"));
        }
        if s.reason.is_none() {
            warn(Severity::Warning, format!("`{MARKER} {}` gives no reason: say why after the rule", s.rules.join(",")));
        }
        if !used {
            warn(Severity::Info, format!("`{MARKER} {}` suppresses nothing here", s.rules.join(",")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{inline, parse};
    use crate::schema::Dialect;

    #[test]
    fn comments_belong_to_their_statement() {
        let text = "CREATE TABLE a (x int); -- erdsmith:ignore missing-primary-key legacy\n\
                    -- erdsmith:ignore orphan-table,pii-column kept for audits\n\
                    CREATE TABLE b (\n  y int /* erdsmith:ignore char-field */\n);\n\
                    SELECT '-- erdsmith:ignore all not a comment';";
        let s = inline(text, Dialect::Postgres);
        assert_eq!(s.len(), 3, "{s:?}");
        let a = text.find("CREATE TABLE a").unwrap() as u32;
        let b = text.find("CREATE TABLE b").unwrap() as u32;
        assert_eq!((s[0].statement.0, s[0].rules.clone(), s[0].reason.as_deref()), (a, vec!["missing-primary-key".to_string()], Some("legacy")));
        assert_eq!((s[1].statement.0, s[1].rules.len(), s[1].span.line), (b, 2, 2));
        assert_eq!((s[2].statement.0, s[2].reason.as_deref(), s[2].span.line, s[2].span.column), (b, None, 4, 9));
    }

    #[test]
    fn only_the_marker_as_a_word_counts() {
        assert_eq!(parse(" erdsmith:ignore r why not"), Some((vec!["r".into()], Some("why not".into()))));
        assert_eq!(parse("erdsmith:ignorex r"), None);
        assert_eq!(parse("see erdsmith:ignore r"), None);
        assert_eq!(parse("erdsmith:ignore"), Some((vec![], None)));
    }
}
