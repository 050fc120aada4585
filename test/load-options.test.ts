import type { INodePropertyOptions } from 'n8n-workflow';

import { loadOptions } from './harness/engine';
import { credentialsFor, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

describe('Action Names or IDs dropdown', () => {
	it('lists every action of the account, following the pagination of GET /v2/_actions', async () => {
		const seeded = double().state.actions.length;
		const added = 150;
		double().state.actions.push(
			...Array.from({ length: added }, (_, i) => ({
				id: `extra-${i}`,
				name: `Extra ${i}`,
				// The last two: a type the node does not offer, and one a hostile server could send.
				type: i === added - 1 ? 'SEND_EMAIL' : i === added - 2 ? 'constructor' : 'WEBHOOK',
				is_active: true,
			})),
		);
		const options = <INodePropertyOptions[]>await loadOptions('getActions', {
			node: { parameters: whatsappParameters() },
			credentials: credentialsFor(double()),
		});

		expect(options).toHaveLength(seeded + added);
		// Each type as the node's own label (Agent Action → Create); one it does not offer, as the API spells it.
		expect(options.slice(0, 4)).toEqual([
			{ name: 'Action 1 (API Webhook)', value: 'act-001' },
			{ name: 'Action 2 (SMS)', value: 'act-002' },
			{ name: 'Action 3 (WhatsApp)', value: 'act-003' },
			{ name: 'Action 4 (Real-Time Booking)', value: 'act-004' },
		]);
		expect(options.slice(-2)).toEqual([
			{ name: `Extra ${added - 2} (constructor)`, value: `extra-${added - 2}` },
			{ name: `Extra ${added - 1} (SEND_EMAIL)`, value: `extra-${added - 1}` },
		]);
		expect(double().state.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/v2/_actions', { page: '1', per_page: '100' }],
			['GET', '/v2/_actions', { page: '2', per_page: '100' }],
		]);
	});

	it('explains an expired JWT instead of showing an empty list', async () => {
		await expect(
			loadOptions('getActions', {
				node: { parameters: whatsappParameters() },
				credentials: credentialsFor(double(), 'expired'),
			}),
		).rejects.toMatchObject({ message: 'ContactSwing answered 401: Could not validate credentials' });
	});
});
