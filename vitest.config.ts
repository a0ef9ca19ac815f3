import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // The SDK's notice that Node 20 support ends in 2027 would repeat in every test worker.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts'],
          // Pure code, no servers: the files of a worker share its loaded modules rather than each
          // importing the project afresh, which was most of their time (unit and property tests
          // took 120 s, 47 to 51 s without, in runs of shuffled order). A test that needs a module
          // loaded anew, as one reading its variables at load, resets the modules itself.
          isolate: false,
          pool: 'threads',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/infra/**/*.test.ts'],
          // Each file on its own: these replace SDK clients' methods (aws-sdk-client-mock) and start
          // servers, which must not reach the next file.
        },
      },
    ],
  },
});
