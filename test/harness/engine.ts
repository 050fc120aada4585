/**
 * Runs workflows inside n8n's own engine (n8n-core's WorkflowExecute), the way n8n does:
 * real parameter resolution and expressions, real credentials authentication, real HTTP.
 */
import './user-folder';

import {
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequest,
	ICredentialType,
	IConnections,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IPinData,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { ContactSwingApi } from '../../credentials/ContactSwingApi.credentials';
import { ContactSwing } from '../../nodes/ContactSwing/ContactSwing.node';

export const NODE_TYPE = 'n8n-nodes-contactswing.contactSwing';

class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(type: string): INodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		const nodeType = this.types[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return NodeHelpers.getVersionedNodeType(nodeType, version);
	}

	getKnownTypes() {
		return {};
	}
}

/** Authenticates like n8n's own credentials helper: calls a function `authenticate`, or resolves a generic one's expressions. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
		private readonly types: Record<string, ICredentialType>,
		/** Sees every request that authentication let through, that is, every request that is sent. */
		private readonly onSigned: (request: IHttpRequestOptions) => void = () => {},
	) {
		super();
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: WorkflowType,
		node?: INode,
	) {
		const signed = await this.sign(credentials, typeName, requestOptions, workflow, node);
		this.onSigned(signed);
		return signed;
	}

	private async sign(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: WorkflowType,
		node?: INode,
	) {
		const credentialType = this.types[typeName];
		if (typeof credentialType.authenticate === 'function')
			return await credentialType.authenticate(credentials, requestOptions);
		const { authenticate } = credentialType;
		if (!authenticate || !workflow || !node) return requestOptions;
		const resolve = (value: string) =>
			String(
				workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				),
			);
		const headers = { ...(requestOptions.headers ?? {}) };
		for (const [key, value] of Object.entries(authenticate.properties.headers ?? {})) {
			headers[key] = resolve(String(value));
		}
		return { ...requestOptions, headers };
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _nodeCredentials: unknown, type: string) {
		return { ...(this.data[type] ?? {}) };
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

export interface RunOptions {
	/** The ContactSwing node's parameters and settings (onError, name...). */
	node: Partial<INode> & { parameters: INode['parameters'] };
	/** The items that arrive at the node, as a trigger or the previous node would output them. */
	items: INodeExecutionData[];
	credentials: { token: string; baseUrl: string };
	nodeType?: INodeType;
	/** Lets a test cancel the run, as the Stop button does. */
	onStart?: (execution: { cancel: () => void }) => void;
}

export interface RunResult {
	run: IRun;
	/** The node's outputs: [main] or [success, error] with "Continue (using error output)". */
	outputs: INodeExecutionData[][];
	/** The error that stopped the workflow, if any. */
	error?: IRun['data']['resultData']['error'];
}

/**
 * Stands in for the nodes of other packages (Form Trigger, Webhook, …) in an example workflow: it is
 * never executed, because those nodes carry pinned data, which n8n's engine outputs in their place.
 */
function pinnedOnly(type: string): INodeType {
	return {
		description: {
			displayName: type,
			name: type,
			group: ['trigger'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			throw new Error(`${type} is not available in this harness; give it pinned data`);
		},
	} as unknown as INodeType;
}

/**
 * Stands in for Remove Duplicates ("Remove Items Processed in Previous Executions"), whose memory
 * is n8n's database: in a single run from pinned data every key is new, so every item passes.
 * The real node is proven in real n8n by the end-to-end tests.
 */
function firstDelivery(type: string): INodeType {
	return {
		description: {
			displayName: type,
			name: type,
			group: ['transform'],
			version: 2,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			return [this.getInputData()];
		},
	} as unknown as INodeType;
}

const STAND_INS: Record<string, (type: string) => INodeType> = { 'n8n-nodes-base.removeDuplicates': firstDelivery };

/** A workflow and what n8n hands a running node: parameters, expressions, credentials, hooks. */
function createEngine(
	nodes: INode[],
	connections: IConnections,
	credentials: RunOptions['credentials'],
	nodeType?: INodeType,
	onSigned?: (request: IHttpRequestOptions) => void,
) {
	const types = Object.fromEntries(
		nodes.map((node) => [
			node.type,
			node.type === NODE_TYPE ? new ContactSwing() : (STAND_INS[node.type] ?? pinnedOnly)(node.type),
		]),
	);
	if (nodeType) types[nodes[0].type] = nodeType;
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes,
		connections,
		active: false,
		nodeTypes: new NodeTypes(types),
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', { id: 'test-workflow' } as IWorkflowBase);
	const additionalData = {
		hooks,
		credentialsHelper: new CredentialsHelper(
			{ contactSwingApi: credentials },
			{ contactSwingApi: new ContactSwingApi() },
			onSigned,
		),
		executionId: 'test-execution',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		userId: 'test-user',
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return { workflow, hooks, additionalData };
}

function contactSwingNode(node: RunOptions['node']): INode {
	return {
		id: 'contactswing-1',
		name: 'ContactSwing',
		type: NODE_TYPE,
		// The version a builder gets when adding the node; a saved workflow's node brings its own.
		typeVersion: new ContactSwing().description.defaultVersion!,
		position: [200, 0],
		credentials: { contactSwingApi: { id: '1', name: 'ContactSwing account' } },
		...node,
	};
}

/** Runs the engine from `start` (fed with `items`) to the end of the workflow. */
async function execute(
	engine: ReturnType<typeof createEngine>,
	start: INode,
	items: INodeExecutionData[],
	pinData?: IPinData,
	onStart?: RunOptions['onStart'],
): Promise<IRun> {
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	engine.hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		resultData: { pinData },
		executionData: { nodeExecutionStack: [{ node: start, data: { main: [items] }, source: null }] },
	});
	const execution = new WorkflowExecute(engine.additionalData, 'manual', runExecutionData).processRunExecutionData(
		engine.workflow,
	);
	onStart?.({ cancel: () => execution.cancel() });
	return await execution.catch(async () => await finished);
}

function outputsOf(run: IRun, nodeName: string): INodeExecutionData[][] {
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	return (taskData?.data?.main ?? []).map((output: INodeExecutionData[] | null) => output ?? []);
}

/** The ContactSwing node alone, fed with `items` as a trigger or a previous node would output them. */
export async function runNode({ items, onStart, node, credentials, nodeType }: RunOptions): Promise<RunResult> {
	const contactSwing = contactSwingNode(node);
	const engine = createEngine([contactSwing], {}, credentials, nodeType);
	const run = await execute(engine, contactSwing, items, undefined, onStart);
	return { run, outputs: outputsOf(run, contactSwing.name), error: run.data.resultData.error };
}

/**
 * A whole example workflow as users import it: the trigger outputs its pinned sample items and
 * every node after it runs in n8n's engine. Returns each node's main output.
 */
export async function runExampleWorkflow(workflow: IWorkflowBase, credentials: RunOptions['credentials']) {
	const engine = createEngine(workflow.nodes, workflow.connections, credentials);
	const trigger = workflow.nodes.find((node) => workflow.pinData?.[node.name])!;
	const run = await execute(engine, trigger, [{ json: {} }], workflow.pinData);
	const outputs = Object.fromEntries(workflow.nodes.map((node) => [node.name, outputsOf(run, node.name)[0] ?? []]));
	return { run, outputs, error: run.data.resultData.error };
}

/** Calls one of the node's loadOptions or listSearch methods the way the editor does when a dropdown opens. */
export async function loadOptions(
	method: string,
	options: Pick<RunOptions, 'node' | 'credentials'>,
	filter?: string,
	paginationToken?: string,
) {
	const node = contactSwingNode(options.node);
	const { workflow, additionalData } = createEngine([node], {}, options.credentials);
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const { methods } = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (methods?.listSearch?.[method]) return await methods.listSearch[method].call(context, filter, paginationToken);
	return await methods!.loadOptions![method].call(context);
}

/**
 * The credential's Test button, as n8n's CredentialsTester runs it: the credential's own `test`
 * request if it declares one (through n8n-core's RoutingNode, signed by the credential), else the
 * node's `testedBy` method, called with n8n-core's CredentialTestContext. `onSent` sees each
 * request the Test sends.
 */
export async function testCredential(
	credentials: RunOptions['credentials'],
	onSent?: (request: IHttpRequestOptions) => void,
): Promise<{ status: 'OK' | 'Error'; message?: string }> {
	const credentialType = new ContactSwingApi() as ICredentialType;
	const decrypted = { id: '1', name: 'ContactSwing account', type: 'contactSwingApi', data: credentials };
	if (credentialType.test) return await testByRequest(credentialType.test, decrypted, onSent);
	const node = new ContactSwing();
	const testedBy = node.description.credentials?.find((credential) => credential.name === 'contactSwingApi')?.testedBy;
	const tests: Record<string, ICredentialTestFunction> =
		(node.methods as { credentialTest?: Record<string, ICredentialTestFunction> }).credentialTest ?? {};
	const test = typeof testedBy === 'string' ? tests[testedBy] : undefined;
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };
	const { additionalData } = createEngine([], {}, credentials);
	const context = new CredentialTestContext(additionalData);
	const request = context.helpers.request;
	context.helpers.request = async (uriOrObject: string | object, options?: object) => {
		onSent?.(uriOrObject as IHttpRequestOptions);
		return await request(uriOrObject, options);
	};
	const result = await test.call(context, decrypted);
	return { status: result.status, message: result.message };
}

/** A credential's declarative `test`: its request on a stand-in node, through n8n-core's RoutingNode. */
async function testByRequest(
	test: ICredentialTestRequest,
	decrypted: ICredentialsDecrypted,
	onSent?: (request: IHttpRequestOptions) => void,
): Promise<{ status: 'OK' | 'Error'; message?: string }> {
	const credentials = decrypted.data as RunOptions['credentials'];
	const nodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'contactSwingApi', required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: test.request },
				},
			],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { contactSwingApi: { id: '1', name: 'ContactSwing account' } },
	};
	const { workflow, additionalData } = createEngine([node], {}, credentials, nodeType, onSent);
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	try {
		await new RoutingNode(context, nodeType, decrypted).runNode();
		return { status: 'OK' };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}
