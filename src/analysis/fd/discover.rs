//! Discovering functional dependencies from sample rows.
