// The environment the recorded program gets: the user's own, as it was before bin/vmtrace took
// NODE_EXTRA_CA_CERTS out of vmtrace's (see that script).

/** Where bin/vmtrace keeps the user's NODE_EXTRA_CA_CERTS while vmtrace's own Node runs without it. */
export const KEPT_CA_CERTS = 'VMTRACE_NODE_EXTRA_CA_CERTS';

// `env` with NODE_EXTRA_CA_CERTS restored from KEPT_CA_CERTS (and that one removed); `env` itself when nothing was kept.
export function targetEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!Object.hasOwn(env, KEPT_CA_CERTS)) return env;
  const { [KEPT_CA_CERTS]: kept, ...rest } = env;
  return { ...rest, NODE_EXTRA_CA_CERTS: kept };
}
