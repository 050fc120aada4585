/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads the README; it never ships */
/**
 * What the README promises, held to the code: one Node.js requirement, the package's; every host
 * the Base URL rules let through on plain http; one manual install command, the one the
 * end-to-end suite runs (e2e/scenarios/manual-install.js reads it from here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { readmeInstallCommand } from '../e2e/scenarios/manual-install';
import { contactSwingBaseUrl } from '../nodes/ContactSwing/transport/baseUrl';

const root = path.resolve(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The README's section under a `## ` heading. */
function section(heading: string): string {
	const start = readme.indexOf(`\n## ${heading}\n`);
	expect(start).toBeGreaterThanOrEqual(0);
	const end = readme.indexOf('\n## ', start + 1);
	return readme.slice(start, end < 0 ? undefined : end);
}

describe('the README', () => {
	it('states one Node.js requirement, the one package.json declares', () => {
		const required = /^>=(\d+(?:\.\d+)*)$/.exec(packageJson.engines.node)?.[1];
		const stated = [...readme.matchAll(/Node\.js (\d+(?:\.\d+)*)(?:\+| or later| or newer)/g)].map((match) => match[1]);
		expect(stated.length).toBeGreaterThan(0);
		expect([...new Set(stated)]).toEqual([required]);
	});

	it('names every host that may be reached over plain http', () => {
		const candidates = ['127.0.0.1', 'localhost', '[::1]', '127.0.0.2', '0.0.0.0', '[::]', 'localhost.localdomain'];
		const allowed = candidates.filter((host) => {
			try {
				contactSwingBaseUrl(`http://${host}:5678`);
				return true;
			} catch {
				return false;
			}
		});
		expect(allowed.length).toBeGreaterThan(0);
		const credentials = section('Credentials');
		expect(allowed.filter((host) => !credentials.includes(`\`${host}\``))).toEqual([]);
	});

	it('gives one manual install command, for the package alone, which the end-to-end suite runs', () => {
		const command = readmeInstallCommand(readme);
		expect(command).toMatch(/^npm install .* n8n-nodes-contactswing$/);
		expect(section('Install')).toContain(`\n${command}\n`);
	});
});
