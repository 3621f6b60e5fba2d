// A tiny static file server on loopback, used by `scripts/serve.sh` and by the browser tests.
// Usage: node scripts/static-server.mjs DIR [PORT]   (PORT 0 picks a free one)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.sql': 'text/plain; charset=utf-8',
};

/**
 * `file`.br's bytes if they decode to exactly `file`, else null. File times alone cannot decide
 * it: a file rewritten within one tick of the file system's clock keeps its copy's time, and the
 * copy is then stale. So the pair is decoded and compared; the answer is remembered per version
 * of the pair (sizes and times of both), but only once both changed long enough ago (SETTLED_MS)
 * that a later write must show as a newer change time.
 */
const SETTLED_MS = 3000;
const verified = new Map();
async function freshCopy(file, plain, copy) {
  const key = [plain.size, plain.mtimeMs, plain.ctimeMs, copy.size, copy.mtimeMs, copy.ctimeMs].join(':');
  const known = verified.get(file);
  if (known?.key === key) return known.ok ? readFile(`${file}.br`) : null;
  const [bytes, packed] = await Promise.all([readFile(file), readFile(`${file}.br`)]);
  let ok = false;
  try {
    ok = brotliDecompressSync(packed).equals(bytes);
  } catch {
    ok = false;
  }
  if (Date.now() - Math.max(plain.ctimeMs, copy.ctimeMs) > SETTLED_MS) verified.set(file, { key, ok });
  else verified.delete(file);
  return ok ? packed : null;
}

/** Serves `root` on 127.0.0.1:`port`; resolves to { url, close }. */
export async function startServer(root, port = 0) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const headers = {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        vary: 'accept-encoding',
      };
      // scripts/postbuild.mjs leaves a brotli copy beside each text and wasm file of a release
      // build; a copy that no longer decodes to its file (the file changed after the build) is not sent.
      const acceptsBr = /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
      const [plain, copy] = await Promise.all([stat(file), acceptsBr ? stat(`${file}.br`).catch(() => null) : null]);
      const packed = copy?.isFile() ? await freshCopy(file, plain, copy).catch(() => null) : null;
      const body = packed ?? (await readFile(file));
      if (packed) headers['content-encoding'] = 'br';
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const { port: bound } = server.address();
  const close = () => {
    // Browsers keep connections alive; end them so close() resolves now.
    server.closeAllConnections();
    return new Promise((ok) => server.close(() => ok()));
  };
  return { url: `http://127.0.0.1:${bound}`, close };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir = 'dist', port = process.env.PORT ?? '8080'] = process.argv.slice(2);
  const { url } = await startServer(dir, Number(port));
  console.log(`erdsmith is served at ${url}/  (Ctrl+C to stop)`);
}
