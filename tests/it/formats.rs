//! DBML, Prisma and Rails schema.rb: import of every corpus file with counts from the real tools
//! (`@dbml/core`, Prisma's schema engine `@prisma/prisma-schema-wasm`, Ruby running schema.rb on
//! a stub of the Active Record DSL: `tests/oracles/`), the DBML and Prisma round trips
//! (`import(export(s)) == s`, each export checked by the real tool), and the tolerant rules
//! (warnings and errors with line:column, the rest still read, no panic).

use crate::support::Pick;
use crate::support::corpus_dir;
use erdsmith::diagnostic::Severity;
use erdsmith::export::{self, Format};
use erdsmith::import::{import, ImportOptions, ImportResult};
use erdsmith::rng::Rng;
use erdsmith::schema::{Dialect, IndexPart, Schema, SourceFormat};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

fn read(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).into_owned()
}

fn detected(text: &str) -> ImportResult {
    import(text, &ImportOptions::default())
}

fn as_format(text: &str, f: SourceFormat) -> ImportResult {
    import(text, &ImportOptions { format: Some(f), ..Default::default() })
}

/// Runs an oracle script from the repository root; one JSON object per line of its output.
fn oracle(program: &str, script: &str, files: &[PathBuf]) -> Vec<Value> {
    let out = Command::new(program)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg(script)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("{program} {script}: {e} (scripts/setup.sh --test installs node packages and ruby)"));
    assert!(out.status.success(), "{program} {script} failed: {}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("oracle prints JSON lines")).collect();
    assert_eq!(lines.len(), files.len(), "one oracle line per file");
    lines
}

fn n(v: &Value, k: &str) -> usize {
    v.get(k).and_then(Value::as_u64).unwrap_or(0) as usize
}

fn errors(r: &ImportResult) -> Vec<String> {
    r.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render("")).collect()
}

fn columns(s: &Schema) -> usize {
    s.tables.iter().map(|t| t.columns.len()).sum()
}

fn fks(s: &Schema) -> usize {
    s.foreign_keys().count()
}

fn indexes(s: &Schema) -> usize {
    s.tables.iter().map(|t| t.indexes.len()).sum()
}

#[test]
fn dbml_corpus_counts_match_dbml_core() {
    let fs = files("dbml", "dbml");
    assert!(fs.len() >= 4);
    let want = oracle("node", "tests/oracles/dbml-counts.mjs", &fs);
    for (f, w) in fs.iter().zip(&want) {
        assert!(w.get("error").is_none(), "{}: @dbml/core: {w}", f.display());
        let r = detected(&read(f));
        let s = &r.schema;
        let name = f.display();
        assert_eq!(r.detected.format, SourceFormat::Dbml, "{name}");
        assert!(errors(&r).is_empty(), "{name}: {:?}", errors(&r));
        s.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        let uniques: usize = s.tables.iter().map(|t| t.uniques.len()).sum();
        let got = json!({
            "tables": s.tables.len(), "columns": columns(s), "refs": fks(s), "enums": s.enums.len(),
            // DBML's inline `unique` is a column setting, not an index, in @dbml/core's model.
            "indexes": indexes(s), "pks": s.tables.iter().filter(|t| t.primary_key.is_some()).count(),
            "groups": s.groups.len(),
        });
        let expected = json!({
            "tables": n(w, "tables") + n(w, "manyToMany"), "columns": n(w, "columns") + 2 * n(w, "manyToMany"),
            "refs": n(w, "refs") + 2 * n(w, "manyToMany"), "enums": n(w, "enums"), "indexes": n(w, "indexes"),
            "pks": n(w, "pks") + n(w, "manyToMany"), "groups": n(w, "groups"),
        });
        assert_eq!(got, expected, "{name} (inline uniques: {uniques})");
    }
}

#[test]
fn prisma_corpus_counts_match_prismas_schema_engine() {
    let fs = files("prisma", "prisma");
    assert!(fs.len() >= 4);
    let want = oracle("node", "tests/oracles/prisma-counts.mjs", &fs);
    for (f, w) in fs.iter().zip(&want) {
        let name = f.display();
        assert!(w.get("error2").is_none(), "{name}: {w}");
        let r = detected(&read(f));
        let s = &r.schema;
        assert_eq!(r.detected.format, SourceFormat::Prisma, "{name}");
        assert!(errors(&r).is_empty(), "{name}: {:?}", errors(&r));
        s.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        // A file that is part of a multi-file schema: each field naming an absent model is a warning.
        let absent = r.diagnostics.iter().filter(|d| d.severity == Severity::Warning && d.message.contains("not present")).count();
        assert_eq!(absent, n(w, "dropped"), "{name}: fields naming absent models");
        let m2m = n(w, "manyToMany");
        let got = json!({
            "models": s.tables.len() - m2m, "columns": columns(s) - 2 * m2m, "relations": fks(s) - 2 * m2m,
            "enums": s.enums.len(), "indexes": indexes(s) - m2m,
            "ids": s.tables.iter().filter(|t| t.primary_key.is_some()).count() - m2m,
            "dialect": s.dialect.as_str(),
        });
        let expected = json!({
            "models": n(w, "models"), "columns": n(w, "columns"), "relations": n(w, "relations"), "enums": n(w, "enums"),
            "indexes": n(w, "indexes") + n(w, "uniqueIndexes"), "ids": n(w, "ids"),
            "dialect": if w["provider"] == "postgresql" { "postgres" } else { "?" },
        });
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn rails_corpus_counts_match_ruby_running_the_schema() {
    let fs = files("rails", "rb");
    assert!(fs.len() >= 3);
    let want = oracle("ruby", "tests/oracles/rails-counts.rb", &fs);
    for (f, w) in fs.iter().zip(&want) {
        let name = f.display();
        assert!(w.get("error").is_none() && n(w, "unknown") == 0, "{name}: {w}");
        let r = detected(&read(f));
        let s = &r.schema;
        assert_eq!(r.detected.format, SourceFormat::Rails, "{name}");
        assert!(errors(&r).is_empty(), "{name}: {:?}", errors(&r));
        s.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = json!({
            "tables": s.tables.len(), "columns": columns(s), "pks": s.tables.iter().filter(|t| t.primary_key.is_some()).count(),
            "indexes": indexes(s), "fks": fks(s), "enums": s.enums.len(), "objects": s.objects.len(),
            "checks": s.tables.iter().map(|t| t.checks.len()).sum::<usize>(),
        });
        let expected = json!({
            "tables": n(w, "tables"), "columns": n(w, "columns"), "pks": n(w, "pks"), "indexes": n(w, "indexes"),
            "fks": n(w, "fks"), "enums": n(w, "enums"), "objects": n(w, "objects"), "checks": n(w, "checks"),
        });
        assert_eq!(got, expected, "{name}");
    }
}

/// What DBML can say of a schema: the comparison of the DBML round trip. Unique constraints
/// and unique indexes are one thing in DBML; index sort orders, operator classes, predicates,
/// covering columns, identity kinds, generated columns and deferrability are not in it.
fn dbml_shape(s: &Schema) -> Value {
    let methods = ["btree", "hash", "gin", "gist", "brin"];
    let tables: Vec<Value> = s
        .tables
        .iter()
        .map(|t| {
            let cname = |id: &erdsmith::schema::ColumnId| t.column(*id).map(|c| c.name.clone()).unwrap_or_default();
            let mut uniques: Vec<Value> = t.uniques.iter().map(|u| json!([u.name, u.columns.iter().map(cname).collect::<Vec<_>>()])).collect();
            let mut plain = Vec::new();
            for ix in &t.indexes {
                let keys: Vec<String> = ix.keys.iter().map(|k| match &k.part {
                    IndexPart::Column(c) => cname(c),
                    IndexPart::Expression(e) => format!("`{e}`"),
                }).collect();
                let method = ix.method.as_deref().filter(|m| methods.contains(m));
                if ix.unique && method.is_none() && ix.keys.iter().all(|k| matches!(k.part, IndexPart::Column(_))) {
                    uniques.push(json!([ix.name, keys]));
                } else {
                    plain.push(json!([ix.name, ix.unique, keys, method]));
                }
            }
            uniques.sort_by_key(|v| v.to_string());
            let fks: Vec<Value> = t.foreign_keys.iter().map(|fk| {
                let rt = s.table(fk.ref_table);
                json!([fk.name, fk.columns.iter().map(cname).collect::<Vec<_>>(), rt.map(|r| r.qualified_name()),
                    fk.ref_columns.iter().map(|c| rt.and_then(|r| r.column(*c)).map(|c| c.name.clone())).collect::<Vec<_>>(),
                    format!("{:?}", fk.on_delete), format!("{:?}", fk.on_update)])
            }).collect();
            json!({
                "name": t.qualified_name(), "comment": t.comment, "color": t.color.as_deref().filter(|c| c.starts_with('#')),
                "columns": t.columns.iter().map(|c| json!([c.name, c.data_type.raw, c.nullable, c.default.as_deref().filter(|d| !d.contains('`')), c.identity.is_some(), c.comment])).collect::<Vec<_>>(),
                "pk": t.primary_key.as_ref().map(|pk| json!([pk.name, pk.columns.iter().map(cname).collect::<Vec<_>>()])),
                "uniques": uniques, "indexes": plain, "fks": fks,
                "checks": t.checks.iter().filter(|c| !c.expr.contains('`')).map(|c| json!([c.name, c.expr])).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "dialect": s.dialect.as_str(),
        "tables": tables,
        "enums": s.enums.iter().map(|e| json!([e.schema, e.name, e.values])).collect::<Vec<_>>(),
        "groups": s.groups.iter().map(|g| json!([g.name, g.color, g.note, g.tables.iter().filter_map(|t| s.table(*t)).map(|t| t.qualified_name()).collect::<Vec<_>>()])).collect::<Vec<_>>(),
        "notes": s.notes.iter().map(|n| n.text.clone()).collect::<Vec<_>>(),
    })
}

/// The first difference of two JSON values, for a readable failure.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x.iter().find_map(|(k, v)| first_difference(v, y.get(k).unwrap_or(&Value::Null), &format!("{path}.{k}"))),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x.iter().zip(y).enumerate().find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} != {b}")),
    }
}

fn dbml_round_trip(s: &Schema, what: &str) -> String {
    let out = export::export(s, Format::Dbml).expect("dbml export");
    let back = as_format(&out.text, SourceFormat::Dbml);
    assert!(errors(&back).is_empty(), "{what}: the DBML export does not import: {:?}\n{}", errors(&back), out.text);
    back.schema.validate().unwrap_or_else(|e| panic!("{what}: {e}"));
    let (a, b) = (dbml_shape(s), dbml_shape(&back.schema));
    if let Some(d) = first_difference(&a, &b, "") {
        panic!("{what}: import(export_dbml(s)) differs from s at {d}");
    }
    out.text
}

#[test]
fn dbml_round_trip_is_identity_on_the_dbml_and_sql_corpus_and_dbml_core_reads_every_export() {
    let dir = std::env::temp_dir().join(format!("erdsmith-dbml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut written = Vec::new();
    let mut expected = Vec::new();
    let sources: Vec<PathBuf> = files("dbml", "dbml").into_iter().chain(files("", "sql")).collect();
    assert!(sources.len() > 40);
    for f in &sources {
        let s = detected(&read(f)).schema;
        let text = dbml_round_trip(&s, &f.display().to_string());
        let path = dir.join(format!("{}.dbml", f.file_stem().and_then(|x| x.to_str()).unwrap_or("x")));
        std::fs::write(&path, text).expect("write export");
        written.push(path);
        expected.push(s);
    }
    for (w, s) in oracle("node", "tests/oracles/dbml-counts.mjs", &written).iter().zip(&expected) {
        assert!(w.get("error").is_none(), "@dbml/core rejects an export: {w}");
        assert_eq!((n(w, "tables"), n(w, "columns"), n(w, "refs"), n(w, "enums")), (s.tables.len(), columns(s), fks(s), s.enums.len()), "{w}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dbml_round_trip_is_identity_on_random_schemas() {
    let mut rng = Rng::new(0xdb31);
    for i in 0..300 {
        let d = *rng.pick(&[Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite, Dialect::Mssql, Dialect::Generic]);
        let s = crate::roundtrip::generate(&mut rng, d);
        dbml_round_trip(&s, &format!("random schema {i} ({d})"));
    }
}

#[test]
fn prisma_round_trip_is_identity_on_the_prisma_corpus_and_prisma_validates_every_export() {
    let dir = std::env::temp_dir().join(format!("erdsmith-prisma-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let fs = files("prisma", "prisma");
    let mut written = Vec::new();
    for f in &fs {
        let s = detected(&read(f)).schema;
        let out = export::export(&s, Format::Prisma).expect("prisma export");
        assert!(out.warnings.is_empty(), "{}: {:?}", f.display(), out.warnings);
        let back = as_format(&out.text, SourceFormat::Prisma);
        assert!(back.diagnostics.is_empty(), "{}: {:?}", f.display(), back.diagnostics);
        assert_eq!(export::json::render(&back.schema), export::json::render(&s), "{}: import(export_prisma(s)) != s", f.display());
        let path = dir.join(f.file_name().expect("file name"));
        std::fs::write(&path, &out.text).expect("write export");
        written.push(path);
    }
    let originals = oracle("node", "tests/oracles/prisma-counts.mjs", &fs);
    for (w, o) in oracle("node", "tests/oracles/prisma-counts.mjs", &written).iter().zip(&originals) {
        assert!(w.get("error").is_none(), "Prisma's engine rejects an export: {w}");
        for k in ["models", "columns", "relations", "manyToMany", "enums", "ids", "indexes", "uniqueIndexes"] {
            assert_eq!(w[k], o[k], "{k}: export {w} vs original {o}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dbml_reads_every_form_of_ref_aliases_groups_and_many_to_many() {
    let text = "Project p {\n  database_type: 'MySQL'\n  Note: 'the project'\n}\n\
        Table core.users as U [headercolor: #3498DB, note: 'people'] {\n  id int [pk, increment]\n  email varchar(255) [not null, unique, note: 'login']\n  team_id int [ref: > teams.id]\n  status status [default: 'active']\n}\n\
        Table teams {\n  id int [pk]\n  a int\n  b int\n  Indexes {\n    (a, b) [unique, name: 'ab']\n    `lower(a)` [type: hash]\n  }\n}\n\
        Table pairs {\n  x int\n  y int\n  Indexes {\n    (x, y) [pk]\n  }\n}\n\
        Table tags {\n  id int [pk]\n}\n\
        Enum status {\n  active\n  gone\n  \"on hold\" [note: 'x']\n}\n\
        Ref named: pairs.(x, y) > teams.(a, b) [delete: cascade, update: set null]\n\
        Ref {\n  teams.a < U.id\n}\n\
        Ref: U.id <> tags.id\n\
        TableGroup g [color: #111111] {\n  U\n  teams\n  Note: 'grouped'\n}\n";
    let r = detected(text);
    assert_eq!(r.detected.format, SourceFormat::Dbml);
    assert_eq!(r.schema.dialect, Dialect::Mysql);
    let s = &r.schema;
    let t = |n: &str| s.tables.iter().find(|t| t.name == n).unwrap_or_else(|| panic!("table {n}"));
    let users = t("users");
    assert_eq!((users.schema.as_deref(), users.color.as_deref(), users.comment.as_deref()), (Some("core"), Some("#3498DB"), Some("people")));
    assert_eq!(users.uniques.len(), 1);
    assert!(users.columns[0].identity.is_some() && !users.columns[1].nullable);
    assert_eq!(users.columns[3].default.as_deref(), Some("'active'"));
    assert!(matches!(users.columns[3].data_type.kind, erdsmith::schema::TypeKind::Enum { .. }));
    assert_eq!(t("pairs").primary_key.as_ref().map(|p| p.columns.len()), Some(2));
    let named = t("pairs").foreign_keys.first().expect("composite ref");
    assert_eq!((named.name.as_deref(), named.columns.len()), (Some("named"), 2));
    assert_eq!(named.on_delete, erdsmith::schema::FkAction::Cascade);
    // `teams.a < U.id`: users.id refers to teams.a.
    assert!(users.foreign_keys.iter().any(|fk| fk.ref_table == t("teams").id));
    let join = t("users_tags");
    assert_eq!(join.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["users_id", "tags_id"]);
    assert_eq!(join.foreign_keys.len(), 2);
    assert_eq!(s.enums[0].values, ["active", "gone", "on hold"]);
    assert_eq!(s.groups[0].tables.len(), 2);
    assert_eq!(s.groups[0].note.as_deref(), Some("grouped"));
    assert_eq!(s.notes[0].text, "the project");
    assert_eq!(t("teams").indexes.len(), 2);
    s.validate().expect("valid");
}

#[test]
fn prisma_reads_maps_native_types_defaults_and_implicit_many_to_many() {
    let text = "datasource db {\n  provider = \"postgresql\"\n}\n\
        /// A post\nmodel Post {\n  id Int @id @default(autoincrement())\n  title String @db.VarChar(200)\n  slug String @unique(map: \"post_slug\")\n  kind Kind @default(DRAFT)\n  tags Tag[]\n  author User? @relation(fields: [authorId], references: [id], onDelete: Cascade)\n  authorId String? @map(\"author_id\") @db.Uuid\n  created DateTime @default(now())\n  @@index([title(sort: Desc), created])\n}\n\
        model Tag {\n  id Int @id\n  posts Post[]\n}\n\
        model User {\n  id String @id @default(uuid()) @db.Uuid\n  posts Post[]\n  ghosts Ghost[]\n}\n\
        enum Kind {\n  DRAFT @map(\"draft\")\n  LIVE\n  @@map(\"post_kind\")\n}\n";
    let r = detected(text);
    assert_eq!(r.detected.format, SourceFormat::Prisma);
    let s = &r.schema;
    let post = s.tables.iter().find(|t| t.name == "Post").expect("Post");
    let col = |n: &str| post.columns.iter().find(|c| c.name == n).unwrap_or_else(|| panic!("column {n}"));
    assert_eq!(col("title").data_type.raw, "varchar(200)");
    assert_eq!(col("author_id").data_type.raw, "uuid");
    assert_eq!(col("kind").data_type.raw, "post_kind");
    assert_eq!(col("kind").default.as_deref(), Some("'draft'"));
    assert_eq!(col("created").default.as_deref(), Some("CURRENT_TIMESTAMP"));
    assert!(col("id").identity.is_some());
    assert_eq!(post.comment.as_deref(), Some("A post"));
    assert_eq!(post.foreign_keys[0].on_delete, erdsmith::schema::FkAction::Cascade);
    assert!(post.indexes.iter().any(|ix| ix.unique && ix.name.as_deref() == Some("post_slug")));
    assert!(post.indexes.iter().any(|ix| ix.keys.len() == 2 && ix.keys[0].descending));
    let user = s.tables.iter().find(|t| t.name == "User").expect("User");
    assert_eq!(user.columns[0].extra, ["@default(uuid())"]);
    let join = s.tables.iter().find(|t| t.name == "_PostToTag").expect("implicit m:n join table");
    assert_eq!(join.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["A", "B"]);
    assert_eq!(join.foreign_keys.len(), 2);
    // `ghosts Ghost[]`: a model that is not present is a warning with its line:column.
    let w = r.diagnostics.iter().find(|d| d.message.contains("Ghost")).expect("diagnostic for the absent model");
    assert_eq!((w.severity, w.span.line, w.span.column), (Severity::Warning, 23, 3));
    // The export says it all again, the join table as the two list fields.
    let out = export::export(s, Format::Prisma).expect("export");
    assert!(out.text.contains("@relation(\"PostToTag\")"), "{}", out.text);
    let back = as_format(&out.text, SourceFormat::Prisma).schema;
    assert_eq!(export::json::render(&back), export::json::render(s));
}

#[test]
fn rails_reads_conventions_references_join_tables_and_foreign_key_guesses() {
    let text = "ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do\n\
        enable_extension \"plpgsql\"\n\
        create_enum \"mood\", [\"happy\", \"sad\"]\n\
        create_table \"stories\", force: :cascade do |t|\n    t.string \"title\", limit: 150, null: false, default: \"x\"\n    t.decimal \"score\", precision: 10, scale: 2\n    t.enum \"mood\", enum_type: \"mood\"\n    t.references :author, null: false, foreign_key: { to_table: :people }, type: :uuid\n    t.references :subject, polymorphic: true\n    t.timestamps\n    t.index [\"title\"], name: \"index_stories_on_title\", unique: true, where: \"score > 0\"\n  end\n\
        create_table \"people\", id: :uuid, default: -> { \"gen_random_uuid()\" } do |t|\n    t.text \"tags\", array: true, default: []\n  end\n\
        create_table \"pairs\", primary_key: [\"a\", \"b\"], force: :cascade do |t|\n    t.integer \"a\", null: false\n    t.integer \"b\", null: false\n  end\n\
        create_table \"comments\", id: false do |t|\n    t.bigint \"story_id\"\n  end\n\
        create_join_table :stories, :people\n\
        add_index \"comments\", [\"story_id\"], name: \"by_story\"\n\
        add_foreign_key \"comments\", \"stories\", on_delete: :cascade\n\
        frobnicate \"x\"\n\
      end\n";
    let r = detected(text);
    assert_eq!(r.detected.format, SourceFormat::Rails);
    let s = &r.schema;
    assert_eq!(s.dialect, Dialect::Postgres);
    let t = |n: &str| s.tables.iter().find(|t| t.name == n).unwrap_or_else(|| panic!("table {n}"));
    let stories = t("stories");
    let names: Vec<&str> = stories.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "title", "score", "mood", "author_id", "subject_type", "subject_id", "created_at", "updated_at"]);
    assert_eq!(stories.columns[0].data_type.raw, "bigint");
    assert_eq!(stories.columns[1].data_type.raw, "character varying(150)");
    assert_eq!(stories.columns[1].default.as_deref(), Some("'x'"));
    assert_eq!(stories.columns[2].data_type.raw, "numeric(10,2)");
    assert_eq!(stories.columns[4].data_type.raw, "uuid");
    assert_eq!(stories.columns[7].data_type.raw, "timestamp(6)");
    assert_eq!(stories.indexes.iter().filter(|i| i.predicate.is_some()).count(), 1);
    assert_eq!(stories.foreign_keys.len(), 1);
    let people = t("people");
    assert_eq!((people.columns[0].data_type.raw.as_str(), people.columns[0].default.as_deref()), ("uuid", Some("gen_random_uuid()")));
    assert_eq!(people.columns[1].default.as_deref(), Some("'{}'"));
    assert_eq!(t("pairs").primary_key.as_ref().map(|p| p.columns.len()), Some(2));
    let comments = t("comments");
    assert!(comments.primary_key.is_none());
    assert_eq!(comments.foreign_keys[0].on_delete, erdsmith::schema::FkAction::Cascade);
    assert_eq!(t("people_stories").columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["story_id", "person_id"]);
    assert_eq!(s.objects.len(), 1);
    let w = r.diagnostics.iter().find(|d| d.message.contains("frobnicate")).expect("unknown statement warned");
    assert_eq!((w.severity, w.span.line, w.span.column), (Severity::Warning, 26, 1));
    s.validate().expect("valid");
}

#[test]
fn bad_input_is_an_error_with_line_and_column_and_the_rest_is_read() {
    let dbml = "Table a {\n  id int [pk\n}\nTable b {\n  id int\n}\n!!\nTable c {\n  x int\n}\n";
    let r = as_format(dbml, SourceFormat::Dbml);
    assert!(r.schema.tables.iter().any(|t| t.name == "c"), "{:?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error && d.span.line == 7 && d.span.column == 1), "{:?}", r.diagnostics);
    let prisma = "model A {\n  id Int @id\n  x\n}\n%%\nmodel B {\n  id Int @id\n}\n";
    let r = as_format(prisma, SourceFormat::Prisma);
    assert_eq!(r.schema.tables.len(), 2, "{:?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error && d.span.line == 3), "{:?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error && (d.span.line, d.span.column) == (5, 1)), "{:?}", r.diagnostics);
    let rails = "create_table \"a\" do |t|\n  t.string \"x\", null: )\nend\ncreate_table \"b\" do |t|\nend\n";
    let r = as_format(rails, SourceFormat::Rails);
    assert_eq!(r.schema.tables.len(), 2, "{:?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error && d.span.line == 2), "{:?}", r.diagnostics);
    // Unterminated strings and comments.
    for (text, f) in [("Table a {\n  id int [note: 'x\n}\n", SourceFormat::Dbml), ("/* x", SourceFormat::Dbml), ("model A {\n  id String @default(\"x\n}", SourceFormat::Prisma), ("create_table \"a", SourceFormat::Rails)] {
        let r = as_format(text, f);
        assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error && d.span.line >= 1 && d.span.column >= 1), "{text:?}: {:?}", r.diagnostics);
    }
}

#[test]
fn mangled_corpus_files_never_panic() {
    let mut rng = Rng::new(0x5eed);
    let texts: Vec<String> = ["dbml", "prisma", "rails"]
        .iter()
        .flat_map(|d| files(d, if *d == "rails" { "rb" } else { d }))
        .filter(|p| std::fs::metadata(p).map(|m| m.len() < 100_000).unwrap_or(false))
        .map(|p| read(&p))
        .collect();
    let junk = ["{", "}", "[", "]", "(", ")", "\"", "'", "`", "'''", "///", "@@", "@", ":", ",", "do", "end", "<>", "\n", "->", "#", "/*", "\\"];
    for i in 0..300 {
        let base = rng.pick(&texts).clone();
        let text = crate::support::mutate(&mut rng, &base, &junk);
        for f in [SourceFormat::Dbml, SourceFormat::Prisma, SourceFormat::Rails] {
            let r = as_format(&text, f);
            r.schema.validate().unwrap_or_else(|e| panic!("mutation {i} as {f}: {e}"));
            for d in &r.diagnostics {
                assert!(d.span.line >= 1 && d.span.column >= 1, "mutation {i}: {d:?}");
            }
        }
    }
}

#[test]
fn formats_are_detected_and_sql_stays_sql() {
    for (text, f) in [
        ("Table users {\n  id int [pk]\n}\n", SourceFormat::Dbml),
        ("model User {\n  id Int @id\n}\n", SourceFormat::Prisma),
        ("ActiveRecord::Schema.define(version: 1) do\n  create_table \"users\" do |t|\n  end\nend\n", SourceFormat::Rails),
        ("CREATE TABLE users (id int primary key);\nCREATE TABLE t (x int);\n", SourceFormat::Sql),
        ("CREATE TYPE e AS ENUM ('a');\nCREATE TABLE model (id int);\n", SourceFormat::Sql),
    ] {
        assert_eq!(detected(text).detected.format, f, "{text}");
    }
    for f in files("", "sql") {
        assert_eq!(detected(&read(&f)).detected.format, SourceFormat::Sql, "{}", f.display());
    }
}

#[test]
fn a_diagram_edit_rewrites_a_dbml_or_prisma_text_whole_and_leaves_rails_alone() {
    use erdsmith::edit::Edit;
    for (text, f) in [
        ("Table users {\n  id int [pk]\n  name varchar\n}\n", SourceFormat::Dbml),
        ("datasource db {\n  provider = \"postgresql\"\n}\nmodel users {\n  id Int @id\n  name String\n}\n", SourceFormat::Prisma),
    ] {
        let s = detected(text).schema;
        let col = s.tables[0].columns[1].id;
        let c = erdsmith::sync::commit(text, &s, Edit::RenameColumn { column: col, name: "full_name".into() }).unwrap_or_else(|e| panic!("{f}: {e:?}"));
        let again = as_format(&c.text, f);
        assert_eq!(again.detected.format, f, "{}", c.text);
        assert_eq!(again.schema.tables[0].columns[1].name, "full_name", "{}", c.text);
        assert_eq!(c.schema.tables[0].columns[1].id, col, "the column keeps its id");
    }
    let rails = "create_table \"users\" do |t|\n  t.string \"name\"\nend\n";
    let s = detected(rails).schema;
    let col = s.tables[0].columns[1].id;
    assert!(erdsmith::sync::commit(rails, &s, Edit::RenameColumn { column: col, name: "x".into() }).is_err());
}

#[test]
fn a_prisma_schema_exported_as_sql_leaves_client_defaults_out_with_a_warning() {
    let text = "datasource db {\n  provider = \"postgresql\"\n}\nmodel A {\n  id String @id @default(cuid())\n  at DateTime @updatedAt\n}\n";
    let s = detected(text).schema;
    let out = export::export(&s, Format::Sql(Dialect::Postgres)).expect("sql");
    assert!(!out.text.contains('@'), "{}", out.text);
    assert_eq!(out.warnings.iter().filter(|w| w.message.contains("Prisma client")).count(), 2, "{:?}", out.warnings);
    let back = import(&out.text, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() });
    assert!(errors(&back).is_empty(), "{:?}", back.diagnostics);
    assert_eq!(back.schema.tables[0].columns.len(), 2);
}
