import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // CI machines export CI=true; ink then draws only the final frame, which the frame and
    // tmux tests must not depend on (the TUI itself resets it on a real terminal).
    env: { CI: '0', CONTINUOUS_INTEGRATION: '0' },
  },
});
