//! Integration tests for `layout`.
