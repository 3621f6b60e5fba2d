use erdsmith::export::{self, Format};
use erdsmith::schema::{Dialect, FkAction};
use erdsmith::testkit::schema;

#[test]
fn json_is_name_based_with_every_key_present() {
    let mut s = schema(
        Dialect::Postgres,
        "table app.customers
         id int | pk identity-by-default
         email text | nn unique comment login
         table app.orders
         id int | pk
         customer_id int | default 0
         fk customer_id -> app.customers id as fk_c
         index customer_id as ix_c",
    );
    s.tables[1].foreign_keys[0].on_delete = FkAction::Cascade;
    let text = export::json::render(&s);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["dialect"], "postgres");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 10, "{keys:?}");
    assert_eq!(v["objects"], serde_json::json!([]));
    assert_eq!(v["database"], serde_json::Value::Null);
    let expect_orders = serde_json::json!({
        "schema": "app", "name": "orders", "kind": "table", "parent": null,
        "columns": [
            {"name": "id", "type": "int", "nullable": false, "default": null, "identity": null,
             "generated": null, "collation": null, "comment": null, "extra": []},
            {"name": "customer_id", "type": "int", "nullable": true, "default": "0", "identity": null,
             "generated": null, "collation": null, "comment": null, "extra": []}
        ],
        "primary_key": ["id"], "primary_key_name": null, "uniques": [],
        "foreign_keys": [{"name": "fk_c", "columns": ["customer_id"], "ref_schema": "app",
            "ref_table": "customers", "ref_columns": ["id"], "on_delete": "CASCADE",
            "on_update": "NO ACTION", "deferrable": false, "initially_deferred": false}],
        "checks": [],
        "indexes": [{"name": "ix_c", "columns": ["customer_id"], "descending": [false], "unique": false,
            "method": null, "predicate": null, "include": [], "key_extra": [null], "options": null}],
        "comment": null, "temporary": false,
        "text": {"prefix": null, "head": null, "options": null, "bound": null}
    });
    assert_eq!(v["tables"][1], expect_orders);
    assert_eq!(v["tables"][0]["columns"][0]["identity"], "by_default");
    assert_eq!(v["tables"][0]["columns"][1]["comment"], "login");
    assert_eq!(v["tables"][0]["uniques"][0]["columns"], serde_json::json!(["email"]));
    // Field order is part of the contract: the name comes before the columns.
    let t0 = text.find("\"customers\"").unwrap();
    assert!(t0 < text.find("\"columns\"").unwrap());
    // The JSON export is the same document.
    let exported = export::export(&s, Format::Json).unwrap();
    assert_eq!(exported.text, format!("{text}\n"));
}
