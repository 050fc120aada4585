import { fieldOperation } from '../common/fieldOperation';
import { dateTimeField, stringField } from '../../helpers/fields';
import { required, stringList, text } from '../../helpers/parsers';

/** POST /v2/_api_keys. The docs show no response, so an empty success is accepted (and output as an empty item). */
export const { description, prepare, run } = fieldOperation({
	show: { resource: ['apiKey'], operation: ['create'] },
	method: 'POST',
	path: '/v2/_api_keys',
	emptyResponseOk: true,
	required: [
		stringField({
			displayName: 'Name',
			name: 'name',
			placeholder: 'e.g. My Production API Key',
			description: 'Label of the key',
			apiPath: 'name',
			parse: required(text),
		}),
	],
	optional: [
		stringField({
			displayName: 'Description',
			name: 'description',
			description: 'What the key is for',
			apiPath: 'description',
		}),
		dateTimeField({
			displayName: 'Expires At',
			name: 'expiresAt',
			description: 'When the key stops working (ISO 8601)',
			apiPath: 'expires_at',
		}),
		stringField({
			displayName: 'Permissions',
			name: 'permissions',
			placeholder: 'e.g. actions:read, actions:write, sms:send',
			description: 'What the key may do, comma-separated',
			apiPath: 'permissions',
			parse: stringList,
		}),
	],
});
