import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Show } from './properties';
import type { Operation } from '../types';
import { contactSwingRequestAllPages, MAX_LIST_OUTPUT_MB } from '../../transport/pagination';
import type { Field } from '../../helpers/fields';
import { numberField } from '../../helpers/fields';
import { fieldValue, itemParameter } from '../../helpers/fieldValues';
import { positiveInteger, required } from '../../helpers/parsers';

/**
 * A paginated list: Return All follows the pagination; otherwise Limit (default 50) records.
 * Simplify keeps the fields most workflows need, page by page (see contactSwingRequestAllPages).
 */
export function listOperation(spec: {
	show: Show;
	path: string;
	noun: string;
	simplify: (record: IDataObject) => IDataObject;
	simplifiedFields: string;
}): Operation<{ limit: number; simplify: boolean }> & { description: INodeProperties[] } {
	const limitField: Field = numberField({
		displayName: 'Limit',
		name: 'limit',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
		apiPath: 'limit',
		parse: required(positiveInteger),
	});
	return {
		description: updateDisplayOptions({ show: spec.show }, [
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				hint: `At most ${MAX_LIST_OUTPUT_MB} MB of records per execution. For a larger list, set a Limit, or turn on Simplify to keep less of each record.`,
			},
			limitField.property,
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: `Whether to return a simplified version of each ${spec.noun} (${spec.simplifiedFields}) instead of the raw data`,
			},
		]),
		prepare(itemIndex) {
			const returnAll = itemParameter(this, 'returnAll', itemIndex, false) as boolean;
			return {
				limit: returnAll
					? Infinity
					: (fieldValue(this, itemIndex, limitField, itemParameter(this, 'limit', itemIndex, 50)) as number),
				simplify: itemParameter(this, 'simplify', itemIndex, true) as boolean,
			};
		},
		async run({ limit, simplify }, itemIndex, execution) {
			return await contactSwingRequestAllPages.call(
				this,
				{ method: 'GET', path: spec.path },
				itemIndex,
				limit,
				execution,
				simplify ? spec.simplify : undefined,
			);
		},
	};
}
