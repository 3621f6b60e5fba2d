//! Integration tests for `edit`.
