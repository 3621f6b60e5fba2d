//! Findings rendered for the CLI: text, JSON and Markdown.
