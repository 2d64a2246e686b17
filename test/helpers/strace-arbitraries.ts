// fast-check generators of strace lines for the memory calls (as strace 6.1 prints them, and some
// odd but legal forms): split or whole, failed, injected, fd-decorated paths with quotes, escapes
// and non-ASCII, with and without pid prefix and timestamp.
import fc from 'fast-check';

const num = fc.oneof(fc.constant('NULL'), fc.constant('0'), fc.nat().map(String), fc.bigInt({ min: 0n, max: 2n ** 64n }).map((b) => `0x${b.toString(16)}`), fc.constant('-1'));
const path = fc.string({ unit: fc.constantFrom('a', '/', '"', '\\', 'é', ' ', '>', '<', '\\n', 'x'), maxLength: 12 });
const fd = fc.oneof(fc.constant('-1'), fc.nat(99).map(String), fc.tuple(fc.nat(99), path).map(([n, p]) => `${n}<${p}>`));
const result = fc.oneof(num.filter((n) => n !== 'NULL'), fc.constant('-0'), fc.constant('-1 ENOMEM (Cannot allocate memory)'), fc.constant('?'), fc.constant('0 (INJECTED)'), fc.constant('-1 EINVAL (Invalid argument) (INJECTED)'));
const call = fc.oneof(
  fc.tuple(num, num, fc.constantFrom('PROT_READ', 'PROT_READ|PROT_WRITE', 'PROT_NONE', '0x7'), fc.constantFrom('MAP_PRIVATE|MAP_ANONYMOUS', 'MAP_SHARED', 'MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE', '0x22'), fd, num).map(
    ([a, l, p, f, d, o]) => `mmap(${a}, ${l}, ${p}, ${f}, ${d}, ${o})`,
  ),
  fc.tuple(num, num).map(([a, l]) => `munmap(${a}, ${l})`),
  fc.tuple(num, num, fc.constantFrom('PROT_READ', 'PROT_NONE', 'PROT_READ|PROT_EXEC')).map(([a, l, p]) => `mprotect(${a}, ${l}, ${p})`),
  fc.tuple(num, num, fc.nat(3)).map(([a, l, k]) => `pkey_mprotect(${a}, ${l}, PROT_READ, ${k})`),
  fc.tuple(num, num, num, fc.constantFrom('0', 'MREMAP_MAYMOVE', 'MREMAP_MAYMOVE|MREMAP_FIXED'), fc.option(num, { nil: undefined })).map(
    ([a, o, n, f, t]) => `mremap(${a}, ${o}, ${n}, ${f}${t === undefined ? '' : `, ${t}`})`,
  ),
  num.map((a) => `brk(${a})`),
  fc.constant('exit_group(0)'),
);
const leader = fc.oneof(fc.constant(''), fc.tuple(fc.integer({ min: 100, max: 105 }), fc.boolean()).map(([p, t]) => `${p} ${t ? '1796050693.627062 ' : ''}`));
const line = fc.tuple(leader, call, result, fc.boolean()).map(([l, c, r, split]) => (split ? [`${l}${c.slice(0, c.indexOf('(') + 1)} <unfinished ...>`, `${l}<... ${c.slice(0, c.indexOf('('))} resumed>${c.slice(c.indexOf('(') + 1)} = ${r}`] : [`${l}${c} = ${r}`]));

/** 1–20 calls, each one line or an unfinished/resumed pair of lines. */
export const memoryCallLines = fc.array(line, { minLength: 1, maxLength: 20 });
