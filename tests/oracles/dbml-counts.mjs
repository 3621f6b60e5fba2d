// Counts what @dbml/core (dbdiagram's own parser) reads in DBML files, as an oracle for the
// importer: `node tests/oracles/dbml-counts.mjs FILE…` prints one JSON object per line
// ({file, tables, columns, refs, enums, indexes, pks, groups, notes, error}).
import { readFileSync } from 'node:fs';
import { Parser } from '@dbml/core';

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  let out = { file };
  try {
    const db = new Parser().parse(text, 'dbmlv2');
    let tables = 0, columns = 0, refs = 0, enums = 0, indexes = 0, pks = 0, groups = 0;
    let manyToMany = 0;
    for (const s of db.schemas) {
      tables += s.tables.length;
      for (const t of s.tables) {
        columns += t.fields.length;
        const pkIndex = t.indexes.filter((i) => i.pk).length;
        indexes += t.indexes.length - pkIndex;
        pks += (pkIndex > 0 || t.fields.some((f) => f.pk)) ? 1 : 0;
      }
      for (const r of s.refs) {
        const rels = r.endpoints.map((e) => e.relation);
        if (rels[0] === '*' && rels[1] === '*') manyToMany += 1;
        else refs += 1;
      }
      enums += s.enums.length;
      groups += s.tableGroups.length;
    }
    out = { ...out, tables, columns, refs, manyToMany, enums, indexes, pks, groups, notes: (db.notes || []).length };
  } catch (e) {
    const diags = e.diags || [e];
    out.error = diags.map((d) => `${d.location ? `${d.location.start.line}:${d.location.start.column}: ` : ''}${d.message}`).join('; ');
  }
  console.log(JSON.stringify(out));
}
