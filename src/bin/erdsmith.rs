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
        /// A rule id to switch off (repeatable).
        #[arg(long)]
        disable: Vec<String>,
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
        /// Also use the dependencies that hold in FILE's `INSERT ... VALUES` rows of the table.
        #[arg(long)]
        discover: bool,
        /// Also use the dependencies that hold in this CSV sample of the table (header = columns).
        #[arg(long)]
        csv: Option<String>,
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
        Command::Check { file, dialect, workload, format, fail_on, disable } => {
            let result = load(&file, dialect)?;
            let config = AnalysisConfig { disabled: disable, ..AnalysisConfig::default() };
            let mut findings = analysis::check(&result.schema, &config);
            if let Some(path) = workload {
                let text = read_input(&path)?;
                let advice = analysis::advisor::advise(&result.schema, &text);
                for d in &advice.diagnostics {
                    eprintln!("{path}: {d}");
                }
                findings.extend(advice.findings(&result.schema));
            }
            let out = match format {
                OutputFormat::Text => analysis::render::text(&result.schema, &findings),
                OutputFormat::Json => analysis::render::json(&result.schema, &findings),
                OutputFormat::Markdown => analysis::render::markdown(&result.schema, &findings),
            };
            print!("{out}");
            let threshold = match fail_on {
                Some(FailOn::Error) => Some(Severity::Error),
                Some(FailOn::Warning) => Some(Severity::Warning),
                None => None,
            };
            // Severity orders error < warning < info: "at or above" the threshold is `<=`.
            let failed = threshold.is_some_and(|t| findings.iter().any(|f| f.severity <= t));
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Normalize { file, table, mut fds, dialect, json, discover, csv } => {
            let result = load(&file, dialect)?;
            let mut samples = Vec::new();
            if discover {
                samples.push(read_input(&file)?);
            }
            if let Some(path) = &csv {
                samples.push(read_input(path)?);
            }
            for (i, text) in samples.iter().enumerate() {
                let sample = if discover && i == 0 {
                    analysis::fd::Sample::Inserts(text)
                } else {
                    analysis::fd::Sample::Csv(text)
                };
                let (found, notes) = analysis::fd::discover_for_table(&result.schema, &table, sample)?;
                for n in notes {
                    eprintln!("erdsmith: discovery: {n}");
                }
                fds.extend(found);
            }
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
