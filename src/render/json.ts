// Stable JSON view of one step (documented in docs/json.md).
import type { Anomaly, RegionView } from '../model/types.js';

/** Context printed with the regions. */
export interface JsonContext {
  readonly step: number;
  readonly pid?: number;
  readonly procId?: number;
  readonly space?: number;
  /** Anomalies recorded at this step. */
  readonly anomalies?: readonly Anomaly[];
  /** The space began before the trace: regions mapped earlier are missing (ProcessView.startUnknown). */
  readonly startUnknown?: true;
}

const hx = (n: number): string => `0x${n.toString(16)}`;

// The JSON object for one region (addresses as `0x…` strings, sizes as numbers).
export function regionToJson(r: RegionView): Record<string, string | number> {
  const o: Record<string, string | number> = {
    start: hx(r.start),
    end: hx(r.end),
    size: r.end - r.start,
    perms: r.perms,
    offset: hx(r.offset),
    dev: r.dev,
    inode: r.inode,
    name: r.name,
  };
  if (r.uncertain !== undefined) o.uncertain = r.uncertain;
  return o;
}

// One line of JSON (no trailing newline) for the state after `ctx.step`.
export function formatJson(regions: readonly RegionView[], ctx: JsonContext = { step: 0 }): string {
  const doc: Record<string, unknown> = { step: ctx.step };
  if (ctx.pid !== undefined) doc.pid = ctx.pid;
  if (ctx.procId !== undefined) doc.procId = ctx.procId;
  if (ctx.space !== undefined) doc.space = ctx.space;
  if (ctx.startUnknown === true) doc.startUnknown = true;
  doc.anomalies = (ctx.anomalies ?? []).map((a) => a.message);
  doc.regions = regions.map(regionToJson);
  return JSON.stringify(doc);
}
