/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- reads its fixtures: test code, never shipped */
/**
 * Parameter names are a public contract: a workflow saved by an earlier version of the node runs
 * unchanged. Each fixture of `fixtures/saved-workflows/` holds nodes saved by the node at c1c5e8b
 * (every operation and variant, as n8n's editor stores them) and what that node sent; today's
 * node, loaded by n8n's engine with its own description, must send the same requests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ContactSwing } from '../nodes/ContactSwing/ContactSwing.node';

import { runNode } from './harness/engine';
import { credentialsFor, sentRequests, uploadItems, useDouble } from './harness/fixtures';

const FOLDER = path.join(__dirname, 'fixtures', 'saved-workflows');
const double = useDouble();

interface SavedWorkflow {
	name: string;
	nodes: INode[];
	sent: Record<string, unknown[]>;
}

const saved = readdirSync(FOLDER)
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) => {
		const workflow = JSON.parse(readFileSync(path.join(FOLDER, file), 'utf8')) as SavedWorkflow;
		return workflow.nodes.map((node) => [`${file}: ${node.name}`, node, workflow.sent[node.name]] as const);
	});

it('has a saved workflow for every operation and variant', () => {
	expect(saved).toHaveLength(2 * 24);
});

it.each(saved)('%s sends what it sent when it was saved', async (_name, node, sent) => {
	const { error } = await runNode({ node, items: uploadItems(), credentials: credentialsFor(double()) });
	expect(error?.message).toBeUndefined();
	const requests = sentRequests(double());
	expect(double().state.violations).toEqual([]);
	expect(requests).toEqual(sent);
});

/**
 * The same saved node with every value but the dropdowns that choose the fields written as an
 * expression that returns it, as builders map values from earlier nodes.
 */
function asExpressions(node: INode): { node: INode; values: unknown[] } {
	const { properties } = new ContactSwing().description;
	// The dropdowns that choose which fields show stay as saved: the editor needs their value.
	const fixed = new Set(properties.flatMap((property) => Object.keys(property.displayOptions?.show ?? {})));
	const values: unknown[] = [];
	const mapped = (value: unknown, key: string): unknown => {
		if (['__rl', 'mode', 'cachedResultName', 'cachedResultUrl'].includes(key)) return value;
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, mapped(entry, name)]));
		}
		if (Array.isArray(value) && value.some((entry) => typeof entry === 'object')) {
			return value.map((entry) => mapped(entry, key));
		}
		values.push(value);
		return `={{ $json.saved[${values.length - 1}] }}`;
	};
	const parameters = Object.fromEntries(
		Object.entries(node.parameters).map(([name, value]) => [name, fixed.has(name) ? value : mapped(value, name)]),
	) as INodeParameters;
	return { node: { ...node, parameters }, values };
}

it.each(saved)('%s sends what it sent, its values mapped by expressions', async (_name, node, sent) => {
	const { node: mapped, values } = asExpressions(node);
	const [item] = uploadItems();
	const { error } = await runNode({
		node: mapped,
		items: [{ ...item, json: { saved: values } }],
		credentials: credentialsFor(double()),
	});
	expect(error?.message).toBeUndefined();
	expect(double().state.violations).toEqual([]);
	expect(sentRequests(double())).toEqual(sent);
});

describe('what each version shows: each field once, where its saved workflows have it', () => {
	const { description } = new ContactSwing();
	/** The top-level parameters and the collection's options a node of `version` shows for `parameters`. */
	function shown(version: number, parameters: INodeParameters, collection: string) {
		const node = { typeVersion: version } as INode;
		const values = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description)!;
		const visible = (property: INodeProperties) =>
			NodeHelpers.displayParameter(values, property, node, description, values);
		const top = description.properties.filter(visible);
		const options = (top.find((property) => property.name === collection)?.options ?? []) as INodeProperties[];
		return { top: top.map((p) => p.name), inCollection: options.filter(visible).map((p) => p.name) };
	}

	it.each([
		['Agent → Create (Voice)', { resource: 'assistant', operation: 'create', type: 'VOICE_INCOMING' }, ['phoneNumber']],
		['Campaign → Create (Email)', { resource: 'campaign', operation: 'create' }, ['emailSubject', 'emailBody']],
		['Agent Action → Create (SMS)', { resource: 'action', operation: 'create', actionType: 'SEND_SMS' }, ['smsBody']],
	])('%s: version 1.1 on top, version 1 in Additional Fields', (_name, parameters, moved) => {
		const latest = shown(1.1, parameters, 'additionalFields');
		const first = shown(1, parameters, 'additionalFields');
		for (const name of moved) {
			expect([latest.top.includes(name), latest.inCollection.includes(name)]).toEqual([true, false]);
			expect([first.top.includes(name), first.inCollection.includes(name)]).toEqual([false, true]);
		}
	});

	it('Campaign → Create: version 1 keeps Touchpoint Status as the text it saved, 1.1 offers the documented values', () => {
		// n8n's editor flags a dropdown's value that is not listed ("The value … is not supported!").
		const typeShown = (version: number) => {
			const node = { typeVersion: version } as INode;
			const parameters = { resource: 'campaign', operation: 'create' };
			const values = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description)!;
			return description.properties
				.filter((property) => property.name === 'touchpointStatus')
				.filter((property) => NodeHelpers.displayParameter(values, property, node, description, values))
				.map((property) => property.type);
		};
		expect(typeShown(1)).toEqual(['string']);
		expect(typeShown(1.1)).toEqual(['options']);
	});

	it('Knowledge Base: version 1.1 has one Input Binary Field(s) on top; version 1 its two lists and Files (text)', () => {
		const update = { resource: 'knowledgeBase', operation: 'update' };
		expect(shown(1.1, update, 'updateFields')).toMatchObject({ top: expect.arrayContaining(['files']) });
		expect(shown(1.1, update, 'updateFields').inCollection).not.toEqual(
			expect.arrayContaining([expect.stringMatching(/^(files|uploadedFiles)$/)]),
		);
		expect(shown(1, update, 'updateFields').top).not.toContain('files');
		expect(shown(1, update, 'updateFields').inCollection).toEqual(expect.arrayContaining(['files', 'uploadedFiles']));
		const create = { resource: 'knowledgeBase', operation: 'create' };
		expect(shown(1.1, create, 'additionalFields').inCollection).not.toContain('files');
		expect(shown(1, create, 'additionalFields').inCollection).toContain('files');
	});
});
