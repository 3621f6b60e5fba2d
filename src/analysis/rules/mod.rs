//! One rule per file, named for what it flags; `RULES` is the one registry.

mod missing_primary_key;

use super::{AnalysisConfig, Finding, RuleInfo};
use crate::schema::Schema;

pub struct Rule {
    pub info: RuleInfo,
    pub check: fn(&Schema, &AnalysisConfig, &mut Vec<Finding>),
}

pub static RULES: &[Rule] = &[missing_primary_key::RULE];
