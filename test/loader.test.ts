/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads the built package from disk; it never ships */
/**
 * Loads the built package exactly as n8n does after a Community Nodes install
 * (n8n-core's PackageDirectoryLoader reading package.json → dist/). `npm test` builds first.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type { INode, INodeType, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

describe('the built package, loaded the way n8n loads community packages', () => {
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
	});

	it('registers the node and the credential under the package name', () => {
		expect(loader.packageName).toBe('n8n-nodes-contactswing');
		expect(Object.keys(loader.nodeTypes)).toEqual(['contactSwing']);
		expect(Object.keys(loader.credentialTypes)).toEqual(['contactSwingApi']);
		expect(loader.types.nodes.map((node) => `${loader.packageName}.${node.name}`)).toEqual([
			'n8n-nodes-contactswing.contactSwing',
		]);
		expect(loader.types.credentials.map((credential) => credential.displayName)).toEqual(['ContactSwing API']);
	});

	it("offers the credential to the HTTP Request node: the editor's JSON has its authenticate", async () => {
		// The HTTP Request node lists credential types that have `authenticate` in the JSON the editor
		// receives (`has:authenticate`). n8n copies each credential's own properties into it
		// (LoadNodesAndCredentials.postProcessLoaders: `{ ...credential, properties }`), and its loader
		// hands a function over as {}: a method, on the prototype, would not be there at all.
		const copied = loader.types.credentials.map((type) => ({ ...type }));
		const [credential] = JSON.parse(JSON.stringify(copied)) as Array<{ authenticate?: unknown }>;
		expect(credential.authenticate).toEqual({});
		// And it signs any request n8n hands it, the HTTP Request node's too, with the token trimmed.
		const { authenticate } = loader.credentialTypes.contactSwingApi.type;
		if (typeof authenticate !== 'function') throw new Error('the credential signs with code');
		const signed = await authenticate(
			{ token: ' eyJ.a.b\n', baseUrl: 'https://api.example.com' },
			{ url: '/v2/_actions', headers: { Accept: 'application/json' } },
		);
		expect(signed).toEqual({
			url: '/v2/_actions',
			headers: { Accept: 'application/json', Authorization: 'Bearer eyJ.a.b' },
		});
	});

	it('signs both shapes of request n8n hands it, and leaves the one it was handed as it was', async () => {
		const { authenticate } = loader.credentialTypes.contactSwingApi.type;
		if (typeof authenticate !== 'function') throw new Error('the credential signs with code');
		// The node's upload (httpRequestWithAuthentication: url), and the HTTP Request node v4's legacy
		// options (requestWithAuthentication: uri); n8n may sign the same options again on a retry.
		const upload = {
			url: '/v2/_kb',
			body: Buffer.from('--b--'),
			headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
		};
		const legacy = { uri: 'https://api.example.com/v2/_actions', method: 'GET', json: true };
		for (const request of [upload, legacy] as Parameters<typeof authenticate>[1][]) {
			const before = structuredClone(request);
			const signed = await authenticate({ token: 7 }, request);
			expect(signed).toEqual({ ...before, headers: { ...before.headers, Authorization: 'Bearer 7' } });
			expect(request).toEqual(before);
		}
	});

	it('resolves themed icons that exist in dist/', () => {
		const [node] = loader.types.nodes;
		const [credential] = loader.types.credentials;
		for (const icons of [node.iconUrl, credential.iconUrl]) {
			expect(icons).toEqual({
				light: expect.stringMatching(/contactSwing\.svg$/),
				dark: expect.stringMatching(/contactSwing\.dark\.svg$/),
			});
		}
		for (const file of ['dist/icons/contactSwing.svg', 'dist/icons/contactSwing.dark.svg']) {
			expect(existsSync(path.join(root, file))).toBe(true);
		}
	});

	it('reads the codex: categories and documentation links', () => {
		const [node] = loader.types.nodes;
		// Only categories n8n documents for codex files.
		expect(node.codex?.categories).toEqual(['Communication', 'Sales', 'Marketing & Content']);
		expect(node.codex?.resources?.primaryDocumentation?.[0].url).toMatch(/^https:\/\//);
		expect(node.codex?.resources?.credentialDocumentation?.[0].url).toMatch(/^https:\/\//);
	});

	it('exposes the node to AI agents as a tool', () => {
		const [node] = loader.types.nodes;
		expect(node.usableAsTool).toBe(true);
		expect(node.credentials).toEqual([{ name: 'contactSwingApi', required: true, testedBy: 'contactSwingApiTest' }]);
		const actions = node.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options as Array<{ value: string; action: string }>).map(
					(option) => `${property.displayOptions?.show?.resource}.${option.value}: ${option.action}`,
				),
			);
		expect(actions).toEqual([
			'action.create: Create an agent action',
			'action.getAll: Get many agent actions',
			'apiKey.create: Create an API key',
			'assistant.create: Create an AI agent',
			'call.getAll: Get many calls',
			'call.makeCall: Make a call',
			'call.start: Start a call',
			'campaign.create: Create a campaign',
			'customer.getAll: Get many customers',
			'customer.update: Update a customer',
			'knowledgeBase.create: Create a knowledge base',
			'knowledgeBase.update: Update a knowledge base',
		]);
	});

	it('tells an AI agent what each tool does, and which ones contact real people at a cost', () => {
		// The description n8n gives the model for a node used as a tool ("auto", the default).
		const nodeType = { description: loader.types.nodes[0] } as unknown as INodeType;
		const toolDescription = (resource: string, operation: string) =>
			NodeHelpers.getToolDescriptionForNode({ parameters: { resource, operation } } as unknown as INode, nodeType);
		// Short, as n8n's own actions: the action also names the node on the canvas.
		expect(toolDescription('assistant', 'create')).toBe('Create an AI agent in ContactSwing');
		expect(toolDescription('call', 'start')).toBe('Start a call in ContactSwing');
		expect(toolDescription('campaign', 'create')).toBe('Create a campaign in ContactSwing');
		// The cost is in each costly operation's description, which the README tells builders to
		// make the tool's description (Tool Description → Set Manually).
		const descriptions = Object.fromEntries(
			loader.types.nodes[0].properties
				.filter((property) => property.name === 'operation')
				.flatMap((property) =>
					(property.options as Array<{ value: string; description: string }>).map((option) => [
						`${property.displayOptions?.show?.resource}.${option.value}`,
						option.description,
					]),
				),
		);
		expect(descriptions['call.start']).toMatch(/Places a real call that costs money\.$/);
		expect(descriptions['call.makeCall']).toMatch(/Places a real call that costs money\.$/);
		expect(descriptions['campaign.create']).toMatch(/Messages real customers and may cost money\.$/);
	});

	it.each([
		['assistant', 'create', 'Agent: Create'],
		['customer', 'getAll', 'Customer: Get Many'],
		['call', 'makeCall', 'Call: Make Call'],
		['action', 'getAll', 'Agent Action: Get Many'],
		['knowledgeBase', 'update', 'Knowledge Base: Update'],
	])('the subtitle of %s → %s reads "%s", in the panel\'s labels', (resource, operation, subtitle) => {
		const description = loader.types.nodes[0];
		const nodeTypes = { getByNameAndVersion: () => ({ description }) } as unknown as INodeTypes;
		const node: INode = {
			id: '1',
			name: 'ContactSwing',
			type: 'contactSwing',
			typeVersion: 1.1,
			position: [0, 0],
			parameters: { resource, operation },
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		// As the editor evaluates it, with the node's parameters as $parameter.
		expect(workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {})).toBe(subtitle);
	});

	it('ships no compiled tests and declares no runtime dependencies', () => {
		const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.files).toEqual(['dist', 'LICENSE.md', 'CHANGELOG.md']);
		expect(existsSync(path.join(root, 'dist/test'))).toBe(false);
	});
});
