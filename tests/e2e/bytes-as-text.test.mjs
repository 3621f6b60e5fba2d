// The single-file build carries its gzipped wasm and editor as 7-bit text in a string literal
// (scripts/bytes-as-text.mjs). Oracle: the round trip over random bytes of every length near
// the 7/8 boundaries and over bytes made only of the characters that need the two-byte form,
// read back by the very source text the page embeds, and the text holds nothing an HTML script
// element or a string literal would change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BYTES_FROM_TEXT_SOURCE, encode } from '../../scripts/bytes-as-text.mjs';

// The function exactly as the page gets it.
const bytesFromText = new Function(`${BYTES_FROM_TEXT_SOURCE}; return bytesFromText;`)();

function roundTrip(bytes) {
  const text = encode(bytes);
  assert.doesNotMatch(text, /[\0\n\r"\\<]/, 'a character the page would change or that ends the literal');
  assert.ok([...text].every((c) => c.charCodeAt(0) < 0x380), 'a character outside U+0000–U+037F');
  // The page reads the literal's value: what JavaScript parses from "…" is the text itself.
  const parsed = new Function(`return "${text}";`)();
  assert.equal(parsed, text);
  assert.deepEqual(Buffer.from(bytesFromText(parsed, bytes.length)), Buffer.from(bytes));
  return text;
}

test('random bytes of every length up to 64, and a few large ones, read back the same', () => {
  for (let n = 0; n <= 64; n++) {
    for (let k = 0; k < 20; k++) roundTrip(randomBytes(n));
  }
  for (const n of [1000, 4099, 65536 + 3]) roundTrip(randomBytes(n));
});

test('bytes whose 7-bit groups are all the special characters read back the same, and the text grows by 8/7', () => {
  // 0x00…, 0xff…, and repeating patterns that put NUL, LF, CR, `"`, `\` and `<` at every group.
  const patterns = [Buffer.alloc(70, 0), Buffer.alloc(70, 0xff)];
  for (const v of [0, 10, 13, 34, 92, 60]) {
    // 8 groups of 7 bits = 7 bytes: the group v repeated.
    let bits = '';
    for (let i = 0; i < 8 * 10; i++) bits += v.toString(2).padStart(7, '0');
    const bytes = Buffer.alloc(bits.length / 8);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
    patterns.push(bytes, bytes.subarray(0, bytes.length - 1), bytes.subarray(0, 1));
  }
  for (const bytes of patterns) roundTrip(bytes);
  // Random data: every UTF-8 byte of the text carries 7 bits.
  const bytes = randomBytes(100_000);
  const utf8 = Buffer.byteLength(roundTrip(bytes), 'utf8');
  assert.ok(Math.abs(utf8 / bytes.length - 8 / 7) < 0.001, `${utf8} bytes of text for ${bytes.length} bytes`);
});

test('text cut short is refused, not read as zeros', () => {
  const bytes = randomBytes(100);
  const text = encode(bytes);
  assert.throws(() => bytesFromText(text.slice(0, -3), bytes.length), /cut short/);
});
