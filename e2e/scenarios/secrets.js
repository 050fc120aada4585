'use strict';
/**
 * Last on each host: the JWT is nowhere in what n8n stored (databases with their WAL, the event
 * log, binary data, in every user folder the scenarios made) nor in any n8n process's output.
 */
const fs = require('node:fs');
const path = require('node:path');

function filesBelow(dir) {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => (entry.isDirectory() ? filesBelow(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

module.exports = {
	name: 'no JWT in anything n8n stored or logged',
	async run({ record, assert, folders, logs, JWT }) {
		record('no JWT in the stored executions or the logs of any scenario', () => {
			const stored = folders
				.map((folder) => path.join(folder, '.n8n'))
				.filter((folder) => fs.existsSync(folder))
				.flatMap(filesBelow)
				.filter((file) => !file.includes(`${path.sep}nodes${path.sep}`));
			// The stored executions are there (only their output holds the names the expressions built) ...
			assert(
				stored.some((file) => fs.readFileSync(file).includes(Buffer.from('Acme Bikes WhatsApp Agent'))),
				`no stored execution data found in ${stored.length} files`,
			);
			// ... and the JWT is nowhere: not in execution data, not in the (encrypted) credential, not in the event log.
			for (const file of stored) assert(!fs.readFileSync(file).includes(Buffer.from(JWT)), `the JWT is in ${file}`);
			assert(logs.join('\n').includes('Create WhatsApp agent'), 'the logs were not captured');
			assert(!logs.join('\n').includes(JWT), 'the JWT is in the n8n logs');
		});
	},
};
