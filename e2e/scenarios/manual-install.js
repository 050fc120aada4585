'use strict';
/**
 * The README's manual install, run as written in a fresh n8n user folder (HOME is that folder, so
 * `~/.n8n/nodes` is its own), with the packed tarball in place of the package name: it installs the
 * package alone (no n8n-workflow peer), and after it n8n loads the node and an execution creates
 * agents against the double.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');

const { PACKAGE, nodeOutput } = require('../n8n');
const { exampleDrivenByItems } = require('../workflows');

const README = path.resolve(__dirname, '../../README.md');
const WORKFLOW = 'e2eManualInst01';

/** The README's one `npm install … n8n-nodes-contactswing` line, as users copy it. */
function readmeInstallCommand(readme = fs.readFileSync(README, 'utf8')) {
	const commands = readme.split('\n').filter((line) => /^npm install .*\S$/.test(line) && line.endsWith(` ${PACKAGE}`));
	if (commands.length !== 1)
		throw new Error(`the README should have one line "npm install … ${PACKAGE}", it has ${commands.length}`);
	return commands[0];
}

/** Top-level packages (scoped ones included) and total bytes below a node_modules folder. */
function measure(nodeModules) {
	const packages = [];
	let bytes = 0;
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else bytes += fs.lstatSync(file).size;
		}
	};
	if (fs.existsSync(nodeModules)) {
		for (const entry of fs.readdirSync(nodeModules)) {
			if (entry.startsWith('.')) continue;
			const names = entry.startsWith('@')
				? fs.readdirSync(path.join(nodeModules, entry)).map((name) => `${entry}/${name}`)
				: [entry];
			packages.push(...names);
		}
		walk(nodeModules);
	}
	return { packages, megabytes: bytes / 1e6 };
}

module.exports = {
	name: "the README's manual install into ~/.n8n/nodes",
	readmeInstallCommand,
	async run({ record, assert, equal, double, tarball, userFolder }) {
		const command = readmeInstallCommand();
		const n8n = await userFolder({ install: false });
		// The README's command, with the packed tarball for the package name (it is not published from here).
		const asRun = `${command.slice(0, -PACKAGE.length)}'${tarball}'`;
		const installed = await promisify(execFile)('bash', ['-c', asRun], {
			env: { ...process.env, HOME: n8n.folder },
		}).then(
			(result) => ({ ok: true, ...result }),
			(error) => ({ ok: false, stdout: error.stdout, stderr: error.stderr }),
		);
		const nodeModules = path.join(n8n.folder, '.n8n/nodes/node_modules');
		const { packages, megabytes } = measure(nodeModules);
		process.stdout.write(
			`    \`${command}\`: ${packages.length} package(s), ${megabytes.toFixed(2)} MB in ~/.n8n/nodes\n`,
		);
		record(
			`the README's manual install (\`${command}\`) installs the package alone, without its n8n-workflow peer`,
			() => {
				assert(installed.ok, `the install failed: ${installed.stderr}`);
				equal(packages, [PACKAGE], 'packages in ~/.n8n/nodes/node_modules');
			},
		);

		await n8n.setUp([exampleDrivenByItems('form-trigger-whatsapp-agent.json', WORKFLOW)]);
		double.reset();
		const run = await n8n.execute(WORKFLOW);
		record('after the manual install and a restart, n8n loads the node and an execution creates agents', () => {
			const output = nodeOutput(run, 'Create WhatsApp agent');
			equal(
				output.map((item) => item.json.name),
				['Acme Bikes WhatsApp Agent', 'Globex Dental WhatsApp Agent'],
				'output',
			);
			equal(
				output.map((item) => item.json.assistant_id).sort(),
				double.state.assistants.map((agent) => agent.assistant_id).sort(),
				"the agents' IDs",
			);
		});
	},
};
