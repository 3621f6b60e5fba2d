// After `trunk build --release`: hardens and packages dist/.
//  1. A Content-Security-Policy meta tag allowing only what the app needs: its own files, the
//     hash of Trunk's inline loader script, and wasm compilation ('wasm-unsafe-eval').
//  2. dist/sw.js: a service worker that precaches every file of this build (hashed names
//     included) so the app loads offline after one visit.
//  3. dist-single/erdsmith.html: the whole app in one file (js, wasm, css and the editor inlined) that opens
//     from file:// with no server. The wasm and the editor travel gzipped, as 7-bit text
//     (scripts/bytes-as-text.mjs), and the browser's own DecompressionStream inflates them.
//  4. Precompressed copies (`NAME.br`, brotli at quality 11, a 16 MB window) of the text and wasm
//     files, which scripts/static-server.mjs sends to a browser that accepts br: about a third
//     less than gzip for the wasm, with no compression cost per request.
// Usage: node scripts/postbuild.mjs [DIST] [SINGLE_DIR]
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { BYTES_FROM_TEXT_SOURCE, encode } from './bytes-as-text.mjs';
import { brotliCompressSync, constants as zlibConstants, deflateSync, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const singleDir = process.argv[3] ?? 'dist-single';

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy: scripts only from our origin or by exact hash; no eval; no other origin at all. */
function csp(scriptHashes) {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${scriptHashes.join(' ')}`,
    // Leptos writes `style` attributes for positions; styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const INLINE_SCRIPT = /<script type="module">([\s\S]*?)<\/script>/;

function withCsp(html, scripts) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp(scripts.map(sha256))}" />`;
  // After the charset, which must come within the first 1024 bytes (the single file holds
  // characters beyond ASCII).
  return html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    ${meta}`);
}

/** A PNG of the app icon (the same shapes as public/icon.svg), drawn with axis-aligned rects. */
function iconPng(size) {
  const u = size / 512;
  const rects = [
    [0, 0, 512, 512, [0x1f, 0x4e, 0x79]],
    [64, 96, 160, 128, [255, 255, 255]],
    [288, 288, 160, 128, [255, 255, 255]],
    [64, 96, 160, 36, [0x9c, 0xc3, 0xe6]],
    [288, 288, 160, 36, [0x9c, 0xc3, 0xe6]],
    [224, 169, 39, 14, [255, 255, 255]],
    [249, 169, 14, 190, [255, 255, 255]],
    [249, 345, 39, 14, [255, 255, 255]],
  ];
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let rgb = rects[0][4];
      for (const [rx, ry, rw, rh, c] of rects) {
        if (x >= rx * u && x < (rx + rw) * u && y >= ry * u && y < (ry + rh) * u) rgb = c;
      }
      raw.set(rgb, y * (size * 3 + 1) + 1 + x * 3);
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return out.sort();
}

async function main() {
  const indexPath = join(dist, 'index.html');
  let html = await readFile(indexPath, 'utf8');
  if (html.includes('Content-Security-Policy')) throw new Error(`${indexPath} was already post-processed`);
  const loader = html.match(INLINE_SCRIPT);
  if (!loader) throw new Error(`no inline loader script in ${indexPath}`);

  await mkdir(join(dist, 'public'), { recursive: true });
  for (const size of [192, 512]) await writeFile(join(dist, 'public', `icon-${size}.png`), iconPng(size));

  // 2. Service worker with a precache list of this build; the cache name changes with it.
  const assets = (await files(dist))
    .map((f) => '/' + relative(dist, f).split('\\').join('/'))
    .filter((f) => f !== '/sw.js' && f !== '/index.html');
  const buildId = createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12);
  const swTemplate = await readFile(new URL('./sw-template.js', import.meta.url), 'utf8');
  const sw = swTemplate
    .replace('__BUILD_ID__', JSON.stringify(buildId))
    .replace('__PRECACHE__', JSON.stringify(['/', ...assets], null, 2));
  await writeFile(join(dist, 'sw.js'), sw);

  // 1. CSP + build id for the served app.
  html = html.replace(/<head>/, `<head>\n    <meta name="erdsmith-build" content="${buildId}" />`);
  await writeFile(indexPath, withCsp(html, [loader[1]]));

  // 3. Single file: inline css, the wasm-bindgen module and the wasm bytes.
  const jsName = loader[1].match(/from '\/([^']+\.js)'/)?.[1];
  const wasmName = loader[1].match(/module_or_path: '\/([^']+\.wasm)'/)?.[1];
  if (!jsName || !wasmName) throw new Error('cannot find the js/wasm names in the loader script');
  const js = await readFile(join(dist, jsName), 'utf8');
  const wasm = await readFile(join(dist, wasmName));
  const iconSvg = await readFile(join(dist, 'public', 'icon.svg'));
  if (js.includes('</script')) throw new Error('generated js contains </script');
  // The wasm and the editor travel gzipped, as 7-bit text (scripts/bytes-as-text.mjs); the
  // browser's DecompressionStream inflates them. The editor (a classic script, `window.erdsmithEditor`)
  // runs as an inline script the CSP allows by its hash, before the app starts.
  const editorJs = await readFile(join(dist, 'editor.js'), 'utf8');
  const packedText = (bytes) => {
    const gz = gzipSync(bytes, { level: 9 });
    return `bytesFromText("${encode(gz)}", ${gz.length})`;
  };
  const single = [
    js,
    BYTES_FROM_TEXT_SOURCE,
    "const inflate = (bytes) => new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));",
    `const editorScript = document.createElement('script');`,
    `editorScript.textContent = await new Response(inflate(${packedText(Buffer.from(editorJs, 'utf8'))})).text();`,
    'document.head.append(editorScript);',
    `const wasmStream = inflate(${packedText(wasm)});`,
    "await __wbg_init({ module_or_path: new Response(wasmStream, { headers: { 'content-type': 'application/wasm' } }) });",
  ].join('\n');
  if (!js.includes('__wbg_init')) throw new Error('generated js has no __wbg_init');
  // The hash covers the script element's exact text, newlines included.
  const inline = `\n${single}\n`;
  let page = html
    .replace(INLINE_SCRIPT, () => `<script type="module">${inline}</script>`)
    .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '')
    // No server behind file://: no service worker, no manifest; the icon travels inline.
    .replace(/<script src="\/public\/sw-register\.js"[^>]*><\/script>/, '')
    .replace(/<link rel="manifest"[^>]*>/, '')
    .replace(/<link rel="icon" href="\/public\/icon\.svg"[^>]*>/, () => {
      const svg = Buffer.from(iconSvg).toString('base64');
      return `<link rel="icon" href="data:image/svg+xml;base64,${svg}" type="image/svg+xml" />`;
    });
  for (const link of page.match(/<link rel="stylesheet" href="\/[^"]+"[^>]*\/?>/g) ?? []) {
    const href = link.match(/href="\/([^"]+)"/)[1];
    const css = await readFile(join(dist, href), 'utf8');
    page = page.replace(link, () => `<style>\n${css}\n</style>`);
  }
  // The editor bundle (build/editor.js) comes out of the module script above.
  const editorTag = page.match(/<script src="\/editor\.js"[^>]*><\/script>/);
  if (!editorTag) throw new Error('no editor script in index.html');
  page = page.replace(editorTag[0], '');
  if (/(href|src)="\/(?!\/)/.test(page)) throw new Error('the single file still links a server path');
  page = withCsp(page, [inline, editorJs]).replace("connect-src 'self'", "connect-src 'none'");
  const charset = Buffer.from(page).indexOf('<meta charset="utf-8" />');
  if (charset < 0 || charset > 900) throw new Error('the single file must say its charset within its first 1024 bytes');
  await mkdir(singleDir, { recursive: true });
  await writeFile(join(singleDir, 'erdsmith.html'), page);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;

  // 4. Brotli copies, last, so neither the precache list nor the build id counts them.
  let raw = 0;
  let packed = 0;
  for (const file of await files(dist)) {
    if (!/\.(wasm|js|css|html|svg|webmanifest|json)$/.test(file)) continue;
    const bytes = await readFile(file);
    const br = brotliCompressSync(bytes, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
        [zlibConstants.BROTLI_PARAM_LGWIN]: 24,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    if (br.length >= bytes.length) continue;
    await writeFile(`${file}.br`, br);
    raw += bytes.length;
    packed += br.length;
  }
  console.log(`postbuild: build ${buildId}, ${assets.length} precached files, single file ${kb(Buffer.byteLength(page))}, brotli ${kb(raw)} → ${kb(packed)}`);
}

main().catch((e) => {
  console.error(`postbuild: ${e.message}`);
  process.exit(1);
});
