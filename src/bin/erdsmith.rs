//! The erdsmith CLI: argument parsing and file IO only; all work is done by the library.

use clap::{Parser, Subcommand, ValueEnum};
use erdsmith::analysis::{self, AnalysisConfig};
use erdsmith::diagnostic::Severity;
use erdsmith::export::{self, Format};
use erdsmith::import::{self, ImportOptions, ImportResult};
use erdsmith::schema::Dialect;
use std::io::Read;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "erdsmith", version, about = "Schema designer core: import, check, normalize, export and diff DDL")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import DDL and print the schema as JSON (diagnostics on stderr).
    Import {
        /// A .sql file, or `-` for stdin.
        file: String,
        /// postgres, mysql, sqlite, mssql, oracle, clickhouse, duckdb, snowflake or generic.
        #[arg(long)]
        dialect: Option<Dialect>,
    },
    /// Export the schema to another format.
    Export {
        file: String,
        /// mermaid, sql:postgres, sql:mysql, sql:sqlite, sql:mssql, sql:oracle, dbml, markdown or json.
        #[arg(long)]
        to: Format,
        /// The dialect of FILE (detected when absent).
        #[arg(long = "from-dialect")]
        from_dialect: Option<Dialect>,
    },
    /// Review the design; exits non-zero when a finding at or above --fail-on exists.
    Check {
        file: String,
        #[arg(long)]
        dialect: Option<Dialect>,
        /// Queries to derive index advice from.
        #[arg(long)]
        workload: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[arg(long = "fail-on", value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Keys, normal form and decompositions of one table.
    Normalize {
        file: String,
        #[arg(long)]
        table: String,
        /// A functional dependency such as `a,b->c` (repeatable).
        #[arg(long = "fd")]
        fds: Vec<String>,
        #[arg(long)]
        dialect: Option<Dialect>,
        #[arg(long)]
        json: bool,
    },
    /// The migration from OLD to NEW in a dialect (up, or down with --down).
    Diff {
        old: String,
        new: String,
        #[arg(long)]
        dialect: Dialect,
        #[arg(long)]
        down: bool,
    },
}

#[derive(Copy, Clone, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Copy, Clone, ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("erdsmith: {message}");
            ExitCode::from(2)
        }
    }
}

fn read_input(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("reading stdin: {e}"))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    }
    // Dumps are not always UTF-8 (latin-1 data rows): keep going with replacement characters.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads and imports FILE, printing diagnostics to stderr.
fn load(file: &str, dialect: Option<Dialect>) -> Result<ImportResult, String> {
    let text = read_input(file)?;
    let result = import::import(&text, &ImportOptions { dialect });
    let name = if file == "-" { "<stdin>" } else { file };
    for d in &result.diagnostics {
        eprintln!("{}", d.render(name));
    }
    Ok(result)
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Import { file, dialect } => {
            let result = load(&file, dialect)?;
            println!("{}", export::json::render(&result.schema));
            let imported = result.stats.tables + result.stats.views + result.stats.enums;
            Ok(if imported > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Export { file, to, from_dialect } => {
            let result = load(&file, from_dialect)?;
            let out = export::export(&result.schema, to)?;
            for w in &out.warnings {
                eprintln!("{}", w.render(&file));
            }
            print!("{}", out.text);
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { file, dialect, workload, format, fail_on } => {
            if workload.is_some() {
                return Err("--workload is not implemented yet".into());
            }
            let result = load(&file, dialect)?;
            let findings = analysis::check(&result.schema, &AnalysisConfig::default());
            for f in &findings {
                let table = f.table.and_then(|t| result.schema.table(t)).map(|t| t.qualified_name());
                match format {
                    OutputFormat::Text | OutputFormat::Markdown => {
                        println!("{}: {} [{}] {}", table.unwrap_or_default(), f.severity, f.rule, f.message)
                    }
                    OutputFormat::Json => {}
                }
            }
            if let OutputFormat::Json = format {
                println!("{}", serde_json::to_string_pretty(&findings).map_err(|e| e.to_string())?);
            }
            let threshold = match fail_on {
                Some(FailOn::Error) => Some(Severity::Error),
                Some(FailOn::Warning) => Some(Severity::Warning),
                None => None,
            };
            let failed = threshold.is_some_and(|t| findings.iter().any(|f| f.severity <= t));
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Normalize { file, table, fds, dialect, json } => {
            let result = load(&file, dialect)?;
            print!("{}", analysis::fd::normalize_report(&result.schema, &table, &fds, json)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { old, new, dialect, down } => {
            // Each file is read in its own (detected) dialect; `--dialect` is the script's.
            let old = load(&old, None)?;
            let new = load(&new, None)?;
            print!("{}", erdsmith::diff::migration_script(&old.schema, &new.schema, dialect, down)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
