import type { IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import type { Show } from './properties';
import { ADDITIONAL_FIELDS, fieldProperties } from './properties';
import type { PreparedRequest } from './request';
import { fillPath, nothingToUpdate, requestFromFields, send } from './request';
import type { Operation } from '../types';
import type { Field } from '../../helpers/fields';

/**
 * An operation that sends one request built from fields: a create or an update.
 * `path` may depend on the item (an ID in the path).
 */
export function fieldOperation(spec: {
	show: Show;
	method: IHttpRequestMethods;
	/** The path, with `{name}` for path fields (`in: 'path'`). */
	path: string;
	required: Field[];
	optional: Field[];
	/** The most used optional fields, shown at the top level after the required ones. */
	onTop?: Field[];
	collection?: { name: string; displayName: string };
	/** For updates: refuse to send a request that changes nothing. */
	requireOneOptional?: boolean;
	emptyResponseOk?: boolean;
}): Operation<PreparedRequest> & { description: INodeProperties[] } {
	const collection = spec.collection ?? ADDITIONAL_FIELDS;
	return {
		description: fieldProperties(spec.show, spec.required, spec.optional, collection, spec.onTop),
		prepare(itemIndex) {
			const { body, qs, path } = requestFromFields(
				this,
				itemIndex,
				spec.required,
				spec.optional,
				collection.name,
				spec.onTop,
			);
			if (spec.requireOneOptional && Object.keys(body).length === 0) {
				throw nothingToUpdate(this, itemIndex, collection.displayName);
			}
			return {
				request: {
					method: spec.method,
					path: fillPath(spec.path, path),
					body,
					qs,
					emptyResponseOk: spec.emptyResponseOk,
				},
			};
		},
		run: send,
	};
}
