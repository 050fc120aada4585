import type { IDataObject } from 'n8n-workflow';

import { fieldOperation } from '../common/fieldOperation';
import { fieldBuilder, stringField } from '../../helpers/fields';
import { FieldError, required, stringList, text } from '../../helpers/parsers';
import { e164, emailAddress } from '../../helpers/formats';

/** The customer picked with the resource locator: From List (searchable) or By ID. */
function customerId(value: unknown): string {
	const id = typeof value === 'object' && value !== null ? (value as IDataObject).value : value;
	const result = required(text)(id) as string;
	if (result.includes('/'))
		throw new FieldError(
			`must be a customer ID, but it is "${result.slice(0, 40)}"`,
			'Pick the customer from the list, or paste its ID.',
		);
	return result.trim();
}

/** PUT /v2/_customers/{customer_id}. */
export const { description, prepare, run } = fieldOperation({
	show: { resource: ['customer'], operation: ['update'] },
	method: 'PUT',
	path: '/v2/_customers/{customer_id}',
	requireOneOptional: true,
	required: [
		fieldBuilder(
			'resourceLocator',
			{ mode: 'list', value: '' },
			customerId,
		)({
			displayName: 'Customer',
			name: 'customerId',
			description: 'The customer to update',
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Select a customer…',
					typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
				},
				{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. cus_123' },
			],
			apiPath: 'customer_id',
			in: 'path',
		}),
	],
	optional: [
		stringField({
			displayName: 'Email',
			name: 'email',
			placeholder: 'e.g. name@email.com',
			description: 'New email address',
			apiPath: 'email',
			parse: emailAddress,
		}),
		stringField({
			displayName: 'Name',
			name: 'name',
			description: 'New name',
			apiPath: 'name',
		}),
		stringField({
			displayName: 'Phone',
			name: 'phone',
			placeholder: 'e.g. +1987654321',
			description: 'New phone number in E.164',
			apiPath: 'phone',
			parse: e164,
		}),
		stringField({
			displayName: 'Tags',
			name: 'tags',
			description: 'Tags, comma-separated or an array from an expression',
			placeholder: 'e.g. vip, loyal',
			apiPath: 'tags',
			parse: stringList,
		}),
	],
	collection: { name: 'updateFields', displayName: 'Update Fields' },
});
