import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Execution } from '../transport/execution';

/**
 * One operation, in two steps so that the router can validate every item before it sends anything:
 * `prepare` reads and validates an item's parameters (and sends nothing), `run` sends it.
 */
export interface Operation<Prepared = unknown> {
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared | Promise<Prepared>;
	run(
		this: IExecuteFunctions,
		prepared: Prepared,
		itemIndex: number,
		execution: Execution,
	): Promise<IDataObject | IDataObject[]>;
}
