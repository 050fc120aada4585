/**
 * `npm run release -- patch|minor|major`: prepares a release; nothing is published from here.
 * 1. refuses a dirty work tree or an empty "Unreleased" section in CHANGELOG.md;
 * 2. lints (strict), tests (`npm test` builds from an empty dist/) and runs n8n's scanner locally;
 * 3. bumps the version in package.json and package-lock.json, and turns "Unreleased" into the new
 *    version's section;
 * 4. commits and tags `vX.Y.Z`.
 * Pushing the tag (`git push --follow-tags`) runs .github/workflows/publish.yml, which checks
 * again and publishes with an npm provenance attestation. Scripts are off in .npmrc, so every
 * step here is called explicitly rather than through npm's lifecycle hooks.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
const read = (command, args) => execFileSync(command, args, { cwd: root, encoding: 'utf8' }).trim();
const fail = (message) => {
	process.stderr.write(`release: ${message}\n`);
	process.exit(1);
};

const bump = process.argv[2];
if (!['patch', 'minor', 'major'].includes(bump)) fail('say which part to bump: npm run release -- patch|minor|major');
if (read('git', ['status', '--porcelain'])) fail('commit or stash your changes first');

const changelogPath = path.join(root, 'CHANGELOG.md');
const changelog = readFileSync(changelogPath, 'utf8');
const unreleased = /^## Unreleased\n([\s\S]*?)(?=^## )/m.exec(changelog);
if (!unreleased || !unreleased[1].trim())
	fail('CHANGELOG.md has nothing under "## Unreleased": write what changed first');

run('npm', ['run', 'lint']);
run('npm', ['test']);
run('npm', ['run', 'scan']);

const version = read('npm', ['version', bump, '--no-git-tag-version']).replace(/^v/, '');
const date = new Date().toISOString().slice(0, 10);
writeFileSync(changelogPath, changelog.replace(/^## Unreleased\n/m, `## Unreleased\n\n## ${version} (${date})\n`));
run('git', ['commit', '--quiet', '-am', `Release v${version}`]);
run('git', ['tag', '-a', `v${version}`, '-m', `v${version}`]);
process.stdout.write(`\nv${version} is committed and tagged. Publish it with: git push --follow-tags\n`);
