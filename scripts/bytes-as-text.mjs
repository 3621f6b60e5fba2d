// Bytes carried as the text of a JavaScript string literal ("…") in an HTML <script>, for the
// single-file build: 7 bits per character instead of base64's 6 (after Kevin Albertson's
// base-122). Each 7-bit group is one ASCII character, except the six that the HTML parser or a
// string literal would change or end — NUL (the parser makes it U+FFFD), LF and CR (the parser
// folds CR and CRLF into LF; a literal cannot hold a line break), `"`, `\` and `<` (no `</script`
// can form) — which are written together with the next 7-bit group as one character from
// U+0080 to U+037F: two bytes of UTF-8 for 14 bits. So every byte of the file carries 7 bits:
// the payload grows by 8/7 instead of base64's 4/3.
// `bytesFromText` is written into the page as source text (`BYTES_FROM_TEXT_SOURCE`); tests/e2e/bytes-as-text.test.mjs
// checks the round trip over random and edge-case bytes.

const SPECIAL = [0, 10, 13, 34, 92, 60];

/** The text of a string literal (without the quotes) that `bytesFromText(text, bytes.length)` reads back. */
export function encode(bytes) {
  const total = bytes.length * 8;
  let bit = 0;
  const next = () => {
    if (bit >= total) return -1;
    let v = 0;
    for (let k = 0; k < 7; k++, bit++) {
      v = (v << 1) | (bit < total ? (bytes[bit >> 3] >> (7 - (bit & 7))) & 1 : 0);
    }
    return v;
  };
  const out = [];
  for (let v = next(); v !== -1; v = next()) {
    const i = SPECIAL.indexOf(v);
    if (i < 0) {
      out.push(String.fromCharCode(v));
    } else {
      // At the very end there is no next group: a zero group pads it (the reader stops at the length).
      const w = next();
      out.push(String.fromCharCode(0x80 + i * 128 + Math.max(w, 0)));
    }
  }
  return out.join('');
}

/** Reads `length` bytes back from `encode`'s text. */
export function bytesFromText(text, length) {
  const special = [0, 10, 13, 34, 92, 60];
  const out = new Uint8Array(length);
  let o = 0;
  let acc = 0;
  let bits = 0;
  const put = (v) => {
    acc = (acc << 7) | v;
    bits += 7;
    if (bits >= 8) {
      bits -= 8;
      if (o < length) out[o++] = acc >> bits;
      acc &= (1 << bits) - 1;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      put(c);
    } else {
      put(special[(c - 128) >> 7]);
      put((c - 128) & 127);
    }
  }
  if (o !== length) throw new Error(`the packed bytes are cut short: ${o} of ${length}`);
  return out;
}

/** `bytesFromText` as source text, for the page: the same function the tests run. */
export const BYTES_FROM_TEXT_SOURCE = bytesFromText.toString();
