import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

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
	 * n8n's generic kind, so that the HTTP Request node offers this credential under Predefined
	 * Credential Type. The token is trimmed (a pasted one often ends in a line break). The Base URL
	 * rules are kept where they protect the token: the node's transport checks the Base URL before
	 * it sends anything, and the Test (the node's `testedBy`) does the same.
	 */
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{ String($credentials.token).trim() }}' } },
	};
}
