import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { Execution } from '../transport/execution';
import { fieldValue, itemParameter } from '../helpers/fieldValues';
import { dryRunField } from './options.description';
import * as action from './action/Action.resource';
import * as apiKey from './apiKey/ApiKey.resource';
import * as assistant from './assistant/Assistant.resource';
import * as call from './call/Call.resource';
import * as campaign from './campaign/Campaign.resource';
import * as customer from './customer/Customer.resource';
import * as knowledgeBase from './knowledgeBase/KnowledgeBase.resource';
import type { Operation } from './types';

/** resource → operation → its module: one place that says what the node can do. */
const operations: Record<string, Record<string, Operation>> = {
	action: { create: action.create, getAll: action.getAll },
	apiKey: { create: apiKey.create },
	assistant: { create: assistant.create },
	call: { getAll: call.getAll, makeCall: call.makeCall, start: call.start },
	campaign: { create: campaign.create },
	customer: { getAll: customer.getAll, update: customer.update },
	knowledgeBase: { create: knowledgeBase.create, update: knowledgeBase.update },
};

/**
 * Owns the item loop and the error policy:
 * 1. every item is validated before any request is sent;
 * 2. the requests go out with at most "Parallel Requests" in flight, and stop starting when the
 *    execution is cancelled or (without Continue On Fail) an item failed;
 * 3. outputs keep the input order, each paired to its item; with Continue On Fail a failed item
 *    carries its error and the others go through.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	const cancelled = this.getExecutionCancelSignal();
	const execution = Execution.withOptions(
		this.getNodeParameter('options', 0, {}) as IDataObject,
		cancelled,
		this.logger,
	);
	const continueOnFail = this.continueOnFail();
	const outputs: INodeExecutionData[][] = [];
	const fail = (error: Error, itemIndex: number, beforeSending: boolean) => {
		const nodeError = asNodeError(this, error, itemIndex);
		if (!continueOnFail) return nodeError;
		execution.report.itemFailed(beforeSending);
		// `{error}` or `{error, message}` and nothing else: the only shapes that both n8n 1.x and 2.x
		// send to the error output when "Continue (using error output)" is chosen. (An item's own
		// `error` property would make n8n replace the json and drop the advice.)
		const json = nodeError.description
			? { error: nodeError.message, message: nodeError.description }
			: { error: nodeError.message };
		outputs[itemIndex] = [{ json, pairedItem: { item: itemIndex } }];
		return undefined;
	};

	const prepared: Array<{ value: unknown } | undefined> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const value = await operation.prepare.call(this, itemIndex);
			checkDryRun(this, itemIndex, execution.policy.dryRun);
			prepared[itemIndex] = { value };
		} catch (error) {
			const fatal = fail(error as Error, itemIndex, true);
			if (fatal) throw fatal;
		}
	}

	let next = 0;
	const stopped: { first?: { itemIndex: number; error: Error } } = {};
	// Without Continue On Fail the node fails with the earliest failed item, as it would one by one.
	const stop = (itemIndex: number, error: Error) => {
		if (!stopped.first || itemIndex < stopped.first.itemIndex) stopped.first = { itemIndex, error };
	};
	const worker = async () => {
		while (next < items.length && !stopped.first && !cancelled?.aborted) {
			const itemIndex = next++;
			const request = prepared[itemIndex];
			if (!request) continue;
			prepared[itemIndex] = undefined; // sent: with thousands of items, its memory goes back now
			try {
				const data = await operation.run.call(this, request.value, itemIndex, execution);
				outputs[itemIndex] = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data), {
					itemData: { item: itemIndex },
				});
			} catch (error) {
				if (cancelled?.aborted) return; // n8n aborted the request: the execution is being cancelled
				const fatal = fail(error as Error, itemIndex, false);
				if (fatal) stop(itemIndex, fatal);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(execution.policy.parallelRequests, items.length) }, worker));
	if (stopped.first) throw stopped.first.error;
	const hints = execution.report.hints(items.length);
	if (hints.length > 0) this.addExecutionHints(...hints);
	return [outputs.filter((output) => output !== undefined).flat()];
}

/**
 * The run's Options are the first item's, but an expression may give an item a Dry Run of its own:
 * an item that asks for a Dry Run is never sent, nor one that asks to be sent only described.
 */
function checkDryRun(context: IExecuteFunctions, itemIndex: number, runIsDry: boolean) {
	const options = itemParameter(context, 'options', itemIndex, {}) as IDataObject;
	const isDry = (fieldValue(context, itemIndex, dryRunField, options.dryRun) as boolean | undefined) ?? false;
	if (isDry === runIsDry) return;
	const onOrOff = (on: boolean) => (on ? 'on' : 'off');
	throw new NodeOperationError(
		context.getNode(),
		`"Dry Run" is ${onOrOff(isDry)} for this item, but ${onOrOff(runIsDry)} for item 0, whose Options the run follows`,
		{
			itemIndex,
			description:
				'Give Dry Run the same value for every item. To try some items and send others, route them to two ContactSwing nodes (with an If node, say).',
		},
	);
}

/** Every error the user sees names its item, and this is the one place that adds it. */
function asNodeError(context: IExecuteFunctions, error: Error, itemIndex: number) {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(context.getNode(), error.message, { itemIndex });
	const suffix = ` [item ${itemIndex}]`;
	if (!nodeError.message.endsWith(suffix)) nodeError.message += suffix;
	return nodeError;
}
