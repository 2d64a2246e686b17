// Shared shape of the fields every decoded syscall event starts from.

import type { SyscallResult } from '../model/events.js';

/** EventCommon + SyscallCommon fields, filled before the per-syscall decoder runs. */
export interface SyscallBase {
  readonly step: number;
  readonly pid: number;
  readonly time?: number;
  readonly line: number;
  readonly entryLine?: number;
  readonly source?: number;
  readonly syscall: string;
  readonly result: SyscallResult;
  readonly skipped?: boolean;
}
