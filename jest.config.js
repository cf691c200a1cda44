/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // iam-simulate and friends ship ESM next to CJS; let swc transform ESM-only deps if any appear.
  transformIgnorePatterns: ['/node_modules/(?!(@cloud-copilot)/)'],
  // 2-core CI machine: two workers keep the suite fast without thrashing.
  maxWorkers: 2,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
