// Undoes strace's string quoting (util.c string_quote, 6.1): C escapes
// `\n \t \" \\`, octal bytes `\303\251` (also `\74` `\76` for `<` `>` in -y
// paths), and `-x` hex bytes `\x2f`. Bytes are decoded as UTF-8.

const decoder = new TextDecoder('utf-8');

const SIMPLE: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, v: 11, f: 12, b: 8, a: 7, e: 27, '"': 34, '\\': 92, "'": 39, '<': 60, '>': 62 };

const hexVal = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

// Decodes the escaped text `s[start, end)` (without the surrounding quotes).
export function unescapeStrace(s: string, start = 0, end = s.length): string {
  const bs = s.indexOf('\\', start);
  if (bs < 0 || bs >= end) return s.slice(start, end);
  const bytes: number[] = [];
  const pushText = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c < 0x80) bytes.push(c);
      else for (const b of new TextEncoder().encode(s[k] ?? '')) bytes.push(b);
    }
  };
  let i = start;
  while (i < end) {
    const j = s.indexOf('\\', i);
    if (j < 0 || j >= end) {
      pushText(i, end);
      break;
    }
    pushText(i, j);
    const e = s[j + 1] ?? '';
    const ec = s.charCodeAt(j + 1);
    if (ec >= 48 && ec <= 55) {
      let v = 0;
      let k = j + 1;
      for (; k < end && k < j + 4; k++) {
        const c = s.charCodeAt(k);
        if (c < 48 || c > 55) break;
        v = v * 8 + (c - 48);
      }
      bytes.push(v & 0xff);
      i = k;
    } else if (e === 'x' && hexVal(s.charCodeAt(j + 2)) >= 0) {
      let v = hexVal(s.charCodeAt(j + 2));
      let k = j + 3;
      const h2 = hexVal(s.charCodeAt(k));
      if (k < end && h2 >= 0) {
        v = v * 16 + h2;
        k++;
      }
      bytes.push(v);
      i = k;
    } else if (SIMPLE[e] !== undefined) {
      bytes.push(SIMPLE[e] ?? 0);
      i = j + 2;
    } else {
      // Unknown escape: keep it literally.
      pushText(j, Math.min(j + 2, end));
      i = j + 2;
    }
  }
  return decoder.decode(Uint8Array.from(bytes));
}
