//! DBML and the Markdown data dictionary.
use erdsmith::export::{self, Format, dbml, markdown};
use erdsmith::schema::{Dialect, Schema};
use erdsmith::testkit::schema;

fn sample() -> Schema {
    let mut s = schema(
        Dialect::Postgres,
        r#"table app.customer
           id int | pk identity-by-default
           email text | nn unique
           `na"me` text
           table app.orders
           order_no int | pk
           line int | pk
           customer_id int | default 0
           fk customer_id -> app.customer id as fk_cust
           index customer_id as ix_cust"#,
    );
    // A comment with a line break, which a line notation cannot hold.
    s.tables[0].columns[2].comment = Some("say 'hi' | <b>*x*</b>\nline2".into());
    s
}

#[test]
fn dbml_quotes_names_and_notes() {
    let got = dbml::render(&sample());
    assert_eq!(got, r#"Project {
  database_type: 'PostgreSQL'
}

Table "app"."customer" {
  "id" "int" [pk, increment, not null]
  "email" "text" [not null, unique]
  "na\"me" "text" [note: 'say \'hi\' | <b>*x*</b>\nline2']
}

Table "app"."orders" {
  "order_no" "int" [not null]
  "line" "int" [not null]
  "customer_id" "int" [default: `0`]

  Indexes {
    ("order_no", "line") [pk]
    ("customer_id") [name: 'ix_cust']
  }
}

Ref "fk_cust": "app"."orders"."customer_id" > "app"."customer"."id"
"#);
}

#[test]
fn markdown_dictionary_escapes_cells() {
    let got = markdown::render(&sample());
    assert_eq!(got, r#"# Data dictionary

2 tables, 0 views, 0 enums (PostgreSQL).

## app.customer

| Column | Type | Nullable | Default | Key | Comment |
| --- | --- | --- | --- | --- | --- |
| id | `int` | no |  | PK |  |
| email | `text` | no |  | UK |  |
| na"me | `text` | yes |  |  | say 'hi' \| &lt;b&gt;\*x\*&lt;/b&gt;<br>line2 |

## app.orders

| Column | Type | Nullable | Default | Key | Comment |
| --- | --- | --- | --- | --- | --- |
| order\_no | `int` | no |  | PK |  |
| line | `int` | no |  | PK |  |
| customer\_id | `int` | yes | `0` | FK |  |

Foreign keys:

- customer\_id → app.customer.id (fk\_cust), on delete no action

Indexes:

- ix\_cust: customer\_id

"#);
}

#[test]
fn every_format_exports() {
    let s = sample();
    for f in ["mermaid", "sql:postgres", "sql:mysql", "sql:sqlite", "sql:mssql", "sql:oracle", "dbml", "markdown", "json"] {
        let format: Format = f.parse().unwrap();
        let out = export::export(&s, format).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(out.text.contains("customer"), "{f}: {}", out.text);
    }
}
