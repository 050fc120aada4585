/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code reads the repository and asks git for its files; it never ships */
/**
 * The repository stands alone: no file in it refers to a file outside it (notes kept beside the
 * clone, an absolute path of someone's machine, a Markdown file it does not hold), and every
 * relative Markdown link resolves, its #anchor included, as do the `docs/….md#anchor` citations
 * in code comments.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** The files of the repository: tracked, or new and not ignored (so a check runs before the commit). */
function repositoryFiles(): string[] {
	return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: root,
		encoding: 'utf8',
	})
		.split('\0')
		.filter((file) => file && existsSync(path.join(root, file)));
}

// This file is left out: its own examples of broken references are there on purpose.
const files = repositoryFiles().filter((file) => file !== 'test/repository.test.ts');
const fileSet = new Set(files);
const folders = new Set(
	files.flatMap((file) =>
		file
			.split('/')
			.slice(0, -1)
			.map((_, i, parts) => parts.slice(0, i + 1).join('/')),
	),
);
const basenames = new Set(files.map((file) => path.posix.basename(file)));

function textOf(file: string): string | undefined {
	const bytes = readFileSync(path.join(root, file));
	return bytes.subarray(0, 8000).includes(0) ? undefined : bytes.toString('utf8');
}

/** A path relative to the repository root, or undefined when `target` (from `file`) leaves it. */
function inRepository(file: string, target: string): string | undefined {
	const resolved = target.startsWith('/')
		? path.posix.normalize(target.slice(1))
		: path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
	return resolved.startsWith('../') || resolved === '..' ? undefined : resolved.replace(/\/$/, '') || '.';
}

/** Markdown with fenced code blocks and inline code blanked out: links there are not links. */
function proseOf(markdown: string): string {
	return markdown
		.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
		.replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** GitHub's heading anchors (lower case, punctuation dropped, spaces to hyphens, -1 for repeats), and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
	for (const [, heading] of prose.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
		const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
		const slug = text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count ? `${slug}-${count}` : slug);
	}
	for (const [, id] of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id);
	return anchors;
}

/** `link` as written in `file`, `target` the file it resolves to. */
function anchorProblem(file: string, link: string, target: string, anchor: string): string | undefined {
	if (!anchor || !target.endsWith('.md')) return undefined;
	const markdown = textOf(target) ?? '';
	return anchorsOf(markdown).has(anchor) ? undefined : `${file}: ${link} names no heading of ${target}`;
}

/** References to files outside the repository, in any text file. */
function outsideReferences(file: string, text: string): string[] {
	const problems: string[] = [];
	for (const [absolute] of text.matchAll(/(?<![\w.:/-])\/(?:work|home|Users|mnt)\/[\w./-]*/g))
		problems.push(`${file}: names the absolute path ${absolute.replace(/\.+$/, '')}`);
	// In Markdown, paths in code are relative to the code's own file, not to the page.
	const prose = file.endsWith('.md') ? proseOf(text) : text;
	for (const [relative] of prose.matchAll(/(?<![\w./-])(?:\.\.\/)+[\w.-][\w./-]*/g))
		if (!inRepository(file, relative)) problems.push(`${file}: names ${relative}, outside the repository`);
	for (const [named] of text.matchAll(/(?<![\w./-])(?:[\w.-]+\/)*[\w-]+\.md\b/g))
		if (!basenames.has(path.posix.basename(named)) && inRepository(file, named))
			problems.push(`${file}: names ${named}, which is not in the repository`);
	// Citations in code such as docs/api-choices.md#documented-rate-limits, from the root or the file
	// (Markdown files cite with links, checked as links).
	if (file.endsWith('.md')) return problems;
	for (const [citation, cited, anchor] of text.matchAll(/(?<![\w./-])((?:[\w.-]+\/)*[\w-]+\.md)#([\w-]+)/g)) {
		const target = [cited, inRepository(file, cited)].find((candidate) => candidate && fileSet.has(candidate));
		const problem = target && anchorProblem(file, citation, target, anchor);
		if (problem) problems.push(problem);
	}
	return problems;
}

/** Relative links and images of a Markdown file that do not resolve. */
function brokenLinks(file: string, markdown: string): string[] {
	const problems: string[] = [];
	const prose = proseOf(markdown);
	const targets = [
		...[...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]),
		...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1]),
	];
	for (const link of targets) {
		if (/^[a-z][a-z\d+.-]*:/i.test(link)) continue; // https:, mailto: …
		const [target, anchor = ''] = link.split('#');
		if (!target) {
			if (!anchorsOf(markdown).has(anchor)) problems.push(`${file}: #${anchor} names no heading of ${file}`);
			continue;
		}
		const resolved = inRepository(file, decodeURI(target));
		if (!resolved) problems.push(`${file}: links to ${target}, outside the repository`);
		else if (!fileSet.has(resolved) && !folders.has(resolved))
			problems.push(`${file}: links to ${target}, which does not resolve (${resolved})`);
		else {
			const problem = anchorProblem(file, link, resolved, anchor);
			if (problem) problems.push(problem);
		}
	}
	return problems;
}

function problems(): string[] {
	return files.flatMap((file) => {
		const text = textOf(file);
		if (text === undefined) return [];
		return [...outsideReferences(file, text), ...(file.endsWith('.md') ? brokenLinks(file, text) : [])];
	});
}

describe('the repository stands alone', () => {
	const found = problems();

	it('refers to no file outside it, and every relative Markdown link and cited anchor resolves', () => {
		expect(found).toEqual([]);
	});

	it('finds each kind of problem it looks for', () => {
		const file = 'docs/example.md';
		expect(
			outsideReferences(
				file,
				'See ../../../shared/contactswing-api.md, /work/shared/notes and contactswing-api.md §2.5.',
			),
		).toEqual([
			'docs/example.md: names the absolute path /work/shared/notes',
			'docs/example.md: names ../../../shared/contactswing-api.md, outside the repository',
			'docs/example.md: names contactswing-api.md, which is not in the repository',
		]);
		expect(outsideReferences('test/example.js', '// As in docs/api-choices.md#no-such-section.')).toEqual([
			'test/example.js: docs/api-choices.md#no-such-section names no heading of docs/api-choices.md',
		]);
		expect(
			brokenLinks(file, '[a](missing.md) [b](../README.md#no-such-heading) [c](#nowhere) `[d](not-a-link.md)`'),
		).toEqual([
			'docs/example.md: links to missing.md, which does not resolve (docs/missing.md)',
			'docs/example.md: ../README.md#no-such-heading names no heading of README.md',
			'docs/example.md: #nowhere names no heading of docs/example.md',
		]);
		expect(brokenLinks(file, '[ok](../README.md#install) [ok](api-choices.md#documented-rate-limits)')).toEqual([]);
	});

	it('holds no merge left unresolved: no conflict marker at the start of a line', () => {
		const marker = new RegExp(`^(${['<', '>'].map((c) => c.repeat(7)).join('|')})( |$)`, 'm');
		expect(files.filter((file) => marker.test(textOf(file) ?? ''))).toEqual([]);
	});
});
