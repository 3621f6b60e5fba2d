// Counts what Prisma's own schema engine (@prisma/prisma-schema-wasm: the parser and validator
// behind `prisma format`/`prisma validate`, and its DMMF) reads in Prisma schemas, as an oracle
// for the importer: `node tests/oracles/prisma-counts.mjs FILE…` prints one JSON object per line
// ({file, models, columns, relations, manyToMany, enums, ids, uniques, indexes, provider, error}).
// A file that does not validate on its own (a part of a multi-file schema) is reported with its
// validation error and the counts of what validates when the fields naming absent models are
// left out (`dropped`).
import { readFileSync } from 'node:fs';
import wasm from '@prisma/prisma-schema-wasm';

function dmmf(text) {
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', text]] })));
}

function validate(text) {
  try {
    wasm.validate(JSON.stringify({ prismaSchema: [['schema.prisma', text]], noColor: true }));
    return null;
  } catch (e) {
    return String(e.message || e).split('\n').slice(0, 6).join(' ');
  }
}

function counts(d) {
  const models = d.datamodel.models;
  let columns = 0, relations = 0, manyToMany = 0, ids = 0, uniques = 0;
  const seen = new Set();
  for (const m of models) {
    for (const f of m.fields) {
      if (f.kind === 'scalar' || f.kind === 'enum' || f.kind === 'unsupported') columns += 1;
      if (f.kind === 'object' && f.relationFromFields && f.relationFromFields.length > 0) relations += 1;
      if (f.kind === 'object' && f.isList && (!f.relationFromFields || f.relationFromFields.length === 0)) {
        const other = models.find((x) => x.name === f.type);
        const opp = other && other.fields.find((g) => g.kind === 'object' && g.relationName === f.relationName && !(other === m && g.name === f.name));
        if (opp && opp.isList && !seen.has(f.relationName)) {
          seen.add(f.relationName);
          manyToMany += 1;
        }
      }
      if (f.isId) ids += 1;
      if (f.isUnique) uniques += 1;
    }
    if (m.primaryKey) ids += 1;
    uniques += (m.uniqueIndexes || []).length;
  }
  const all = d.datamodel.indexes || [];
  const indexes = all.filter((i) => i.type === 'normal' || i.type === 'fulltext').length;
  const uniqueIndexes = all.filter((i) => i.type === 'unique').length;
  return { models: models.length, columns, relations, manyToMany, enums: d.datamodel.enums.length, ids, uniques, indexes, uniqueIndexes };
}

for (const file of process.argv.slice(2)) {
  // Prisma 7 moved connection URLs out of schema files, and preview features change between
  // releases; neither says anything about the schema.
  let text = readFileSync(file, 'utf8').replace(/^\s*(url|directUrl|shadowDatabaseUrl|previewFeatures|extensions)\s*=.*$/gm, '');
  const out = { file };
  const provider = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"([^"]+)"/.exec(text);
  out.provider = provider ? provider[1] : null;
  const error = validate(text);
  if (error) {
    out.error = error;
    // Leave out the fields whose type is a model that is not in this file, then count.
    const declared = new Set([...text.matchAll(/^\s*(?:model|enum|type|view)\s+(\w+)/gm)].map((m) => m[1]));
    const scalars = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes', 'Unsupported']);
    let dropped = 0;
    text = text.replace(/^([ \t]+)(\w+)[ \t]+([A-Z]\w*)(\[\]|\?)?([^\n]*)$/gm, (line, _i, _name, type) => {
      if (scalars.has(type) || declared.has(type)) return line;
      dropped += 1;
      return '';
    });
    out.dropped = dropped;
    const again = validate(text);
    if (again) {
      out.error2 = again;
      console.log(JSON.stringify(out));
      continue;
    }
  }
  Object.assign(out, counts(dmmf(text)));
  console.log(JSON.stringify(out));
}
