//! The erdsmith CLI: argument parsing and file IO only; all work is done by the library.

use clap::{Parser, Subcommand, ValueEnum};
use erdsmith::analysis::{self, AnalysisConfig};
use erdsmith::diagnostic::Severity;
use erdsmith::export::{self, Format};
use erdsmith::import::{self, ImportOptions, ImportResult};
use erdsmith::schema::{Dialect, SourceFormat};
use std::io::Read;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "erdsmith", version, about = "Schema designer core: import, check, normalize, export and diff DDL")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// For an input that defines several databases (pg_dumpall, a MySQL dump with USE): the
    /// one to read (default: the first one with a table or other object).
    #[arg(long, global = true)]
    database: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Import DDL and print the schema as JSON (diagnostics on stderr).
    Import {
        /// A .sql file, or `-` for stdin.
        file: String,
        /// postgres, mysql, sqlite, mssql, oracle, clickhouse, duckdb, snowflake or generic; or
        /// dbml, prisma, rails for those formats.
        #[arg(long)]
        dialect: Option<Input>,
        /// sql, dbml, prisma or rails (detected when absent).
        #[arg(long)]
        format: Option<SourceFormat>,
    },
    /// Export the schema to another format.
    Export {
        file: String,
        /// mermaid, sql:postgres, sql:mysql, sql:sqlite, sql:mssql, sql:oracle, dbml, markdown, json or svg.
        #[arg(long)]
        to: Format,
        /// The dialect of FILE (detected when absent), or dbml, prisma, rails.
        #[arg(long = "from-dialect", alias = "dialect")]
        from_dialect: Option<Input>,
        /// sql, dbml, prisma or rails (detected when absent).
        #[arg(long)]
        format: Option<SourceFormat>,
        #[command(flatten)]
        mermaid: MermaidArgs,
    },
    /// Review the design; exits non-zero when a finding at or above --fail-on exists.
    Check {
        file: String,
        #[arg(long)]
        dialect: Option<Input>,
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
        dialect: Option<Input>,
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
        /// The dialect of the database the script runs on.
        #[arg(long)]
        dialect: Dialect,
        #[arg(long)]
        down: bool,
        /// PostgreSQL: the online plan (indexes built CONCURRENTLY after the transaction,
        /// constraints added NOT VALID then validated, SET NOT NULL through a validated CHECK).
        #[arg(long)]
        online: bool,
        /// The dialect OLD and NEW are written in (default: --dialect; the files describe that
        /// database, and a short file often has no marker a detection could go by).
        #[arg(long = "from-dialect")]
        from_dialect: Option<Input>,
    },
}

/// What `--dialect` names: a SQL dialect, or one of the schema-as-code formats.
#[derive(Copy, Clone, Debug)]
enum Input {
    Sql(Dialect),
    Format(SourceFormat),
}

impl std::str::FromStr for Input {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.parse::<Dialect>() {
            Ok(d) => Ok(Input::Sql(d)),
            Err(e) => match s.parse::<SourceFormat>() {
                Ok(f) if !f.is_sql() => Ok(Input::Format(f)),
                _ => Err(format!("{e}, or dbml, prisma, rails")),
            },
        }
    }
}

impl Input {
    fn options(input: Option<Input>, format: Option<SourceFormat>, database: &Option<String>) -> ImportOptions {
        let (dialect, f) = match input {
            Some(Input::Sql(d)) => (Some(d), Some(SourceFormat::Sql)),
            Some(Input::Format(f)) => (None, Some(f)),
            None => (None, None),
        };
        ImportOptions { dialect, database: database.clone(), format: format.or(f) }
    }
}

/// Options of the Mermaid export (`--to mermaid` only).
#[derive(clap::Args)]
struct MermaidArgs {
    /// Only key columns (primary, foreign, unique) as attributes.
    #[arg(long = "keys-only")]
    keys_only: bool,
    /// Only the tables of this namespace (`--schema ''` for tables without one).
    #[arg(long)]
    schema: Option<String>,
    /// Only these tables, by `name` or `schema.name`, comma-separated.
    #[arg(long, value_delimiter = ',')]
    tables: Option<Vec<String>>,
    /// With --tables: also the tables directly related to them by a foreign key.
    #[arg(long = "with-neighbors")]
    with_neighbors: bool,
    /// Write one diagram per namespace into DIR (`<namespace>.mmd`) instead of printing one.
    #[arg(long = "split-dir")]
    split_dir: Option<std::path::PathBuf>,
}

impl MermaidArgs {
    fn any(&self) -> bool {
        self.keys_only || self.schema.is_some() || self.tables.is_some() || self.with_neighbors || self.split_dir.is_some()
    }

    fn options(&self) -> export::mermaid::MermaidOptions {
        export::mermaid::MermaidOptions {
            keys_only: self.keys_only,
            schema: self.schema.clone(),
            tables: self.tables.clone(),
            with_neighbors: self.with_neighbors,
        }
    }
}

/// A file name for a namespace's diagram: unsafe characters replaced, `default` for none, and
/// a numeric suffix when two namespaces would share a name.
fn diagram_file_name(namespace: &str, taken: &mut Vec<String>) -> String {
    let mut base: String =
        namespace.chars().map(|c| if c.is_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    if base.is_empty() || base.chars().all(|c| c == '_') {
        base = if namespace.is_empty() { "default".into() } else { "schema".into() };
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.push(name.clone());
    format!("{name}.mmd")
}

/// `--to mermaid` with its options: one diagram on stdout, or one file per namespace.
fn export_mermaid(schema: &erdsmith::schema::Schema, args: &MermaidArgs) -> Result<ExitCode, String> {
    let options = args.options();
    if let Some(list) = &options.tables {
        for name in list {
            let known = schema.tables.iter().any(|t| t.name.eq_ignore_ascii_case(name) || t.qualified_name().eq_ignore_ascii_case(name));
            if !known {
                eprintln!("erdsmith: --tables: no table named `{name}`");
            }
        }
    }
    if let Some(s) = &options.schema {
        let known = schema.tables.iter().any(|t| match &t.schema {
            Some(ts) => ts.eq_ignore_ascii_case(s),
            None => s.is_empty(),
        });
        if !known {
            eprintln!("erdsmith: --schema: no table in namespace `{s}`");
        }
    }
    let Some(dir) = &args.split_dir else {
        print!("{}", export::mermaid::render(schema, &options));
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut taken = Vec::new();
    for (namespace, text) in export::mermaid::render_per_schema(schema, &options) {
        if options.schema.as_ref().is_some_and(|s| !s.eq_ignore_ascii_case(&namespace)) {
            continue;
        }
        let path = dir.join(diagram_file_name(&namespace, &mut taken));
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
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
fn load(file: &str, options: &ImportOptions) -> Result<ImportResult, String> {
    let text = read_input(file)?;
    let result = import::import(&text, options);
    let name = if file == "-" { "<stdin>" } else { file };
    for d in &result.diagnostics {
        eprintln!("{}", d.render(name));
    }
    Ok(result)
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let database = cli.database;
    match cli.command {
        Command::Import { file, dialect, format } => {
            let result = load(&file, &Input::options(dialect, format, &database))?;
            println!("{}", export::json::render(&result.schema));
            let imported = result.stats.tables + result.stats.views + result.stats.enums;
            Ok(if imported > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Export { file, to, from_dialect, format, mermaid } => {
            if mermaid.any() && to != Format::Mermaid {
                return Err("--keys-only, --schema, --tables, --with-neighbors and --split-dir need --to mermaid".into());
            }
            let result = load(&file, &Input::options(from_dialect, format, &database))?;
            if to == Format::Mermaid {
                return export_mermaid(&result.schema, &mermaid);
            }
            let out = export::export(&result.schema, to)?;
            for w in &out.warnings {
                eprintln!("{}", w.render(&file));
            }
            print!("{}", out.text);
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { file, dialect, workload, format, fail_on, disable } => {
            let result = load(&file, &Input::options(dialect, None, &database))?;
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
            let result = load(&file, &Input::options(dialect, None, &database))?;
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
        Command::Diff { old, new, dialect, down, online, from_dialect } => {
            let from = Input::options(Some(from_dialect.unwrap_or(Input::Sql(dialect))), None, &database);
            let old = load(&old, &from)?;
            let new = load(&new, &from)?;
            let mode = if online { erdsmith::export::migration::Mode::Online } else { erdsmith::export::migration::Mode::Simple };
            print!("{}", erdsmith::export::migration::script_mode(&old.schema, &new.schema, dialect, down, mode));
            Ok(ExitCode::SUCCESS)
        }
    }
}
