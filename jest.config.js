/** Engine and loader tests: ts-jest runs the TypeScript sources inside n8n's engine. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: { warnOnly: false } }],
	},
	// n8n-core writes its settings to the n8n user folder: a temporary one, never ~/.n8n.
	setupFiles: ['<rootDir>/test/harness/user-folder.ts'],
	testTimeout: 30000,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
