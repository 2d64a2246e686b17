// Pure text views of the model.
export { formatMaps, formatMapsLine, escapeMapsName, hex, type FormatOptions } from './maps.js';
export { formatPmap, pmapName, pmapPerms, type PmapHeader } from './pmap.js';
export { formatGdb } from './gdb.js';
export { formatJson, regionToJson, type JsonContext } from './json.js';
export { escapeForTerminal, escapeLineForTerminal, forOutput } from './terminal.js';
