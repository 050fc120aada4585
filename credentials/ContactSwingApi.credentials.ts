import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
				'The ContactSwing JWT Bearer token. Ask your ContactSwing account admin or support for an API token; the public API docs do not offer a token endpoint.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://prod-contactswing-fastapi-962560522883.us-central1.run.app',
			description:
				'The ContactSwing API host, without the /v2 path. Must use https:// (plain http:// is accepted only for a local test server on 127.0.0.1 or localhost).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.token}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '/v2/_actions',
		},
	};
}
