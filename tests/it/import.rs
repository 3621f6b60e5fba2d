//! Integration tests for `import`.
