use erdsmith::export::mermaid::{MermaidOptions, render, render_per_schema};
use erdsmith::schema::{Dialect, Schema};
use erdsmith::testkit::schema;

#[track_caller]
fn check(schema: &Schema, options: &MermaidOptions, expect: &str) {
    let got = render(schema, options);
    save_sample(&got);
    let expect = expect.trim_start_matches('\n');
    assert_eq!(got, expect, "\n--- got ---\n{got}");
}

/// Keeps every rendered text for the browser test (tests/e2e/mermaid-corpus.test.mjs), which
/// parses them with the real Mermaid; named by content so parallel tests never clash.
pub(crate) fn save_sample(text: &str) {
    use std::hash::{Hash, Hasher};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/mermaid-samples");
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    std::fs::create_dir_all(&dir).expect("target dir writable");
    std::fs::write(dir.join(format!("{:016x}.mmd", h.finish())), text).expect("sample written");
}

fn shop() -> Schema {
    schema(
        Dialect::Postgres,
        "table customers
         id int | pk
         email varchar(200) | nn unique
         name text | comment Full name
         table orders
         id bigint | pk
         customer_id int | nn
         total numeric(12, 2) | nn
         note text
         fk customer_id -> customers id as orders_customer_fk
         table order_lines
         order_id bigint | pk fk orders.id
         line int | pk
         price DOUBLE  PRECISION | nn
         table profiles
         customer_id int | unique fk customers.id
         bio text",
    )
}

#[test]
fn entities_attributes_and_cardinality() {
    check(&shop(), &MermaidOptions::default(), r#"
erDiagram
    "customers" {
        int id PK
        varchar(200) email UK
        text name "Full name"
    }
    "orders" {
        bigint id PK
        int customer_id FK
        numeric(12-2) total
        text note
    }
    "order_lines" {
        bigint order_id PK, FK
        int line PK
        double_precision price
    }
    "profiles" {
        int customer_id FK, UK
        text bio
    }
    "customers" ||..o{ "orders" : "orders_customer_fk"
    "orders" ||--o{ "order_lines" : "order_id"
    "customers" |o..o| "profiles" : "customer_id"
"#);
}

#[test]
fn keys_only_and_focus() {
    let opts = MermaidOptions { keys_only: true, tables: Some(vec!["ORDERS".into()]), with_neighbors: true, ..Default::default() };
    check(&shop(), &opts, r#"
erDiagram
    "customers" {
        int id PK
        varchar(200) email UK
    }
    "orders" {
        bigint id PK
        int customer_id FK
    }
    "order_lines" {
        bigint order_id PK, FK
        int line PK
    }
    "customers" ||..o{ "orders" : "orders_customer_fk"
    "orders" ||--o{ "order_lines" : "order_id"
"#);
    let opts = MermaidOptions { keys_only: true, tables: Some(vec!["profiles".into()]), ..Default::default() };
    check(&shop(), &opts, r#"
erDiagram
    "profiles" {
        int customer_id FK, UK
    }
"#);
}

#[test]
fn same_name_in_two_schemas_stays_two_entities() {
    let s = schema(Dialect::Postgres, "table sales.users\nid int | pk\ntable hr.users\nid int | pk\nsales_user int | fk sales.users.id");
    check(&s, &MermaidOptions::default(), r#"
erDiagram
    "sales.users" {
        int id PK
    }
    "hr.users" {
        int id PK
        int sales_user FK
    }
    "sales.users" |o..o{ "hr.users" : "sales_user"
"#);
    let files = render_per_schema(&s, &MermaidOptions::default());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["sales", "hr"]);
    for (_, text) in &files {
        save_sample(text);
    }
    assert_eq!(files[1].1, "erDiagram\n    \"hr.users\" {\n        int id PK\n        int sales_user FK\n    }\n");
    // One namespace everywhere: names stay short.
    let s = schema(Dialect::Postgres, "table public.a\nx int | nn\ntable public.b\ny int | nn");
    check(&s, &MermaidOptions { schema: Some("PUBLIC".into()), ..Default::default() }, r#"
erDiagram
    "a" {
        int x
    }
    "b" {
        int y
    }
"#);
}

#[test]
fn awkward_types_and_names_become_single_words() {
    let s = schema(
        Dialect::Mysql,
        "table t
         `1st col` ENUM('a b','c''d') | nn
         `pk` int | nn
         `fk-x` text | nn
         `Uk` int | nn
         `größe` character varying (20) | nn
         `°` int | nn
         `select` timestamp(6) with time zone | nn
         `x~y~z` int[] | nn
         `a,b` NVARCHAR(MAX) | nn
         table empty",
    );
    check(&s, &MermaidOptions::default(), r#"
erDiagram
    "t" {
        enum(a_b-cd) _1st_col
        int _pk
        text _fk-x
        int _Uk
        character_varying(20) größe
        int column
        timestamp(6)_with_time_zone select
        int[] x_y_z
        nvarchar(max) a-b
    }
    "empty"
"#);
}

#[test]
fn hostile_text_cannot_escape_its_token() {
    let mut s = schema(
        Dialect::Postgres,
        r#"table `x"} %%{init: {'theme':'dark'}}%% <script>alert(1)</script>`
           `id" PK "` int | pk
           note text
           table `direction TB`
           ref int
           fk ref -> `x"} %%{init: {'theme':'dark'}}%% <script>alert(1)</script>` `id" PK "`"#,
    );
    // A comment and a constraint name with a line break, which a line notation cannot hold.
    s.tables[0].columns[1].comment = Some("a \"quoted\"\nline~two~ %%{init}%% #lt; \\".into());
    s.tables[1].foreign_keys[0].name = Some("fk\" : \"evil\nerDiagram".into());
    check(&s, &MermaidOptions::default(), "
erDiagram
    \"x'} ％％{init: {'theme':'dark'}}％％ ‹script›alert(1)‹/script›\" {
        int id_PK PK
        text note \"a 'quoted' line∼two∼ ％％{init}％％ ＃lt; ∖\"
    }
    \"direction_TB\" {
        int ref FK
    }
    \"x'} ％％{init: {'theme':'dark'}}％％ ‹script›alert(1)‹/script›\" |o..o{ \"direction_TB\" : \"fk' : 'evil erDiagram\"
");
}

#[test]
fn names_equal_after_escaping_get_suffixes() {
    check(&schema(Dialect::Postgres, "table a\"b\ntable a'b"), &MermaidOptions::default(), "erDiagram\n    \"a'b\"\n    \"a'b (2)\"\n");
}

#[test]
fn partitions_are_a_comment_on_their_parent_not_entities() {
    let text = crate::support::corpus("pagila_schema.sql");
    let s = erdsmith::import::import(&text, &Default::default()).schema;
    let parts: Vec<&str> = s.tables.iter().filter(|t| t.name.starts_with("payment_p20")).map(|t| t.name.as_str()).collect();
    assert!(parts.len() >= 7, "{parts:?}");
    let out = render(&s, &MermaidOptions::default());
    save_sample(&out);
    for p in &parts {
        assert!(!out.contains(&format!("\"{p}\" {{")) && !out.contains(&format!("\"{p}\"\n")), "{p} drawn as an entity");
    }
    let line = out.lines().find(|l| l.trim_start().starts_with("%% partitions of \"payment\"") || l.trim_start().starts_with("%% partitions of payment")).unwrap_or_default();
    assert!(line.contains(&format!(": {} (", parts.len())), "{line}");
    // Still reachable by name.
    let one = render(&s, &MermaidOptions { tables: Some(vec![parts[0].to_string()]), ..Default::default() });
    assert!(one.contains(&format!("\"{}\"", parts[0])), "{one}");
}
