import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { authorization } from '../nodes/ContactSwing/transport/authorization';
import { DEFAULT_BASE_URL } from '../nodes/ContactSwing/transport/baseUrl';

export class ContactSwingApi implements ICredentialType {
	name = 'contactSwingApi';

	displayName = 'ContactSwing API';

	icon: Icon = { light: 'file:../icons/contactSwing.svg', dark: 'file:../icons/contactSwing.dark.svg' };

	documentationUrl = 'https://github.com/contactswing/n8n-nodes-contactswing#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'JWT Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The ContactSwing JWT Bearer token. Ask your ContactSwing account admin or ContactSwing support for one.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'The ContactSwing API host, without the /v2 path. Must use https:// (plain http:// is accepted only for a local test server on 127.0.0.1, localhost or [::1]).',
		},
	];

	/**
	 * Signs a request with the trimmed token. A function rather than n8n's generic kind: n8n evaluates
	 * a generic header's expression for every request it signs, in n8n 2.x's expression sandbox
	 * about 0.4 ms each, more than the node's own work on a create; a function costs nothing. A
	 * field, not a method: n8n hands the editor a credential's own properties, a function as `{}`,
	 * and the HTTP Request node offers under Predefined Credential Type the credentials that have
	 * one. The Base URL rules are kept where they protect the token: the node's transport checks the
	 * Base URL before it sends anything, and the Test (the node's `testedBy`) does the same.
	 */
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: authorization(credentials.token) },
	});
}
