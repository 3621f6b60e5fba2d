#![doc = include_str!("plaintext_secret.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, words};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TypeKind;

const DOC: &str = include_str!("plaintext_secret.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "plaintext-secret",
        severity: Severity::Error,
        summary: "Secret stored in plain text",
        category: Category::Security,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

const SECRET: &[&str] = &["password", "passwd", "pwd", "pass", "secret", "token", "apikey", "passphrase", "pin", "otp"];
const PAIRED: &[(&str, &str)] = &[("api", "key"), ("private", "key"), ("access", "key"), ("secret", "key")];
const PROTECTED: &[&str] = &[
    "hash", "hashed", "digest", "encrypted", "enc", "crypt", "bcrypt", "argon2", "scrypt", "cipher", "ciphertext",
    "hmac", "sha", "sha256", "sha512", "salt", "salted", "kms",
];
const ABOUT: &[&str] = &["at", "on", "expires", "expiry", "type", "id", "count", "length", "policy", "hint", "changed", "reset", "required", "set"];

pub(crate) fn is_secret_name(name: &str) -> bool {
    let lower = crate::analysis::walk::lower(name);
    if !["pass", "pwd", "secret", "token", "key", "pin", "otp"].iter().any(|h| lower.contains(h)) {
        return false;
    }
    let w = words(name);
    let named = w.iter().any(|x| SECRET.contains(&x.as_str()))
        || w.iter().zip(w.iter().skip(1)).any(|(a, b)| PAIRED.contains(&(a.as_str(), b.as_str())));
    let protected = w.iter().any(|x| PROTECTED.contains(&x.as_str()));
    let about = w.last().is_some_and(|x| ABOUT.contains(&x.as_str()));
    named && !protected && !about
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        for c in &t.columns {
            if !matches!(c.data_type.kind, TypeKind::Text { .. }) || !is_secret_name(&c.name) {
                continue;
            }
            let mut f = finding(
                &RULE.info,
                t,
                format!("`{}.{}` looks like a secret stored as plain text (`{}`)", t.name, c.name, c.data_type.raw),
                format!("store a salted hash (argon2/bcrypt) in `{}_hash`, or encrypt it outside the database", c.name),
            );
            f.columns = vec![c.id];
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, run};
    use crate::schema::Dialect;

    #[test]
    fn flags_clear_text_secrets() {
        let got = run(&RULE, Dialect::Postgres, "table users\nid int | pk\npassword varchar(100)\napi_key text\nresetToken text\nclient_secret text");
        assert_eq!(got.len(), 4, "{got:?}");
    }

    #[test]
    fn hashed_binary_and_metadata_columns_are_clean() {
        clean(
            &RULE,
            Dialect::Postgres,
            "table users\nid int | pk\npassword_hash text\nencrypted_password text\ntoken bytea\ntoken_expires_at timestamptz\npassword_changed_at timestamptz\ncompass text\npassenger text",
        );
    }
}
