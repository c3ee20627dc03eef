import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // Generous: CI is a shared 2-core machine; tests wait on events, never on elapsed time.
  testTimeout: 90_000,
  // Worker threads and bot processes run compiled JavaScript instead of loading ts-node each time.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
};

export default config;
