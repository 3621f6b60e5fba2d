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
        /// dbml, prisma, rails, mongodb, cql, dynamodb for those formats.
        #[arg(long)]
        dialect: Option<Input>,
        /// sql, dbml, prisma, rails, mongodb, cql or dynamodb (detected when absent).
        #[arg(long)]
        format: Option<SourceFormat>,
    },
    /// Print a share link: the schema (or a saved `.erdsmith.json` project) packed into the URL
    /// fragment, which no server ever sees. Its size and anything it leaves out go to stderr.
    Share {
        /// A schema file, or a project file (`*.erdsmith.json`).
        file: String,
        /// The dialect of FILE (detected when absent), or dbml, prisma, rails, mongodb, cql, dynamodb.
        #[arg(long)]
        dialect: Option<Input>,
        /// The address the app is served at (printed before `#share=`).
        #[arg(long, default_value = "")]
        url: String,
    },
    /// Export the schema to another format.
    Export {
        file: String,
        /// mermaid, sql:postgres, sql:mysql, sql:sqlite, sql:mssql, sql:oracle, dbml, markdown, json, svg,
        /// plantuml, d2 or dot.
        #[arg(long)]
        to: Format,
        /// The dialect of FILE (detected when absent), or dbml, prisma, rails, mongodb, cql, dynamodb.
        #[arg(long = "from-dialect", alias = "dialect")]
        from_dialect: Option<Input>,
        /// sql, dbml, prisma, rails, mongodb, cql or dynamodb (detected when absent).
        #[arg(long)]
        format: Option<SourceFormat>,
        #[command(flatten)]
        mermaid: MermaidArgs,
    },
    /// Write a documentation folder (README.md and one Markdown page per table, tbls-style).
    Docs {
        file: String,
        /// The folder to write (created when missing). It belongs to erdsmith: a `.md` file in
        /// it that no table has any more is removed.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Write nothing; exit 1 naming each file of OUT that is missing, different or no longer
        /// generated (for CI).
        #[arg(long)]
        check: bool,
        #[arg(long)]
        dialect: Option<Input>,
    },
    /// Review the design; exits non-zero when a finding at or above --fail-on exists.
    ///
    /// Settings come from --config, else from an `erdsmith.toml` next to FILE, else in the
    /// working directory. A comment `-- erdsmith:ignore RULE REASON` on a statement hides that
    /// rule's findings about what the statement defines.
    Check {
        #[command(flatten)]
        input: ReviewInput,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[arg(long = "fail-on", value_enum)]
        fail_on: Option<FailOn>,
        /// An older version of the schema: only findings that are not already in it are
        /// reported and can fail the build (matched by rule and object, not by line).
        #[arg(long)]
        baseline: Option<String>,
    },
    /// The whole review as one Markdown report for the team's docs: findings by severity,
    /// each table's normal form, index advice and, with --baseline, the migration's changes and
    /// hazards. Settings are found as for `check`. (The live-database side is the operations
    /// kit: `export --to opskit:postgres|mysql|sqlite`.)
    Report {
        #[command(flatten)]
        input: ReviewInput,
        /// The schema as it was: adds the migration from it to FILE (changes and hazards).
        #[arg(long)]
        baseline: Option<String>,
        /// With --baseline: the engine the migration runs on (default: FILE's dialect).
        #[arg(long = "migration-dialect")]
        migration_dialect: Option<Dialect>,
    },
    /// The rule catalogue: id, category, severity and fix (safe/unsafe), or one rule's doc.
    Rule {
        /// Print the documentation of this rule.
        #[arg(long)]
        explain: Option<String>,
        #[arg(long)]
        json: bool,
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
    Diff(DiffArgs),
}

/// The arguments of `diff`.
#[derive(clap::Args)]
struct DiffArgs {
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
    /// `sql`: the migration script; `markdown`: a summary for a pull request (changes,
    /// hazards, findings the change introduces and resolves, the up script); `mermaid` and
    /// `svg`: NEW's diagram with the changes marked (dropped tables and columns as ghosts).
    #[arg(long, value_enum, default_value_t = DiffFormat::Sql)]
    format: DiffFormat,
    /// With --format markdown: the `erdsmith.toml` for the review (default: found as for `check`).
    #[arg(long)]
    config: Option<std::path::PathBuf>,
}

#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Sql,
    Markdown,
    Mermaid,
    Svg,
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
                _ => Err(format!("{e}, or dbml, prisma, rails, mongodb, cql, dynamodb")),
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

/// What `check` and `report` review: FILE and the settings the review runs with.
#[derive(clap::Args)]
struct ReviewInput {
    file: String,
    #[arg(long)]
    dialect: Option<Input>,
    /// Queries to derive index advice from (the workload-* rules; `report` also lists the
    /// indexes they propose); on a Cassandra or DynamoDB schema, CQL or PartiQL SELECTs checked
    /// against its keys (`cql-query-needs-filtering`, `dynamodb-access-pattern-scan`).
    #[arg(long)]
    workload: Option<String>,
    /// A rule id to switch off (repeatable).
    #[arg(long)]
    disable: Vec<String>,
    /// The `erdsmith.toml` to read (rules on/off, severities, thresholds, ignores, fds).
    #[arg(long)]
    config: Option<std::path::PathBuf>,
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
        emit(&export::mermaid::render(schema, &options));
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
        emit(&format!("{}\n", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// The files of `dir` that differ from `files`: missing, different, or a `.md` file that is not
/// generated any more.
fn docs_out_of_date(dir: &std::path::Path, files: &[export::docs::DocFile]) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for f in files {
        match std::fs::read(dir.join(&f.path)) {
            Ok(bytes) if bytes == f.text.as_bytes() => {}
            _ => stale.push(f.path.clone()),
        }
    }
    if dir.is_dir() {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut extra = Vec::new();
        for entry in entries {
            let name = entry.map_err(|e| format!("{}: {e}", dir.display()))?.file_name().to_string_lossy().into_owned();
            // Only pages erdsmith wrote: a page a person keeps there is neither stale nor removed.
            let ours = || std::fs::read_to_string(dir.join(&name)).is_ok_and(|t| t.starts_with(export::docs::GENERATED));
            if name.ends_with(".md") && !files.iter().any(|f| f.path == name) && ours() {
                extra.push(name);
            }
        }
        extra.sort();
        stale.extend(extra);
    }
    Ok(stale)
}

#[derive(Copy, Clone, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Markdown,
    /// SARIF 2.1.0 (GitHub code scanning and other viewers).
    Sarif,
    /// JUnit XML (CI test reports).
    Junit,
    /// GitHub Actions annotations (`::error file=…,line=…::…`).
    Github,
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

/// Writes to stdout; a closed pipe (`erdsmith … | head`) ends the output quietly instead of
/// panicking as `print!` does.
fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
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
fn load(file: &str, input: Option<Input>, database: &Option<String>) -> Result<ImportResult, String> {
    load_with(file, &Input::options(input, None, database))
}

/// Reads and imports FILE with the given options, printing diagnostics to stderr.
fn load_with(file: &str, options: &ImportOptions) -> Result<ImportResult, String> {
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
        Command::Share { file, dialect, url } => {
            let project = if file.ends_with(erdsmith::project::FILE_EXTENSION) {
                erdsmith::project::Project::from_json(&read_input(&file)?).map_err(|e| format!("{file}: {e}"))?
            } else {
                let text = read_input(&file)?;
                let result = load_with(&file, &Input::options(dialect, None, &database))?;
                let mut schema = result.schema;
                erdsmith::layout::place_unplaced(&mut schema);
                let name = std::path::Path::new(&file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                erdsmith::project::Project::new(name, text, None, schema)
            };
            let link = erdsmith::share::encode(&project).map_err(|e| e.to_string())?;
            println!("{url}#{}{}", erdsmith::share::FRAGMENT_KEY, link.payload);
            let kb = link.bytes() as f64 / 1024.0;
            eprintln!("share link: {kb:.1} KB ({:.1}× smaller than the text)", project.baseline_text.len() as f64 / link.bytes().max(1) as f64);
            if link.bytes() > erdsmith::share::SHORT_LINK_BYTES {
                eprintln!("warning: over {} KB; chat and mail tools may cut it (the project file always works)", erdsmith::share::SHORT_LINK_BYTES / 1024);
            }
            for what in &link.left_out {
                eprintln!("warning: the link leaves out {what}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file, dialect, format } => {
            let result = load_with(&file, &Input::options(dialect, format, &database))?;
            emit(&format!("{}\n", export::json::render(&result.schema)));
            let imported = result.stats.tables + result.stats.views + result.stats.enums;
            Ok(if imported > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Export { file, to, from_dialect, format, mermaid } => {
            if mermaid.any() && to != Format::Mermaid {
                return Err("--keys-only, --schema, --tables, --with-neighbors and --split-dir need --to mermaid".into());
            }
            let result = load_with(&file, &Input::options(from_dialect, format, &database))?;
            if to == Format::Mermaid {
                return export_mermaid(&result.schema, &mermaid);
            }
            let out = export::export(&result.schema, to)?;
            for w in &out.warnings {
                eprintln!("{}", w.render(&file));
            }
            emit(&out.text);
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { input, format, fail_on, baseline } => check(CheckArgs { input, format, fail_on, baseline }, &database),
        Command::Docs { file, out, check, dialect } => docs(&file, &out, check, dialect, &database),
        Command::Rule { explain, json } => rule(explain.as_deref(), json),
        Command::Report { input, baseline, migration_dialect } => {
            let r = review(&input, &database)?;
            let old = match &baseline {
                Some(path) => Some(load(path, input.dialect.or(Some(Input::Sql(r.result.schema.dialect))), &database)?),
                None => None,
            };
            let target = migration_dialect.unwrap_or(r.result.schema.dialect);
            // The file's name, not its path, titles the report.
            let title = std::path::Path::new(&r.name).file_name().map_or(r.name.clone(), |n| n.to_string_lossy().into_owned());
            let report = export::review_report::Review {
                name: &title,
                schema: &r.result.schema,
                findings: &r.findings,
                config: &r.config,
                baseline: old.as_ref().map(|o| (&o.schema, target)),
            };
            emit(&export::review_report::render(&report));
            Ok(ExitCode::SUCCESS)
        }
        Command::Normalize { file, table, mut fds, dialect, json, discover, csv } => {
            let result = load(&file, dialect, &database)?;
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
            emit(&analysis::fd::normalize_report(&result.schema, &table, &fds, json)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff(args) => diff(args, &database),
    }
}

/// `erdsmith diff`: the migration script, the pull-request summary, or NEW's marked diagram.
fn diff(args: DiffArgs, database: &Option<String>) -> Result<ExitCode, String> {
    let DiffArgs { old: old_file, new: new_file, dialect, down, online, from_dialect, format, config } = args;
    let from = Some(from_dialect.unwrap_or(Input::Sql(dialect)));
    let old = load(&old_file, from, database)?;
    let new = load(&new_file, from, database)?;
    if format == DiffFormat::Markdown {
        if down || online {
            return Err("--down and --online apply to --format sql".into());
        }
        let settings = settings(config.as_deref(), &new_file, AnalysisConfig::default())?;
        let suppressions = analysis::suppress::inline(&read_input(&new_file)?, new.schema.dialect);
        let names = (old_file.as_str(), new_file.as_str());
        emit(&export::change_summary::render(&old.schema, &new.schema, names, dialect, &settings, &suppressions));
        return Ok(ExitCode::SUCCESS);
    }
    if matches!(format, DiffFormat::Mermaid | DiffFormat::Svg) {
        if down || online {
            return Err("--down and --online apply to --format sql".into());
        }
        let plan = export::migration::plan_with(&old.schema, &new.schema, dialect, &[]);
        let marks = export::diff_marks::Marks::of(&old.schema, &new.schema, &plan.up_diff);
        emit(&if format == DiffFormat::Mermaid {
            export::mermaid::render_marked(&new.schema, &export::mermaid::MermaidOptions::default(), Some(&marks))
        } else {
            let layout = erdsmith::layout::geometry(&new.schema);
            export::svg::render_marked(&new.schema, &layout, Some(&export::svg::Diffed::new(&layout, &marks)))
        });
        return Ok(ExitCode::SUCCESS);
    }
    let mode = if online { erdsmith::export::migration::Mode::Online } else { erdsmith::export::migration::Mode::Simple };
    // A statement the import could not read is in neither schema: the plan says that
    // it does not account for it (the database it runs on may have it).
    let unread: Vec<String> = [(&old_file, &old), (&new_file, &new)]
        .iter()
        .flat_map(|(name, r)| {
            r.diagnostics
                .iter()
                .filter(|d| d.severity == erdsmith::diagnostic::Severity::Error)
                .map(move |d| format!("{} — the statement is in neither schema, so the plan does not account for it: it may fail, or run and leave another catalog", d.render(name)))
        })
        .collect();
    let script = erdsmith::export::migration::script_mode(&old.schema, &new.schema, dialect, down, mode);
    emit(&erdsmith::export::migration::with_unread(&script, &unread));
    Ok(ExitCode::SUCCESS)
}

/// `erdsmith docs`: write the documentation folder, or with `check` name what is out of date.
fn docs(file: &str, out: &std::path::Path, check: bool, dialect: Option<Input>, database: &Option<String>) -> Result<ExitCode, String> {
    let result = load(file, dialect, database)?;
    let findings = analysis::check(&result.schema, &AnalysisConfig::default());
    let files = export::docs::render(&result.schema, &findings);
    if check {
        let stale = docs_out_of_date(out, &files)?;
        for f in &stale {
            eprintln!("erdsmith: docs out of date: {}", out.join(f).display());
        }
        return Ok(if stale.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    // Pages of tables that are gone would keep stale links: remove them.
    for f in docs_out_of_date(out, &files)? {
        let path = out.join(&f);
        if files.iter().any(|d| d.path == f) {
            continue;
        }
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for f in &files {
        let path = out.join(&f.path);
        std::fs::write(&path, &f.text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!("{} files in {}", files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

struct CheckArgs {
    input: ReviewInput,
    format: OutputFormat,
    fail_on: Option<FailOn>,
    baseline: Option<String>,
}

/// The `erdsmith.toml` that applies to FILE: `explicit`, else the one beside FILE, else the one
/// in the working directory (none: `None`).
fn find_config(explicit: Option<&std::path::Path>, file: &str) -> Option<std::path::PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let beside = (file != "-")
        .then(|| std::path::Path::new(file).parent().map(|d| d.join("erdsmith.toml")))
        .flatten()
        .filter(|p| p.is_file());
    beside.or_else(|| Some(std::path::PathBuf::from("erdsmith.toml")).filter(|p| p.is_file()))
}

/// `base` with the settings of the config that applies to FILE; its warnings on stderr.
fn settings(explicit: Option<&std::path::Path>, file: &str, base: AnalysisConfig) -> Result<AnalysisConfig, String> {
    let Some(path) = find_config(explicit, file) else { return Ok(base) };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{shown}: {e}"))?;
    let (config, warnings) = analysis::config_file::read(&text, &base).map_err(|e| format!("{shown}:{e}"))?;
    for w in &warnings {
        eprintln!("{}", w.render(&shown));
    }
    Ok(config)
}

/// FILE reviewed as `check` reviews it: imported (diagnostics on stderr), settings found,
/// the workload read, rules run, inline suppressions applied.
struct Reviewed {
    name: String,
    result: ImportResult,
    config: AnalysisConfig,
    findings: Vec<analysis::Finding>,
    suppressed: Vec<(analysis::Finding, String)>,
}

fn review(a: &ReviewInput, database: &Option<String>) -> Result<Reviewed, String> {
    for id in &a.disable {
        if analysis::rules::rule(id).is_none() {
            return Err(format!("--disable {id}: no such rule (see `erdsmith rule`)"));
        }
    }
    let mut config = settings(a.config.as_deref(), &a.file, AnalysisConfig::default())?;
    for id in &a.disable {
        config.set_enabled(id, false);
    }
    let text = read_input(&a.file)?;
    let name = if a.file == "-" { "<stdin>" } else { a.file.as_str() };
    let result = import::import(&text, &Input::options(a.dialect, None, database));
    for d in &result.diagnostics {
        eprintln!("{}", d.render(name));
    }
    let schema = &result.schema;
    // `-- erdsmith:rows N` comments: the row estimates `partition-large-time-table` reads.
    config.row_estimates = analysis::partitioning::row_estimates(&text, schema);
    if let Some(path) = &a.workload {
        config.workload = read_input(path)?;
        // A CQL or PartiQL workload's diagnostics start with their `line:column`.
        for d in analysis::advisor::advise(schema, &config.workload).diagnostics {
            let sep = if d.starts_with(|c: char| c.is_ascii_digit()) { ":" } else { ": " };
            eprintln!("{path}{sep}{d}");
        }
    }
    let findings = analysis::check(schema, &config);
    let suppressions = analysis::suppress::inline(&text, schema.dialect);
    let outcome = analysis::suppress::apply(schema, findings, &suppressions);
    for d in &outcome.diagnostics {
        eprintln!("{}", d.render(name));
    }
    Ok(Reviewed { name: name.to_string(), findings: outcome.kept, suppressed: outcome.suppressed, config, result })
}

fn check(a: CheckArgs, database: &Option<String>) -> Result<ExitCode, String> {
    let Reviewed { name, result, config, findings, suppressed } = review(&a.input, database)?;
    let (name, schema) = (name.as_str(), &result.schema);
    let mut findings = findings;
    if let Some(old_file) = &a.baseline {
        let old = load_quiet(old_file, a.input.dialect.or(Some(Input::Sql(schema.dialect))), database)?;
        let before = analysis::check(&old.schema, &config);
        let new = analysis::baseline::new_findings(&old.schema, &before, schema, &findings);
        let total = findings.len();
        let mut flags = new.into_iter();
        findings.retain(|_| flags.next().unwrap_or(true));
        eprintln!("erdsmith: baseline {old_file}: {} of {total} findings were already there, {} new", total - findings.len(), findings.len());
    }
    let report = analysis::report::Report {
        file: name,
        schema,
        findings: &findings,
        suppressed: &suppressed,
        baseline: a.baseline.is_some(),
    };
    let out = match a.format {
        OutputFormat::Text => analysis::render::text_in(Some(name), schema, &findings),
        OutputFormat::Json => analysis::render::json(schema, &findings),
        OutputFormat::Markdown => analysis::render::markdown(schema, &findings),
        OutputFormat::Sarif => analysis::report::sarif(&report),
        OutputFormat::Junit => analysis::report::junit(&report, |id| config.is_enabled(id)),
        OutputFormat::Github => analysis::report::github(&report),
    };
    emit(&out);
    let threshold = match a.fail_on {
        Some(FailOn::Error) => Some(Severity::Error),
        Some(FailOn::Warning) => Some(Severity::Warning),
        None => None,
    };
    // Severity orders info < warning < error: "at or above" the threshold is `>=`.
    let failed = threshold.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Imports FILE without printing its diagnostics (a second read of an input, or the baseline).
fn load_quiet(file: &str, input: Option<Input>, database: &Option<String>) -> Result<ImportResult, String> {
    let text = read_input(file)?;
    Ok(import::import(&text, &Input::options(input, None, database)))
}

/// `erdsmith rule`: the catalogue as a table (or JSON), or one rule's doc with --explain.
fn rule(explain: Option<&str>, json: bool) -> Result<ExitCode, String> {
    use analysis::rules::RULES;
    if let Some(id) = explain {
        let Some(r) = analysis::rules::rule(id) else {
            let close: Vec<&str> = RULES.iter().map(|r| r.info.id).filter(|r| r.contains(id) || id.contains(*r)).collect();
            let hint = if close.is_empty() { String::new() } else { format!(" (did you mean {}?)", close.join(", ")) };
            return Err(format!("no rule `{id}`{hint}; `erdsmith rule` lists them"));
        };
        let i = &r.info;
        emit(&format!(
            "# {}\n\n{}\n\ncategory: {} · severity: {} · fix: {}\n\n{}",
            i.id,
            i.summary,
            i.category.as_str(),
            i.severity,
            i.fix.as_str(),
            i.doc
        ));
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        let list: Vec<serde_json::Value> = RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.info.id, "category": r.info.category, "severity": r.info.severity,
                    "fix": r.info.fix, "summary": r.info.summary,
                })
            })
            .collect();
        emit(&format!("{}\n", serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?));
        return Ok(ExitCode::SUCCESS);
    }
    let width = RULES.iter().map(|r| r.info.id.len()).max().unwrap_or(0);
    let mut out = format!("{:width$}  {:13}  {:8}  {:6}  summary\n", "rule", "category", "severity", "fix");
    for r in RULES {
        let i = &r.info;
        out += &format!("{:width$}  {:13}  {:8}  {:6}  {}\n", i.id, i.category.as_str(), i.severity.as_str(), i.fix.as_str(), i.summary);
    }
    emit(&out);
    Ok(ExitCode::SUCCESS)
}
