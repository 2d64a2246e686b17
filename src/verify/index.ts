// Reconstruction vs the kernel's maps (pure).
export { compareMaps, type MapsVerdict, type Mismatch, type VerifyException } from './compare.js';
export { formatScore, formatVerifyReport, formatVerifyLine, type ProcessVerdict } from './report.js';
