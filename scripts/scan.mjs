/**
 * `npm run scan`: n8n's community-package scanner (@n8n/scan-community-package), run here before
 * a release instead of after it. Its CLI only takes published names, so this calls its analyzer on
 * the folders it would lint after download:
 *   - the source (`package.json`, `nodes/`, `credentials/`), with the full rule set;
 *   - the unpacked `npm pack` tarball (`**\/*.js`, `package.json`), the code that ships.
 * Both must have 0 errors and 0 warnings. `--package-dir DIR` scans one unpacked package only.
 * The provenance check cannot run before the first publish: the publish workflow provides it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/** The scanner's verdict (its errors), and the warnings it lets pass, counted with its own config. */
async function scan(label, dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = await eslint.lintFiles(patterns);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	process.stdout.write(
		`scan ${label}: ${results.length} files, ${errors} errors, ${warnings} warnings${verdict.passed ? '' : ` (${verdict.message})`}\n`,
	);
	if (errors || warnings || !verdict.passed) {
		process.stdout.write(verdict.details ?? (await (await eslint.loadFormatter('stylish')).format(results)));
	}
	return verdict.passed && errors === 0 && warnings === 0;
}

function unpackedTarball() {
	const dir = mkdtempSync(path.join(tmpdir(), 'contactswing-scan-'));
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', `--pack-destination=${dir}`], { cwd: root, encoding: 'utf8' }),
	);
	execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', dir, '--strip-components=1']);
	rmSync(path.join(dir, filename));
	return dir;
}

async function main() {
	const only = process.argv.indexOf('--package-dir');
	if (only > 0) {
		process.exitCode = (await scan('package', path.resolve(process.argv[only + 1]), TARBALL_PATTERNS)) ? 0 : 1;
		return;
	}
	const tarball = unpackedTarball();
	try {
		const source = await scan('source', root, SOURCE_FILE_PATTERNS);
		const shipped = await scan('tarball', tarball, TARBALL_PATTERNS);
		process.exitCode = source && shipped ? 0 : 1;
	} finally {
		rmSync(tarball, { recursive: true, force: true });
	}
}

await main();
