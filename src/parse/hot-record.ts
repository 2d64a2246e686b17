// The record a hot call (mmap, munmap, mprotect, mremap, brk: nearly every event of a big trace)
// crosses from the parse worker to the main thread in: HOT_SLOTS float64 slots of a Float64Array.
// Defined here so that the parser's byte fast path (hot-line.ts) can write it straight from the
// line's bytes; ingest/hot-events.ts encodes events into it and decodes it.
//
// Slots: 0 kind (KINDS index; 0 = not encoded), 1 syscall (SYSCALLS index), 2 step, 3 pid, 4 time,
// 5 line, 6 entryLine, 7 source, 8 result (0 ok, 1 none, 2 + i error ERRNOS[i]), 9 result value,
// 10 skipped (0 or 1), 11… the kind's own fields (see hot-events.ts). NaN = undefined.

/** Float64 slots per event. */
export const HOT_SLOTS = 16;

/** Kind codes (slot 0). */
export const KINDS = ['', 'mmap', 'munmap', 'mprotect', 'mremap', 'brk'] as const;
/** Syscall codes (slot 1). */
export const SYSCALLS = ['mmap', 'mmap2', 'old_mmap', 'mmap_pgoff', 'munmap', 'mprotect', 'mremap', 'brk', 'break'] as const;
/** The errors these calls fail with (a failed mremap is ~2 % of the churn trace); another errno goes as text. */
export const ERRNOS = ['EFAULT', 'EINVAL', 'ENOMEM', 'EAGAIN', 'EPERM', 'EACCES', 'EBADF', 'ENODEV', 'EEXIST', 'EOVERFLOW', 'ETXTBSY', 'EBUSY', 'ENFILE', 'EINTR'] as const;
