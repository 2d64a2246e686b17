// Small text formatters shared by the panels.
import { PROT } from '../model/linux.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

// Bytes in binary units: `4 KiB`, `1.3 MiB`, `100 TiB` (one decimal below 10).
export function humanSize(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value < 9.95 && unit > 0 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${text} ${UNITS[unit] ?? 'B'}`;
}

// `0x7f12…` lowercase hex.
export function hexAddr(n: number): string {
  return `0x${n.toString(16)}`;
}

// Address column: lowercase hex padded to `width` digits (12 fits a 47-bit user address).
export function padAddr(n: number, width = 12): string {
  return n.toString(16).padStart(width, '0');
}

// PROT_* bits as `r-x`.
export function protText(prot: number): string {
  return `${prot & PROT.READ ? 'r' : '-'}${prot & PROT.WRITE ? 'w' : '-'}${prot & PROT.EXEC ? 'x' : '-'}`;
}

// The last path component (`/lib/x/libc.so.6` → `libc.so.6`).
export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 && slash < path.length - 1 ? path.slice(slash + 1) : path;
}

// Microseconds as `+1.234567s` / `+12ms`.
export function elapsed(us: number): string {
  if (us < 1000) return `+${us}µs`;
  if (us < 1_000_000) return `+${(us / 1000).toFixed(1)}ms`;
  return `+${(us / 1_000_000).toFixed(3)}s`;
}

// Cuts `text` to `width` columns, marking the cut with `…`.
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
