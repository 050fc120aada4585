'use strict';
/**
 * The test environment: Node's, with the console of the code under test held back. n8n's logger
 * writes there (every node error of the engine), hundreds of blocks that would bury the results.
 * What a test logs is printed only if that test fails, under its name; what the file logs outside
 * a test (beforeAll, afterAll) only if a hook fails. DEBUG=1 lets everything through as it comes.
 */
const { TestEnvironment } = require('jest-environment-node');
const { format } = require('node:util');

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'];

class QuietEnvironment extends TestEnvironment {
	/** Jest sets the file's console before setup(); a stand-in then takes its place. */
	async setup() {
		await super.setup();
		if (process.env.DEBUG) return;
		this.jestConsole = this.global.console;
		this.captured = [];
		const quiet = Object.create(this.jestConsole);
		for (const method of METHODS) quiet[method] = (...args) => this.captured.push({ method, text: format(...args) });
		// n8n's logger (winston) writes to the console's streams when it has them.
		for (const stream of ['_stdout', '_stderr'])
			quiet[stream] = {
				write: (chunk) => this.captured.push({ method: stream.slice(1), text: String(chunk).replace(/\n$/, '') }),
			};
		this.global.console = quiet;
	}

	handleTestEvent(event) {
		if (!this.jestConsole) return;
		if (event.name === 'test_start') {
			this.fileLog = this.captured;
			this.captured = [];
		} else if (event.name === 'test_done') {
			if (event.test.errors.length) this.print(`the log of the failed test "${fullName(event.test)}"`);
			this.captured = this.fileLog;
		} else if (event.name === 'hook_failure') {
			this.print(`the log of the failed ${event.hook.type} hook`);
		}
	}

	/** One block for the whole log, each line marked with the console method or stream that wrote it. */
	print(what) {
		if (!this.captured.length) return;
		const lines = this.captured.map(({ method, text }) => `[${method}] ${text}`);
		this.jestConsole.log(`${what}:\n${lines.join('\n')}`);
		this.captured = [];
	}
}

function fullName(test) {
	const names = [];
	for (let block = test; block && block.name !== 'ROOT_DESCRIBE_BLOCK'; block = block.parent) names.unshift(block.name);
	return names.join(' › ');
}

module.exports = QuietEnvironment;
