// Finds the program to run the way a shell would, so the launcher never searches PATH
// (each failed execve attempt would also be delayed) and errors read like a shell's.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { RecordError } from '../errors.js';

const isFile = (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isFile() === true;
const canExec = (p: string): boolean => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
};

// Absolute path of `cmd`: as given when it has a `/`, else the first executable file on PATH.
// Not found → RecordError exit 127; found but not executable (or a directory) → exit 126.
export function resolveCommand(cmd: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (cmd === '') throw new RecordError(`'': command not found`, { exitCode: 127 });
  if (cmd.includes('/')) {
    const path = isAbsolute(cmd) ? cmd : resolve(cwd, cmd);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) throw new RecordError(`${cmd}: No such file or directory`, { exitCode: 127 });
    if (st.isDirectory()) throw new RecordError(`${cmd}: Is a directory`, { exitCode: 126 });
    if (!canExec(path)) throw new RecordError(`${cmd}: Permission denied`, { exitCode: 126 });
    return path;
  }
  let notExecutable: string | undefined;
  for (const dir of (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    const path = resolve(cwd, join(dir === '' ? '.' : dir, cmd));
    if (!isFile(path)) continue;
    if (canExec(path)) return path;
    notExecutable ??= path;
  }
  if (notExecutable !== undefined) throw new RecordError(`${cmd}: Permission denied`, { exitCode: 126 });
  throw new RecordError(`${cmd}: command not found`, { exitCode: 127 });
}
