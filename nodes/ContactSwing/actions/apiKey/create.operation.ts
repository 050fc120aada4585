import { isoDateTime, required, stringList, text } from '../../helpers/fields';
import { fieldOperation } from '../operations';

/** POST /v2/_api_keys. The docs show no response, so an empty success is accepted (and output as an empty item). */
export const { description, prepare, run } = fieldOperation({
	show: { resource: ['apiKey'], operation: ['create'] },
	method: 'POST',
	path: '/v2/_api_keys',
	emptyResponseOk: true,
	required: [
		{
			property: {
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. My Production API Key',
				description: 'Label of the key',
			},
			apiPath: 'name',
			read: required(text),
		},
	],
	optional: [
		{
			property: {
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'What the key is for',
			},
			apiPath: 'description',
			read: text,
		},
		{
			property: {
				displayName: 'Expires At',
				name: 'expiresAt',
				type: 'dateTime',
				default: '',
				description: 'When the key stops working (ISO 8601)',
			},
			apiPath: 'expires_at',
			read: isoDateTime,
		},
		{
			property: {
				displayName: 'Permissions',
				name: 'permissions',
				type: 'string',
				default: '',
				placeholder: 'actions:read, actions:write, sms:send',
				description:
					'Scopes, comma-separated. The docs show actions:read, actions:write and sms:send and do not list the rest.',
			},
			apiPath: 'permissions',
			read: stringList,
		},
	],
});
