import { defineConfig } from 'vitest/config';

// CI runs the suite once per supported Node (.ci/run) and names the major it
// meant: a run that reached another Node through PATH must fail, not pass.
const wanted = process.env.TIDINGS_TEST_NODE_MAJOR;
const running = process.versions.node.split('.')[0];
if (wanted && wanted !== running)
  throw new Error(`TIDINGS_TEST_NODE_MAJOR=${wanted}, but Vitest runs on Node ${process.versions.node}`);

// Workspace packages export their TypeScript sources under the "source"
// condition, so tests run against src/ without a build step.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
