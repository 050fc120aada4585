/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- reads and writes its golden file: test code, never shipped */
/**
 * Every request the node sends, for every operation and variant (channel, action type, touchpoint
 * channel), twice: with the required fields only (every other parameter at its default) and with
 * every field filled. The cases are derived from the node's own description, the values from the
 * table below; what the double received is compared with `request-bodies.json`. A refactor that
 * changes no behaviour leaves the file as it is: `UPDATE_GOLDEN=1 npx jest test/request-bodies`
 * rewrites it, and the diff is the change in behaviour.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { INode, INodeParameters, INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { NodeHelpers } from 'n8n-workflow';

import { ContactSwing } from '../nodes/ContactSwing/ContactSwing.node';
import { runNode } from './harness/engine';
import { credentialsFor, sentRequests, uploadItems, useDouble } from './harness/fixtures';

const GOLDEN = path.join(__dirname, 'request-bodies.json');
const double = useDouble();

type Case = { name: string; parameters: INodeParameters };

/** A valid value for each field, by name; `context` tells the phone numbers apart. */
function valueFor(property: INodeProperties, context: INodeParameters): unknown {
	const { name, type } = property;
	const byName: Record<string, unknown> = {
		agentId: 'agent_123',
		answer: 'Yes, to 30 countries.',
		apiKeys:
			type === 'string' ? 'key-1, key-2' : { key: [{ apiKeyId: 134, type: context.type === 'SMS' ? 'SMS' : 'MODEL' }] },
		actionIds: ['act-001', 'act-002'],
		// Typed into the text field, as a builder would; sent as the number the docs type.
		assistantId: '42',
		attachmentUrl: 'https://example.com/header.png',
		body: '[{"type": "static", "values": {"data": "info"}}]',
		bodyParams: '{"is_static": true, "params": [{"name": "first"}]}',
		bookingTimings: { day: [{ weekday: 'monday', startTime: '09:00', endTime: '17:00' }] },
		buttonParams: '{"is_static": false, "params": [{"url": "x"}]}',
		calendarEmail: 'calendar@example.com',
		cc: '+13465507167',
		customers: {
			customer: [
				context.touchpointChannel === 'WHATSAPP'
					? { id: 'cus-1', toNumber: '12817126508' }
					: { id: 'cus-1', email: 'ada@example.com' },
			],
		},
		delay: 5,
		email: 'ada@example.com',
		emotion: '{"positivity": "high"}',
		endHour: 17,
		executionDays: 'monday, tuesday',
		expiresAt: '2027-12-31T23:59:59Z',
		faqs: { faq: [{ question: 'Do you ship abroad?', answer: 'Yes, to 30 countries.' }] },
		// Knowledge Base → Update's Input Binary Field(s): both binary fields of the input item.
		files: 'data, sheet',
		from: context.actionType === 'SEND_WHATSAPP' ? '650175178190170' : '+13465507166',
		fromEmails: 'sales@example.com, team@example.com',
		fromNumbers: '650175178190170',
		headerParams: '{"is_static": true, "params": []}',
		headers: '{"Content-Type": "application/json"}',
		id: 'cus-1',
		initialMessageDelay: 2,
		knowledgeBaseId: 'kb-1',
		limit: 5,
		logoUrl: 'https://example.com/logo.png',
		permissions: 'actions:read, sms:send',
		phone: '+1987654321',
		phoneNumber:
			context.resource === 'assistant' && context.type === 'WHATSAPP'
				? '650175178190170'
				: context.actionType === 'CALL_TRANSFER'
					? '12817126508'
					: '+13465842882',
		question: 'Do you ship abroad?',
		requiredFields: 'email, phone',
		roundRobinEmails: 'ada@example.com, bob@example.com',
		startAt: '2027-01-04T09:00:00Z',
		startHour: 9,
		startTime: '09:00',
		endTime: '17:00',
		tags: 'vip, loyal',
		timeZone: 'America/Chicago',
		to: context.actionType === 'SEND_WHATSAPP' ? '12817126508' : '+13465507166',
		toNumber: '12817126508',
		url: 'https://api.example.com/hook',
		urls: 'https://example.com/docs.pdf, https://example.com/faq',
		userId: '6f439f98-32f6-4b44-928c-6e890e298d51',
		variables: context.touchpointChannel === 'WHATSAPP' ? '[{"name": "first_name"}]' : 'first_name',
		// Extra Body replaces a field the body has (the double refuses undocumented ones).
		extraBody:
			context.resource === 'call' ? '{"call_purpose": "Purpose from Extra Body"}' : '{"name": "Name from Extra Body"}',
	};
	if (name in byName) return byName[name];
	switch (type) {
		case 'number': {
			const { minValue = 1, maxValue } = (property.typeOptions ?? {}) as { minValue?: number; maxValue?: number };
			return maxValue === undefined ? Math.max(1, minValue) + 2 : Math.min(maxValue, minValue + 0.5);
		}
		case 'boolean':
			return !property.default;
		case 'options':
			return (property.options as Array<{ value: unknown }>)[0].value;
		case 'multiOptions':
			return [(property.options as Array<{ value: unknown }>)[0].value];
		case 'json':
			return '{"key": "value"}';
		case 'dateTime':
			return '2027-01-04T09:00:00Z';
		case 'resourceLocator':
			return { __rl: true, mode: 'id', value: 'cus-001' };
		case 'collection':
			return Object.fromEntries(
				(property.options as INodeProperties[])
					.filter((option) => shows(option, context))
					.map((option) => [option.name, valueFor(option, context)]),
			);
		case 'fixedCollection': {
			const [row] = property.options as INodePropertyCollection[];
			const values = Object.fromEntries(row.values.map((field) => [field.name, valueFor(field, context)]));
			return { [row.name]: [values] };
		}
		default:
			return `${property.displayName} text`;
	}
}

/** The version a builder gets: the one these cases run (saved-workflows.test.ts runs version 1's). */
const { description: nodeDescription } = new ContactSwing();
const node = { typeVersion: nodeDescription.defaultVersion } as INode;

/** Whether a property shows for these parameters, by n8n's own rule (defaults for the unset ones). */
function shows(property: INodeProperties, parameters: INodeParameters, defaults: INodeParameters = {}): boolean {
	return NodeHelpers.displayParameter({ ...defaults, ...parameters }, property, node, nodeDescription);
}

/** Every operation and variant of the node, each with its required fields only and with every field. */
function cases(): Case[] {
	const { properties } = nodeDescription;
	const defaults = Object.fromEntries(properties.map((p) => [p.name, p.default])) as INodeParameters;
	const options = (property: INodeProperties) => (property.options as Array<{ value: string }>).map((o) => o.value);
	const result: Case[] = [];
	for (const resource of options(properties.find((p) => p.name === 'resource')!)) {
		const operation = properties.find((p) => p.name === 'operation' && shows(p, { resource }, defaults))!;
		for (const operationName of options(operation)) {
			const base = { resource, operation: operationName };
			// A variant: an options parameter of this operation that other parameters show for.
			const variant = properties.find(
				(p) =>
					p.type === 'options' &&
					shows(p, base, defaults) &&
					!['resource', 'operation'].includes(p.name) &&
					properties.some((other) => other.name !== p.name && p.name in (other.displayOptions?.show ?? {})),
			);
			for (const value of variant ? options(variant) : [undefined]) {
				const start: INodeParameters = { ...base, ...(variant ? { [variant.name]: value } : {}) };
				const visible = properties.filter(
					(p) => shows(p, start, defaults) && !(p.name in start) && p.type !== 'notice' && p.name !== 'options',
				);
				const label = `${resource} → ${operationName}${variant ? ` (${String(value)})` : ''}`;
				const required = { ...start };
				for (const property of visible.filter((p) => p.required))
					required[property.name] = valueFor(property, start) as never;
				// An update with nothing to update is refused: the least it takes is one field.
				if (operationName === 'update') required.updateFields = { name: 'New name' };
				const every: INodeParameters = { ...start };
				for (const property of visible) every[property.name] = valueFor(property, every) as never;
				if ('returnAll' in every) every.returnAll = false;
				result.push({ name: `${label}: required fields only`, parameters: required });
				result.push({ name: `${label}: every field`, parameters: every });
			}
		}
	}
	return result;
}

const golden: Record<string, unknown> = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, 'utf8')) : {};
const recorded: Record<string, unknown> = {};

afterAll(() => {
	if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(recorded, null, '\t')}\n`);
});

it('derives a case for every operation and variant', () => {
	// Action: 8 types + Get Many; API Key; Agent: 5 channels; Call: 3; Campaign: 2 touchpoints; Customer: 2; Knowledge Base: 2.
	expect(cases()).toHaveLength(2 * (8 + 1 + 1 + 5 + 3 + 2 + 2 + 2));
});

it.each(cases().map((c) => [c.name, c]))('%s', async (_name, { parameters }) => {
	const { error } = await runNode({
		node: { parameters },
		items: uploadItems(),
		credentials: credentialsFor(double()),
	});
	expect(error?.message).toBeUndefined();
	const requests = sentRequests(double());
	recorded[_name] = requests;
	expect(double().state.violations).toEqual([]);
	if (!process.env.UPDATE_GOLDEN) expect(requests).toEqual(golden[_name]);
});

/** The golden request as a Dry Run describes it: a form's fields and files (name, MIME type, size) rather than its bytes. */
function asDryRun(golden: { method: string; path: string; query: object; body?: object; multipart?: Multipart }) {
	const { method, path: url, query, body, multipart } = golden;
	if (!multipart) return { method, path: url, query, body };
	const form = Object.fromEntries(
		Object.entries(multipart.fields).map(([name, values]) => [name, name.endsWith('[]') ? values : values[0]]),
	);
	const files = multipart.files.map(({ field, filename, contentType, size }) => ({
		field,
		file_name: filename,
		mime_type: contentType,
		size,
	}));
	return { method, path: url, query, form, files };
}
type Multipart = {
	fields: Record<string, string[]>;
	files: Array<{ field: string; filename: string; contentType: string; size: number }>;
};

const writes = cases().filter((c) => (golden[c.name] as Array<{ method: string }> | undefined)?.[0]?.method !== 'GET');

it('offers Dry Run on every operation that writes, and on no read', () => {
	const dryRun = new ContactSwing().description.properties
		.find((p) => p.name === 'options')!
		.options!.find((o) => 'name' in o && o.name === 'dryRun') as INodeProperties;
	const offered = dryRun.displayOptions!.show!['/operation'] as string[];
	const writing = new Set(writes.map((c) => c.parameters.operation));
	const reading = cases()
		.filter((c) => !writes.some((write) => write.name === c.name))
		.map((c) => c.parameters.operation);
	expect(reading).toContain('getAll');
	expect(new Set(offered)).toEqual(writing);
	for (const operation of reading) expect(offered).not.toContain(operation);
});

it.each(writes.map((c) => [c.name, c]))('Dry Run: %s sends nothing and outputs that request', async (name, c) => {
	const parameters = { ...c.parameters, options: { dryRun: true } };
	const { error, outputs } = await runNode({
		node: { parameters },
		items: uploadItems(),
		credentials: credentialsFor(double()),
	});
	expect(error?.message).toBeUndefined();
	expect(double().state.requests).toHaveLength(0);
	const [sent] = golden[name] as Array<Parameters<typeof asDryRun>[0]>;
	expect(outputs[0].map((item) => item.json)).toEqual([{ dry_run: true, request: asDryRun(sent) }]);
});
