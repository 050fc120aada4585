'use strict';
/**
 * Ends every jest run with the plain closing line CI reads: `jest: N passed, N failed`. It also
 * fails the run when the tests left anything of ours in the temp dir (test/harness/run-folder.js).
 */
const { leftInTempDir } = require('./harness/run-folder');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const left = leftInTempDir();
		this.error = left.length
			? new Error(`the tests left ${left.length} of our files in the temp dir: ${left.join(', ')}`)
			: undefined;
		if (this.error) process.stdout.write(`\n${this.error.message}\n`);
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites + (this.error ? 1 : 0);
		process.stdout.write(
			`\njest: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
		);
	}

	/** Jest fails the run when a reporter has an error. */
	getLastError() {
		return this.error;
	}
}
module.exports = SummaryReporter;
