/** Unit specs (`*.spec.ts`) run in parallel with fakes; integration specs (`*.int-spec.ts`) run one
 *  file at a time against the real Kafka, FerretDB and SES emulator started by deploy/stack.sh. */
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
    // openid-client 6 and its dependencies ship only ES modules; compiled to CommonJS for jest.
    '^.+/node_modules/.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.jest-esm.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  moduleNameMapper: {
    '^@forewarn/(contracts|messaging|platform|auth|scheduling|audit|aggregates|evidence|wording)$': '<rootDir>/libs/$1/src',
    '^@forewarn/(contracts|messaging|platform|auth|scheduling|audit|aggregates|evidence|wording)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.local/'],
};

module.exports = {
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,deploy}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      setupFiles: [...shared.setupFiles, '<rootDir>/test/support/query-recorder.ts'],
    },
    // npm run test:chaos only (scripts/chaos.js): the built services killed, their broker and
    // database stopped, SES failing; not part of npm test.
    { ...shared, displayName: 'chaos', testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'] },
  ],
};
