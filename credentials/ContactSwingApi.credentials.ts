import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { BaseUrlError, contactSwingBaseUrl, DEFAULT_BASE_URL } from '../nodes/ContactSwing/transport/baseUrl';

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
	 * Signs every request, the Test button's included, and sends it only to the Base URL the node's
	 * rules allow: a URL they refuse fails here, before anything leaves n8n. No redirect is
	 * followed, so the JWT never goes to another host. The token is trimmed, as the Base URL is.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		let baseURL: string;
		try {
			baseURL = contactSwingBaseUrl(credentials.baseUrl);
		} catch (error) {
			if (error instanceof BaseUrlError)
				throw new BaseUrlError(`${error.message}. ${error.description}`, error.description);
			throw error;
		}
		return {
			...requestOptions,
			baseURL,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.token ?? '').trim()}` },
		};
	}

	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '/v2/_actions' },
		// A redirect is not followed (see authenticate); n8n's Test then shows these words.
		rules: [301, 302, 303, 307, 308].map((status) => ({
			type: 'responseCode' as const,
			properties: {
				value: status,
				message: `ContactSwing answered ${status}, a redirect, and the credential follows no redirects: check the Base URL. Nothing was sent to the other address.`,
			},
		})),
	};
}
