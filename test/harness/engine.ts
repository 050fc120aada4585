/**
 * Runs workflows inside n8n's own engine (n8n-core's WorkflowExecute), the way n8n does:
 * real parameter resolution and expressions, real credentials authentication, real HTTP.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IConnections,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
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

/** Authenticates like n8n's own credentials helper: resolves the generic `authenticate` expressions. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
		private readonly types: Record<string, ICredentialType>,
	) {
		super();
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions, workflow?: WorkflowType, node?: INode) {
		const { authenticate } = this.types[typeName];
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || !workflow || !node) return requestOptions;
		const resolve = (value: string) =>
			String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, ''));
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

/** A one-node workflow holding the ContactSwing node, and what n8n hands a running node. */
function createEngine({ node, credentials, nodeType }: Pick<RunOptions, 'node' | 'credentials' | 'nodeType'>) {
	const contactSwing: INode = {
		id: 'contactswing-1',
		name: 'ContactSwing',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		credentials: { contactSwingApi: { id: '1', name: 'ContactSwing account' } },
		...node,
	};
	const connections: IConnections = {};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [contactSwing],
		connections,
		active: false,
		nodeTypes: new NodeTypes({ [contactSwing.type]: nodeType ?? new ContactSwing() }),
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', { id: 'test-workflow' } as IWorkflowBase);
	const additionalData = {
		hooks,
		credentialsHelper: new CredentialsHelper({ contactSwingApi: credentials }, { contactSwingApi: new ContactSwingApi() }),
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
	return { workflow, node: contactSwing, hooks, additionalData };
}

export async function runNode({ items, onStart, ...options }: RunOptions): Promise<RunResult> {
	const { workflow, node: contactSwing, hooks, additionalData } = createEngine(options);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: contactSwing, data: { main: [items] }, source: null }] },
	});

	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	onStart?.({ cancel: () => execution.cancel() });
	const run = await execution.catch(async () => await finished);
	const taskData = run.data.resultData.runData[contactSwing.name]?.[0];
	return {
		run,
		outputs: (taskData?.data?.main ?? []).map((output: INodeExecutionData[] | null) => output ?? []),
		error: run.data.resultData.error,
	};
}

/** Calls one of the node's loadOptions or listSearch methods the way the editor does when a dropdown opens. */
export async function loadOptions(method: string, options: Pick<RunOptions, 'node' | 'credentials'>, filter?: string, paginationToken?: string) {
	const { workflow, node, additionalData } = createEngine(options);
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const { methods } = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (methods?.listSearch?.[method]) return await methods.listSearch[method].call(context, filter, paginationToken);
	return await methods!.loadOptions![method].call(context);
}
