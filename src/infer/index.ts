// Exec-time layouts rebuilt from ELF headers, and dev:inode from this machine.
export { inferExecLayout } from './exec-layout.js';
export { withLateCapture } from './late-capture.js';
export { parseElf, type ElfInfo, type ElfLoad } from './elf.js';
export { nodeInferFs, type InferFs } from './infer-fs.js';
export { formatDev, statFile, type FileId } from './stat-file.js';
