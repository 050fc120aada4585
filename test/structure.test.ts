/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the sources: test code, never shipped */
/**
 * The shape a newcomer can live in, kept: no file of the node over 250 lines, every export used by
 * the node itself (nothing in `dist/` exists for a test alone), and no two exports with the same
 * name, except the idiom of n8n's own nodes, where each resource and operation module exports its
 * `description` (and an operation its `prepare` and `run`). The import graph (no circles, no arrow
 * back up the layers) is checked by `npm run lint` (.dependency-cruiser.cjs).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { optionsProperty } from '../nodes/ContactSwing/actions/options.description';
import { REQUEST_OPTIONS } from '../nodes/ContactSwing/transport/execution';

const ROOT = path.resolve(__dirname, '..');
const MAX_LINES = 250;
/** What n8n itself loads from the package: the node and the credential classes. */
const LOADED_BY_N8N = ['ContactSwing', 'ContactSwingApi'];
/** Exported by every resource or operation module, as in n8n's own nodes. */
const MODULE_IDIOM = ['description', 'prepare', 'run'];
/** A resource module exports its operations by their names (`create`, `getAll`…), as in n8n's own nodes. */
const isResource = (file: string) => file.endsWith('.resource.ts');

function sources(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
		const file = path.join(dir, entry);
		if (statSync(path.join(ROOT, file)).isDirectory()) return sources(file);
		return file.endsWith('.ts') ? [file] : [];
	});
}

const files = [...sources('nodes'), ...sources('credentials')];
const text = Object.fromEntries(files.map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));

/** `[name, file]` for every export (declarations and `export { … }` lists). */
const exported: Array<[string, string]> = files.flatMap((file) => [
	...[...text[file].matchAll(/^export (?:async )?(?:const|function|class|interface|type|let) (\w+)/gm)].map(
		(match): [string, string] => [match[1], file],
	),
	...[...text[file].matchAll(/^export \{([^}]*)\}/gm)].flatMap((match) =>
		match[1]
			.split(',')
			.map((name) => name.split(' as ').pop()!.trim())
			.filter(Boolean)
			.map((name): [string, string] => [name, file]),
	),
]);

it(`no file of the node is over ${MAX_LINES} lines`, () => {
	const long = files
		.map((file) => [file, text[file].split('\n').length - 1] as const)
		.filter(([, lines]) => lines > MAX_LINES);
	expect(long).toEqual([]);
});

it('every export is used by another module of the node: none exists for a test alone', () => {
	const unused = exported.filter(
		([name, file]) =>
			!LOADED_BY_N8N.includes(name) &&
			!MODULE_IDIOM.includes(name) &&
			!files.some((other) => other !== file && new RegExp(`\\b${name}\\b`).test(text[other])),
	);
	expect(unused).toEqual([]);
});

it('no two exports share a name, but for the resource and operation modules of n8n’s idiom', () => {
	const byName = new Map<string, string[]>();
	for (const [name, file] of exported) byName.set(name, [...(byName.get(name) ?? []), file]);
	const shared = [...byName].filter(
		([name, where]) => where.length > 1 && !MODULE_IDIOM.includes(name) && !where.every(isResource),
	);
	expect(shared).toEqual([]);
});

it("the Options show the transport's defaults and bounds: one home for each", () => {
	const shown = Object.fromEntries(
		(optionsProperty.options as INodeProperties[])
			.filter(({ type }) => type === 'number')
			.map(({ name, default: value, typeOptions }) => [
				name,
				{ default: value, min: typeOptions?.minValue, max: typeOptions?.maxValue },
			]),
	);
	expect(shown).toEqual(
		Object.fromEntries(
			Object.entries(REQUEST_OPTIONS).map(([name, bounds]) => [
				name,
				{ default: bounds.default, min: bounds.min, max: 'max' in bounds ? bounds.max : undefined },
			]),
		),
	);
});
