/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code builds, packs and scans the package; it never ships */
/**
 * What ships: the tarball holds only what n8n needs plus README, LICENSE and CHANGELOG; the build
 * starts from an empty dist/; n8n's scanner, run locally, reports a violation in shipped code; the
 * GitHub workflows parse and publish with provenance.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
	appendFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Every file the tarball may hold; anything else is a mistake (a sourcemap, a stale build, a test). */
const ALLOWED = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE\.md$/,
	/^CHANGELOG\.md$/,
	/^dist\/(nodes|credentials)\/.+\.js$/,
	/^dist\/icons\/contactSwing(\.dark)?\.svg$/,
	/^dist\/nodes\/ContactSwing\/ContactSwing\.node\.json$/,
];

/**
 * A copy of the project, built with `npm run build` over a dist/ that an earlier build left a file
 * in (a copy, so that the other test files can keep reading the project's own dist/).
 */
let project: string;

describe('the published package', () => {
	beforeAll(() => {
		project = mkdtempSync(path.join(tmpdir(), 'contactswing-package-'));
		for (const entry of [
			'nodes',
			'credentials',
			'icons',
			'package.json',
			'tsconfig.json',
			'gulpfile.js',
			'.npmrc',
			'README.md',
			'LICENSE.md',
			'CHANGELOG.md',
		]) {
			cpSync(path.join(root, entry), path.join(project, entry), { recursive: true });
		}
		symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'));
		mkdirSync(path.join(project, 'dist'));
		writeFileSync(path.join(project, 'dist', 'stale-from-an-old-build.js'), 'module.exports = {};\n');
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: project, stdio: 'ignore' });
	}, 120_000);

	afterAll(() => rmSync(project, { recursive: true, force: true }));

	it('is built from an empty dist/', () => {
		expect(existsSync(path.join(project, 'dist', 'stale-from-an-old-build.js'))).toBe(false);
		expect(existsSync(path.join(project, packageJson.n8n.nodes[0]))).toBe(true);
	});

	it('holds only the allow-listed files, and every one n8n needs', () => {
		const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: project, encoding: 'utf8' }));
		const files: string[] = pack.files.map((file: { path: string }) => file.path);
		expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
		for (const entry of [
			...packageJson.n8n.nodes,
			...packageJson.n8n.credentials,
			'LICENSE.md',
			'CHANGELOG.md',
			'README.md',
		]) {
			expect(files).toContain(entry);
		}
		expect(files.filter((file) => /\.(map|d\.ts|ts)$/.test(file))).toEqual([]);
	});

	it('has no entry point that does not exist, and no runtime dependencies', () => {
		expect(packageJson.main).toBeUndefined();
		expect(packageJson.dependencies).toBeUndefined();
		expect(packageJson.license).toBe('MIT');
		expect(readFileSync(path.join(root, 'LICENSE.md'), 'utf8')).toContain(
			`Copyright (c) 2026 ${packageJson.author.name}`,
		);
	});

	it("n8n's scanner, run locally, reports a violation injected into the shipped code", () => {
		const copy = mkdtempSync(path.join(tmpdir(), 'contactswing-scan-test-'));
		try {
			cpSync(path.join(project, 'dist'), path.join(copy, 'dist'), { recursive: true });
			cpSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
			const scan = () =>
				spawnSync(process.execPath, [path.join(root, 'scripts/scan.mjs'), '--package-dir', copy], { encoding: 'utf8' });

			const clean = scan();
			expect(clean.stdout).toContain('0 errors, 0 warnings');
			expect(clean.status).toBe(0);

			appendFileSync(
				path.join(copy, 'dist/nodes/ContactSwing/ContactSwing.node.js'),
				'\nsetTimeout(() => undefined, 1);\n',
			);
			const injected = scan();
			expect(injected.stdout).toMatch(/scan package: \d+ files, [1-9]\d* errors/);
			expect(injected.stdout).toContain('no-restricted-globals');
			expect(injected.status).toBe(1);
		} finally {
			rmSync(copy, { recursive: true, force: true });
		}
	}, 120_000);
});

describe('the release path', () => {
	const workflow = (name: string) =>
		parse(readFileSync(path.join(root, '.github/workflows', name), 'utf8'), { uniqueKeys: true, strict: true });

	it('CI runs the same script as here', () => {
		const ci = workflow('ci.yml');
		expect(Object.keys(ci.on)).toEqual(['push', 'pull_request']);
		expect(ci.jobs.ci.steps.map((step: { run?: string }) => step.run).filter(Boolean)).toEqual(['bash .ci/run']);
	});

	it('publishes from a tag with a provenance attestation, only after lint, tests and the scanner', () => {
		const publish = workflow('publish.yml');
		expect(publish.on.push.tags).toEqual(['v*.*.*']);
		expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const runs: string[] = publish.jobs.publish.steps.map((step: { run?: string }) => step.run).filter(Boolean);
		const at = (command: string) => runs.findIndex((run) => run.includes(command));
		expect(at('npm publish --provenance')).toBe(runs.length - 1);
		for (const check of ['npm run lint', 'npm test', 'npm run scan', 'CHANGELOG.md']) {
			expect(at(check)).toBeGreaterThanOrEqual(0);
			expect(at(check)).toBeLessThan(at('npm publish'));
		}
	});

	it('the changelog has a section for the current version and one for unreleased changes', () => {
		const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
		expect(changelog).toMatch(/^## Unreleased$/m);
		expect(changelog).toMatch(new RegExp(`^## ${packageJson.version.replace(/\./g, '\\.')}\\b`, 'm'));
	});
});
