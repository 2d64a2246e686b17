// A strace file → one CSV row per event (step, pid, time_us, syscall, args, result, raw),
// decoded by vmtrace's own parser from dist/ (the sqlite3 side of scripts/bench-load.mjs).
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

// RFC 4180 field: quoted when it holds a comma, quote or line break.
const field = (v) => {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

// The argument text of a call as strace printed it (both halves of a split call joined).
function argsOf(raw) {
  const parts = raw.split('\n').map((l) => {
    const open = l.indexOf('(');
    const resumed = l.indexOf(' resumed>');
    const from = resumed >= 0 ? resumed + 9 : open + 1;
    const unf = l.indexOf(' <unfinished ...>');
    // strace pads short calls to column 40: `brk(NULL)       = 0x…`
    const eq = Math.max(...[...l.matchAll(/\) *= /g)].map((m) => m.index), -1);
    const to = unf >= 0 ? unf : eq >= 0 ? eq : l.length;
    return from > 0 && to >= from ? l.slice(from, to) : '';
  });
  return parts.join('');
}

const resultOf = (r) => (r === undefined ? '' : r.kind === 'ok' ? String(r.value) : r.kind === 'error' ? `-1 ${r.errno}` : '?');

// Writes `csvPath` from `tracePath`; returns the number of rows.
export async function writeEventsCsv(dist, tracePath, csvPath) {
  const { TraceParser } = await import(new URL('parse/index.js', dist));
  const { RawLines } = await import(new URL('ingest/raw-lines.js', dist));
  const parser = new TraceParser();
  const raw = new RawLines();
  const out = createWriteStream(csvPath);
  let rows = 0;
  let buf = '';
  const emit = async (events) => {
    for (const e of events) {
      const text = raw.rawOf(e.line, e.source ?? 0, e.entryLine);
      buf += `${[e.step, e.pid, e.time ?? '', e.syscall ?? e.kind, argsOf(text), resultOf(e.result), text].map(field).join(',')}\n`;
      rows++;
    }
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  };
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(tracePath), crlfDelay: Infinity })) {
    lineNo++;
    raw.add(line, lineNo, 0);
    await emit(parser.push(line, lineNo, 0));
  }
  await emit(parser.end());
  out.end(buf);
  await once(out, 'finish');
  return rows;
}
