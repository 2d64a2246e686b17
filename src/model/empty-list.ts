// Shared empty lists with the hidden class of a list of objects or strings.
//
// V8 gives an empty literal (`[]`, "small integers") and a frozen array hidden classes of their own: a property
// read such as `list.length` that met only those and then the first list with an element deoptimized its whole
// optimized caller (in an import, the main thread's applyHead with the replay inlined into it, recompiled each
// time). An array that held an object once and was emptied has the same hidden class as every other list of
// objects or strings, so the sites that see the shared empty list and the occasional full one stay monomorphic.
// A shared one is typed readonly: nobody may add to it.

// A new empty list with the hidden class of a non-empty list of objects or strings.
export function emptyList<T>(): T[] {
  const list: unknown[] = [undefined];
  list.pop();
  return list as T[];
}
