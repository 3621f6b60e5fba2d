//! Integration tests for `analysis`.
