// Compiles D2 files with the real D2 compiler (npm @terrastruct/d2, its WebAssembly build) and
// prints, one JSON line per file, what D2 understood: the sql_table shapes with their labels and
// columns (name, type, constraints) and the connections with their arrowheads — or the error.
// Used by tests/it/export/d2.rs: `node tests/tools/d2-compile.mjs FILE…`.
import { D2 } from '@terrastruct/d2';
import { readFileSync } from 'node:fs';

const d2 = new D2();
for (const file of process.argv.slice(2)) {
  const started = Date.now();
  try {
    const result = await d2.compile(readFileSync(file, 'utf8'));
    const shapes = result.diagram.shapes.map((s) => ({
      id: s.id,
      type: s.type,
      label: s.label,
      columns: (s.columns ?? []).map((c) => [c.name.label, c.type.label, c.constraint ?? []]),
    }));
    const connections = result.diagram.connections.map((c) => ({
      src: c.src, dst: c.dst, srcArrow: c.srcArrow, dstArrow: c.dstArrow, dashed: c.strokeDash > 0, label: c.label ?? '',
    }));
    console.log(JSON.stringify({ file, ok: true, ms: Date.now() - started, shapes, connections }));
  } catch (e) {
    console.log(JSON.stringify({ file, ok: false, ms: Date.now() - started, error: String(e?.message ?? e) }));
  }
}
process.exit(0);
