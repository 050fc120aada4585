/* eslint-disable @n8n/community-nodes/no-restricted-globals -- real clocks: test code, never shipped */
/**
 * The mask changes nothing but the secret: the credential's token, or a piece of its secret part
 * (a JWT's signature), becomes `***`; every other value, another JWT of the same issuer included,
 * comes through byte for byte, in the output and in the errors of both On Error modes.
 */
import { createHmac, randomBytes } from 'node:crypto';

import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { TokenMask } from '../nodes/ContactSwing/transport/redact';

import { runNode } from './harness/engine';
import { items, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

/** The header every HS256 JWT starts with. */
const HS256_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';

/** A JWT as ContactSwing issues them: the same header, a payload that starts alike, its own signature. */
function issuedJwt(sub: string, kind: string): string {
	const payload = Buffer.from(JSON.stringify({ sub, company_id: 4217, kind })).toString('base64url');
	const signature = createHmac('sha256', randomBytes(32)).update(`${HS256_HEADER}.${payload}`).digest('base64url');
	return `${HS256_HEADER}.${payload}.${signature}`;
}

const OUR_JWT = issuedJwt('user-1', 'access');
/** API Key → Create's new key: minted by ContactSwing for the same company, so the same issuer. */
const NEW_KEY = issuedJwt('user-1', 'api_key');
/** A third party's token, in a webhook action's headers. */
const THIRD_PARTY_JWT = issuedJwt('crm-bot', 'crm');

const ON_ERROR_MODES = ['continueRegularOutput', 'continueErrorOutput'] as const;

const run = async (parameters: INodeParameters, onError?: (typeof ON_ERROR_MODES)[number]) =>
	await runNode({
		node: { parameters, onError },
		items: items({}),
		credentials: { token: OUR_JWT, baseUrl: double().url },
	});

beforeEach(() => {
	double().state.token = OUR_JWT;
});

describe('another JWT in an answer comes through byte for byte', () => {
	const apiKeyCreate = { resource: 'apiKey', operation: 'create', name: 'Production' };
	const webhookAction = {
		resource: 'action',
		operation: 'create',
		actionType: 'WEBHOOK',
		name: 'Order status',
		description: 'Use it when the caller asks about an order',
		actionTiming: 'DURING',
		url: 'https://crm.example.com/orders',
		method: 'POST',
		additionalFields: { headers: JSON.stringify({ Authorization: `Bearer ${THIRD_PARTY_JWT}` }) },
	};

	it.each(ON_ERROR_MODES)("API Key → Create's new key from the same issuer (%s)", async (onError) => {
		double().failWhen(() => true, {
			status: 201,
			body: { ctx_id: 'c-1', data: { api_key_id: 7, name: 'Production', key: NEW_KEY } },
		});
		const { outputs } = await run(apiKeyCreate, onError);
		expect(outputs[0]).toEqual([
			{ json: { api_key_id: 7, name: 'Production', key: NEW_KEY, ctx_id: 'c-1' }, pairedItem: { item: 0 } },
		]);
	});

	it('with a token pasted with spaces and a line break (the credential trims it; so does the mask)', async () => {
		double().failWhen(() => true, {
			status: 201,
			body: { ctx_id: 'c-1', data: { api_key_id: 7, name: 'Production', key: NEW_KEY, seen: OUR_JWT } },
		});
		const { outputs } = await runNode({
			node: { parameters: apiKeyCreate },
			items: items({}),
			credentials: { token: `  ${OUR_JWT}\n`, baseUrl: double().url },
		});
		expect(outputs[0][0].json).toEqual({ api_key_id: 7, name: 'Production', key: NEW_KEY, seen: '***', ctx_id: 'c-1' });
	});

	it.each(ON_ERROR_MODES)("a webhook action's Bearer <other JWT>, echoed by ContactSwing (%s)", async (onError) => {
		double().failWhen(() => true, {
			respond: (request) => ({
				status: 201,
				body: {
					ctx_id: 'c-2',
					data: { action_id: 'a-1', type: 'WEBHOOK', webhook: (request.body as { webhook: object }).webhook },
				},
			}),
		});
		const { outputs } = await run(webhookAction, onError);
		expect(double().state.requests[0].authorization).toBe(`Bearer ${OUR_JWT}`);
		expect(outputs[0][0].json.webhook).toEqual(
			expect.objectContaining({ headers: { Authorization: `Bearer ${THIRD_PARTY_JWT}` } }),
		);
	});

	it.each([...ON_ERROR_MODES, undefined])('an error that quotes the other key keeps it whole (%s)', async (onError) => {
		double().failWhen(() => true, { status: 409, body: { detail: `key ${NEW_KEY} exists` } });
		const result = await run(apiKeyCreate, onError);
		const message = onError ? result.outputs.flat()[0].json.error : result.error?.message;
		expect(message).toBe(`ContactSwing answered 409: key ${NEW_KEY} exists [item 0]`);
	});

	it('while our own token, and its signature alone, are still masked in the same answer', async () => {
		const signature = OUR_JWT.split('.')[2];
		double().failWhen(() => true, {
			status: 201,
			body: {
				ctx_id: 'c-3',
				data: { assistant_id: 'a-2', name: 'Acme', seen: `Bearer ${OUR_JWT}`, sig: `sig=${signature}`, key: NEW_KEY },
			},
		});
		const { outputs } = await run(whatsappParameters(), 'continueRegularOutput');
		expect(outputs[0][0].json).toEqual({
			assistant_id: 'a-2',
			name: 'Acme',
			seen: 'Bearer ***',
			sig: 'sig=***',
			key: NEW_KEY,
			ctx_id: 'c-3',
		});
	});
});

describe('what counts as a piece of the secret', () => {
	it('14 characters of the signature are not one (even after the whole header and payload); 15 are', async () => {
		const signature = OUR_JWT.split('.')[2];
		const publicPart = OUR_JWT.slice(0, OUR_JWT.length - signature.length);
		double().failWhen(() => true, {
			status: 201,
			body: {
				ctx_id: 'c',
				data: {
					assistant_id: 'a-1',
					short: `${publicPart}${signature.slice(0, 14)}`,
					inner: `~${signature.slice(20, 34)}~`,
					alone: signature.slice(3, 17),
					piece: `~${signature.slice(20, 35)}~`,
					[`key ${OUR_JWT}`]: 'a key that holds the token',
				},
			},
		});
		const { outputs } = await run(whatsappParameters(), 'continueRegularOutput');
		expect(outputs[0][0].json).toEqual({
			assistant_id: 'a-1',
			short: `${publicPart}${signature.slice(0, 14)}`,
			inner: `~${signature.slice(20, 34)}~`,
			alone: signature.slice(3, 17),
			piece: '~***~',
			'key ***': 'a key that holds the token',
			ctx_id: 'c',
		});
	});
});

describe('tokens that are not the JWTs ContactSwing issues are secret throughout', () => {
	const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
	it('a JWT whose signature is shorter than 15 characters: echoed whole, it is masked', () => {
		const token = `${HS256_HEADER}.${part({ sub: 'u' })}.c2lnbmF0dXJl`;
		expect(new TokenMask(token).masked(`seen ${token} here`)).toBe('seen *** here');
	});

	it('three parts whose first is JSON without "alg" (not a JWT header): its first parts are masked too', () => {
		const token = `${part({ kid: 'key-1', v: 2 })}.${part({ account: 'acme-corp' })}.${'s'.repeat(20)}`;
		expect(new TokenMask(token).masked(`seen ${token.slice(0, 30)} here`)).toBe('seen *** here');
	});
});

describe('a message that echoes the token, then says more', () => {
	it('shows what follows the token, when it fits once the token is masked', () => {
		const rest = ' is not valid for company 4217.'.repeat(5);
		expect(new TokenMask(OUR_JWT).shown(`${OUR_JWT}${rest}`)).toBe(`***${rest}`);
	});
});

describe('a message cut where the secret starts', () => {
	it('masks the start of the signature, not the public header and payload before it', async () => {
		const signature = OUR_JWT.split('.')[2];
		const publicPart = OUR_JWT.slice(0, OUR_JWT.length - signature.length);
		// The 200-character cut of the detail ends on the signature's first 10 characters.
		const detail = `${'x'.repeat(190 - publicPart.length)}${publicPart}${signature.slice(0, 10)}${'y'.repeat(300)}`;
		double().failWhen(() => true, { status: 400, body: { detail } });
		const { outputs } = await run(whatsappParameters(), 'continueRegularOutput');
		const { error } = outputs[0][0].json as { error: string };
		expect(error).toContain(`x${publicPart}***…`);
		expect(error).not.toContain(signature.slice(0, 4));
	});

	it('masks as few as its first 4 characters at the cut; 3 are too few to tell from chance', () => {
		const signature = OUR_JWT.split('.')[2];
		const mask = new TokenMask(OUR_JWT);
		// '~' is in no JWT: the cut at 200 characters ends on exactly `length` characters of the signature.
		const cutOn = (length: number) =>
			mask.shown(`${'~'.repeat(200 - length)}${signature.slice(0, length)}${'~'.repeat(50)}`);
		expect(cutOn(4)).toBe(`${'~'.repeat(196)}***…`);
		expect(cutOn(3)).toBe(`${'~'.repeat(197)}${signature.slice(0, 3)}…`);
	});
});

describe('a key that holds the token', () => {
	it('is masked when nothing else in its object is', async () => {
		double().failWhen(() => true, {
			status: 201,
			body: { ctx_id: 'c', data: { [`Bearer ${OUR_JWT}`]: 'seen', assistant_id: 'a-1', other: NEW_KEY } },
		});
		const { outputs } = await run(whatsappParameters(), 'continueRegularOutput');
		expect(outputs[0][0].json).toEqual({ 'Bearer ***': 'seen', assistant_id: 'a-1', other: NEW_KEY, ctx_id: 'c' });
	});
});

describe('a token that JSON escapes', () => {
	it('with " and \\ echoed in a success output is masked', async () => {
		// A " or \ at least every 14 characters: on the wire, no 15 of its characters are in a row.
		const token = 'ab"cdefghijk\\lmnopqrstuv"wxyz0123456\\789ABCDEFG"HIJ';
		double().state.token = token;
		double().failWhen(() => true, {
			respond: (request) => ({
				status: 201,
				body: { ctx_id: 'c', data: { assistant_id: 'a-1', name: 'Acme', debug: `seen ${request.authorization}` } },
			}),
		});
		const { outputs } = await runNode({
			node: { parameters: whatsappParameters(), onError: 'continueRegularOutput' },
			items: items({}),
			credentials: { token, baseUrl: double().url },
		});
		expect(double().state.requests[0].authorization).toBe(`Bearer ${token}`);
		expect(outputs[0][0].json).toEqual({ assistant_id: 'a-1', name: 'Acme', debug: 'seen Bearer ***', ctx_id: 'c' });
	});
});

describe('a token of digits', () => {
	it.each([
		['a short one, whole in a number', '4815162342'],
		['a long one, as a number that keeps 16 of its digits', '918273645546372819'],
	])('%s is masked in the number that spells it; other numbers stay numbers', async (_, token) => {
		double().state.token = token;
		double().failWhen(() => true, {
			status: 201,
			body: { ctx_id: 'c', data: { assistant_id: 'a-1', seen: Number(token), count: 42, short: 4815162 } },
		});
		const { outputs } = await runNode({
			node: { parameters: whatsappParameters(), onError: 'continueRegularOutput' },
			items: items({}),
			credentials: { token, baseUrl: double().url },
		});
		expect(outputs[0][0].json).toEqual({ assistant_id: 'a-1', seen: '***', count: 42, short: 4815162, ctx_id: 'c' });
	});
});

describe('an answer nested too deep to walk', () => {
	it('is an answer that cannot be read, shown masked and cut, never a network failure', async () => {
		const depth = 100_000;
		double().failWhen(() => true, {
			status: 201,
			body: `{"seen":"${OUR_JWT}","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`,
		});
		const { outputs } = await run(whatsappParameters(), 'continueRegularOutput');
		const { error } = outputs[0][0].json as { error: string };
		expect(error).toMatch(
			/^ContactSwing answered 201 but the response could not be read \(non-JSON response: \{"seen":"\*\*\*","deep":\[\[\[/,
		);
		expect(error.length).toBeLessThan(400);
	});
});

describe('masking costs one pass, whatever the token', () => {
	/** An opaque token of `length` characters (no JWT: all of it is secret). */
	const opaque = (length: number) => randomBytes(length).toString('base64url').slice(0, length);

	/** Agent → Create answered with about 4.9 MB that echo the request's Authorization throughout. */
	async function maskedRunMs(token: string): Promise<number> {
		double().reset();
		double().state.token = token;
		double().failWhen(() => true, {
			respond: (request) => {
				const echo = `seen ${request.authorization} here`;
				const count = Math.floor((4.9 * 1024 * 1024) / (echo.length + 3));
				return {
					status: 201,
					body: { ctx_id: 'c', data: { assistant_id: 'a-1', echoes: Array.from({ length: count }, () => echo) } },
				};
			},
		});
		const started = process.hrtime.bigint();
		const { outputs } = await runNode({
			node: { parameters: whatsappParameters(), onError: 'continueRegularOutput' },
			items: items({}),
			credentials: { token, baseUrl: double().url },
		});
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const echoes = outputs[0][0].json.echoes as string[];
		expect(echoes.length).toBeGreaterThan(1000);
		expect(echoes.every((echo) => echo === 'seen Bearer *** here')).toBe(true);
		return ms;
	}

	it('a 5 MB answer with a 4,000-character token takes under 2× the time of a 200-character one', async () => {
		const short = opaque(200);
		const long = opaque(4000);
		// Side by side, alternating, the fastest of three each: one run's ratio, not an absolute time.
		const times: Record<string, number[]> = { short: [], long: [] };
		for (let round = 0; round < 3; round++) {
			times.short.push(await maskedRunMs(short));
			times.long.push(await maskedRunMs(long));
		}
		const ratio = Math.min(...times.long) / Math.min(...times.short);
		expect(ratio).toBeLessThan(2);
	}, 120_000);
});

describe('every piece of the secret is masked, however often the token repeats itself', () => {
	/**
	 * The definition, the slow way: every longest run of the text that is also in the token and
	 * holds 15 or more characters of its secret part (from `secretFrom`) becomes one `***`.
	 */
	function maskedSlowly(token: string, secretFrom: number, text: string): string {
		const hidden = new Array<boolean>(text.length).fill(false);
		for (let i = 0; i < text.length; i++) {
			for (let k = 0; k < token.length; k++) {
				if (text[i] !== token[k] || (i > 0 && k > 0 && text[i - 1] === token[k - 1])) continue;
				let length = 0;
				while (i + length < text.length && text[i + length] === token[k + length]) length++;
				if (k + length - Math.max(k, secretFrom) >= 15) hidden.fill(true, i, i + length);
			}
		}
		return text.replace(/./gs, (char, at: number) => (!hidden[at] ? char : hidden[at - 1] ? '' : '***'));
	}

	// Tokens of two letters repeat every 8-character block many times (the scan's index of blocks).
	const letters = fc.array(fc.constantFrom('a', 'b'), { minLength: 15, maxLength: 60 }).map((chars) => chars.join(''));
	const echoes = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 6 });
	/** `noise` with pieces of `token` put in at places the numbers choose. */
	const echoed = (token: string, noise: string, cuts: Array<[number, number, number]>) =>
		cuts.reduce((text, [from, length, at]) => {
			const start = from % token.length;
			const piece = token.slice(start, start + (length % (token.length - start + 1)));
			const place = at % (text.length + 1);
			return text.slice(0, place) + piece + text.slice(place);
		}, noise);

	it.each([
		['an opaque token', (secret: string) => ({ token: secret, secretFrom: 0 })],
		[
			'a JWT (its signature is the secret)',
			(secret: string) => ({
				token: `${HS256_HEADER}.eyJzdWIiOiJ1In0.${secret}`,
				secretFrom: HS256_HEADER.length + 17,
			}),
		],
	])('%s', (_, make) => {
		fc.assert(
			fc.property(letters, letters, echoes, (secret, noise, cuts) => {
				const { token, secretFrom } = make(secret);
				const text = echoed(token, noise, cuts);
				expect(new TokenMask(token).masked(text)).toBe(maskedSlowly(token, secretFrom, text));
			}),
			{ numRuns: 2000 },
		);
	});
});
