// Runs mongosh scripts in node against a stub `db` that records every call, as an oracle for
// erdsmith's MongoDB importer (which reads the script without running it):
// `node tests/oracles/mongodb-counts.mjs FILE…` prints one JSON object per line
// ({file, collections, embedded, fields, pks, indexes, unique, partial, ttl, refs, views, error}).
// The counting follows the importer's documented representation: every `$jsonSchema` property
// is a field; an object with `properties`, or an array whose `items` has them, is an embedded
// entity (one reference to its parent when it has a field); `xId`/`x_id` of bsonType objectId
// is an inferred reference to `xs`/`xes`/`x`/`xies` when that collection declares `_id`.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

function run(text) {
  const calls = [];
  const coll = (name) => new Proxy({}, {
    get: (_, method) => (...args) => { calls.push({ on: name, method: String(method), args }); return {}; },
  });
  const db = new Proxy({}, {
    get: (_, prop) => {
      if (prop === 'getSiblingDB') return () => db;
      if (prop === 'getCollection') return (n) => coll(n);
      if (prop === 'createCollection' || prop === 'runCommand' || prop === 'createView') {
        return (...args) => { calls.push({ on: null, method: prop, args }); return {}; };
      }
      return coll(String(prop));
    },
  });
  const stub = () => ({});
  const context = { db, print: stub, printjson: stub, ObjectId: stub, ISODate: stub, NumberInt: Number, NumberLong: Number, Date };
  context.db = db;
  vm.runInNewContext(text.replace(/^\s*use\s+\w+\s*;?\s*$/gm, ''), context);
  return calls;
}

function count(text) {
  const calls = run(text);
  const c = { collections: 0, embedded: 0, fields: 0, pks: 0, indexes: 0, unique: 0, partial: 0, ttl: 0, refs: 0, views: 0, embedRefs: 0 };
  const schemas = new Map();
  const names = new Set();
  const walk = (node) => {
    const props = node.properties || {};
    for (const [k, p] of Object.entries(props)) {
      c.fields += 1;
      const doc = p.bsonType === 'array' ? p.items : p;
      if (doc && typeof doc === 'object' && doc.properties) {
        c.embedded += 1;
        if (Object.keys(doc.properties).length > 0) c.embedRefs += 1;
        walk(doc);
      }
    }
  };
  for (const call of calls) {
    if (call.method === 'createCollection') {
      names.add(call.args[0]);
      const js = call.args[1]?.validator?.$jsonSchema;
      if (js) schemas.set(call.args[0], js);
    } else if (call.method === 'runCommand' && call.args[0]?.collMod) {
      names.add(call.args[0].collMod);
      const js = call.args[0].validator?.$jsonSchema;
      if (js) schemas.set(call.args[0].collMod, js);
    } else if (call.method === 'createView') {
      c.views += 1;
    } else if (call.method === 'createIndex' || call.method === 'ensureIndex') {
      names.add(call.on);
      c.indexes += 1;
      const o = call.args[1] || {};
      if (o.unique) c.unique += 1;
      if (o.partialFilterExpression) c.partial += 1;
      if (o.expireAfterSeconds !== undefined) c.ttl += 1;
    }
  }
  c.collections = names.size;
  for (const [name, js] of schemas) {
    walk(js);
    if (js.properties && js.properties._id) c.pks += 1;
    for (const [k, p] of Object.entries(js.properties || {})) {
      if (p.bsonType !== 'objectId' || k === '_id') continue;
      const base = k.endsWith('_id') ? k.slice(0, -3) : k.endsWith('Id') ? k.slice(0, -2) : '';
      if (!base) continue;
      const target = [base + 's', base + 'es', base, base.replace(/y$/, '') + 'ies'].find((n) => schemas.has(n));
      if (target && schemas.get(target).properties?._id) c.refs += 1;
    }
  }
  return c;
}

for (const file of process.argv.slice(2)) {
  try {
    console.log(JSON.stringify({ file, ...count(readFileSync(file, 'utf8')) }));
  } catch (e) {
    console.log(JSON.stringify({ file, error: String(e.message || e) }));
  }
}
