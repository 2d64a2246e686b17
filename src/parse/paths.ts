// Path joining for *at() calls: a relative name is resolved against the
// dirfd's -y path when strace printed one.

// `dir` + `/` + `name` for relative names; `name` alone when absolute or dir unknown; dir itself for "".
export function joinAt(dir: string | undefined, name: string): string {
  if (name.startsWith('/') || dir === undefined) return name;
  if (name === '') return dir;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
