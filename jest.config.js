/** Engine and loader tests: ts-jest runs the TypeScript sources inside n8n's engine. */
module.exports = {
	// Node's, with the console held back unless a test fails or DEBUG is set.
	testEnvironment: '<rootDir>/test/harness/environment.js',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	// The run's own temp folder, removed at the end; the summary reporter fails the run if a test left anything of ours.
	globalSetup: '<rootDir>/test/harness/global-setup.js',
	globalTeardown: '<rootDir>/test/harness/global-teardown.js',
	// n8n-core writes its settings to the n8n user folder: a temporary one, never ~/.n8n.
	setupFiles: ['<rootDir>/test/harness/user-folder.ts'],
	testTimeout: 30000,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
