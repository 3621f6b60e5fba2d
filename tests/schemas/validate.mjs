// Validates JSON documents against a JSON schema with ajv 6 (draft-04, which the official SARIF
// 2.1.0 schema declares, or later drafts), for the native CLI tests:
// `node tests/schemas/validate.mjs SCHEMA FILE...`.
// Prints each error and exits 1 when a document does not validate; 2 when it cannot run.
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error("usage: validate.mjs SCHEMA FILE...");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const ajv = new Ajv({ allErrors: true, jsonPointers: true, schemaId: "auto", format: "full" });
ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json"));
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
let failed = 0;
for (const file of files) {
  if (!validate(JSON.parse(readFileSync(file, "utf8")))) {
    failed++;
    for (const e of validate.errors) console.error(`${file}: ${e.dataPath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
console.log(`${files.length - failed} of ${files.length} valid`);
process.exit(failed ? 1 : 0);
