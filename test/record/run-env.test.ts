// What `run` chooses from its environment: the target's own env (bin/vmtrace's hand-over of
// NODE_EXTRA_CA_CERTS undone), strace's injected delays (by VMTRACE_DELAY_US or what else runs) and its
// seccomp filter (VMTRACE_SECCOMP=0 turns it off).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DELAYS, delaysFromEnv, IDLE_DELAYS, machineLoad, othersRunnable, seccompFromEnv, straceFlags } from '../../src/record/strace-args.js';
import { KEPT_CA_CERTS, targetEnv } from '../../src/record/target-env.js';

describe('targetEnv', () => {
  it('puts NODE_EXTRA_CA_CERTS back and drops the carrier', () => {
    const env = targetEnv({ PATH: '/bin', [KEPT_CA_CERTS]: '/etc/ca.pem' });
    expect(env).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ca.pem' });
    expect(Object.hasOwn(env, KEPT_CA_CERTS)).toBe(false);
  });

  it('keeps an empty value as empty (set, not unset)', () => {
    expect(targetEnv({ [KEPT_CA_CERTS]: '' })).toEqual({ NODE_EXTRA_CA_CERTS: '' });
  });

  it('leaves an environment without the carrier as it is (the same object)', () => {
    const env = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/x.pem' };
    expect(targetEnv(env)).toBe(env);
  });
});

describe('delaysFromEnv', () => {
  const idle = { load: 0.2, cores: 2 };
  const busy = { load: 1.5, cores: 2 };

  it('without a count of what runs now: the short delays while the load average leaves a core free', () => {
    expect(delaysFromEnv({}, idle)).toEqual(IDLE_DELAYS);
    expect(delaysFromEnv({}, { load: 1.49, cores: 2 })).toEqual(IDLE_DELAYS);
    expect(delaysFromEnv({}, busy)).toEqual(DEFAULT_DELAYS);
    expect(delaysFromEnv({}, { load: 7, cores: 8 })).toEqual(IDLE_DELAYS);
    expect(IDLE_DELAYS.exitUs).toBeLessThan(DEFAULT_DELAYS.exitUs);
    expect(IDLE_DELAYS.execUs).toBeLessThan(DEFAULT_DELAYS.execUs);
    // Never below what was measured loss-free (docs/recording.md: 3 ms lost 1-2 % even idle).
    expect(Math.min(IDLE_DELAYS.execUs, IDLE_DELAYS.exitUs)).toBeGreaterThanOrEqual(5_000);
  });

  it('with one: what runs now decides, not a load average that lags; twice the cores of load is busy anyway', () => {
    // Right after other runs: the 1-minute average is high, nothing else runs.
    expect(delaysFromEnv({}, { load: 1.8, cores: 2, runnable: 0 })).toEqual(IDLE_DELAYS);
    expect(delaysFromEnv({}, { load: 1.8, cores: 2, runnable: 1 })).toEqual(IDLE_DELAYS);
    // Two busy tasks on 2 cores, started too recently for the average to show them.
    expect(delaysFromEnv({}, { load: 0.3, cores: 2, runnable: 2 })).toEqual(DEFAULT_DELAYS);
    expect(delaysFromEnv({}, { load: 4, cores: 2, runnable: 0 })).toEqual(DEFAULT_DELAYS);
  });

  it('counts the tasks that run now on this machine: busy ones show, the caller does not', async () => {
    const alone = machineLoad();
    expect(alone.cores).toBeGreaterThan(0);
    expect(alone.runnable).toBeGreaterThanOrEqual(0);
    // Busy tasks of our own: two shell loops, counted while they spin (the fewest of two looks).
    const spinners = Array.from({ length: 2 }, () => spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const first = othersRunnable();
      await new Promise((r) => setTimeout(r, 20));
      expect(machineLoad(first).runnable).toBeGreaterThanOrEqual(2);
    } finally {
      for (const p of spinners) p.kill('SIGKILL');
    }
  });

  it('VMTRACE_DELAY_US sets both delays whatever the load; anything but a positive integer is ignored', () => {
    expect(delaysFromEnv({ VMTRACE_DELAY_US: '50000' }, idle)).toEqual({ execUs: 50_000, exitUs: 50_000 });
    expect(delaysFromEnv({ VMTRACE_DELAY_US: '50000' }, busy)).toEqual({ execUs: 50_000, exitUs: 50_000 });
    for (const bad of ['0', '-5', '1.5', 'abc', '']) expect(delaysFromEnv({ VMTRACE_DELAY_US: bad }, busy)).toEqual(DEFAULT_DELAYS);
  });
});

describe('seccompFromEnv', () => {
  it('filters with seccomp-bpf unless VMTRACE_SECCOMP=0', () => {
    expect(seccompFromEnv({})).toBe(true);
    expect(seccompFromEnv({ VMTRACE_SECCOMP: '1' })).toBe(true);
    expect(seccompFromEnv({ VMTRACE_SECCOMP: '0' })).toBe(false);
  });

  it('puts --seccomp-bpf among strace flags only when asked, after -f (strace ignores it without -f)', () => {
    const on = straceFlags(IDLE_DELAYS, true);
    expect(on.indexOf('--seccomp-bpf')).toBeGreaterThan(on.indexOf('-f'));
    expect(on.indexOf('-f')).toBeGreaterThanOrEqual(0);
    expect(straceFlags(IDLE_DELAYS, false)).not.toContain('--seccomp-bpf');
    expect(straceFlags(IDLE_DELAYS, false)).toEqual(on.filter((f) => f !== '--seccomp-bpf'));
  });
});
