/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code runs the memory probe as a child process; it never ships */
/**
 * Memory bounded in bytes. Return All and Limit keep only what they output, and stop with a message
 * before an execution's lists keep more than MAX_LIST_OUTPUT_MB. A Knowledge Base upload holds its
 * file once, at most two uploads are in flight per execution, and a server that answers before an
 * upload ends is heard. Peak RSS is measured in a child process that runs only the node
 * (test/harness/memory-probe.ts), against the double or the upload sink in this one.
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { BinaryDataService, FileLocation } from 'n8n-core';

import { largeList } from './double/large';
import { createUploadSink } from './double/uploads';
import { loadOptions, runNode } from './harness/engine';
import { credentialsFor, FAKE_JWT, items, until, useDouble } from './harness/fixtures';
import type { Probe, ProbeResult } from './harness/memory-probe';
import { Execution } from '../nodes/ContactSwing/transport/execution';
import { MAX_LIST_OUTPUT_MB } from '../nodes/ContactSwing/transport/pagination';

const root = path.resolve(__dirname, '..');
const MB = 1024 * 1024;

/** Runs `probe` in a child process (ts-node, as `npm run demo` runs): its peak RSS, error and output. */
async function probeMemory(probe: Probe): Promise<ProbeResult> {
	const child = spawn(
		process.execPath,
		[
			'--expose-gc',
			require.resolve('ts-node/dist/bin'),
			'--transpile-only',
			'--prefer-ts-exts',
			'-P',
			'test/tsconfig.json',
			'test/harness/memory-probe.ts',
			JSON.stringify(probe),
		],
		// Killed past jest's own timeout for the test: a probe never outlives its test.
		{ cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 100_000 },
	);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
	if (status !== 0) throw new Error(`the memory probe failed (${status}): ${output}`);
	return JSON.parse(output.trim().split('\n').pop()!) as ProbeResult;
}

const customers = (parameters: Probe['node']['parameters'] = {}) => ({
	parameters: { resource: 'customer', operation: 'getAll', returnAll: true, ...parameters },
});
/** Knowledge Base → Update, its files from each item's `data` binary field. */
const knowledgeBaseUpdate = {
	parameters: { resource: 'knowledgeBase', operation: 'update', knowledgeBaseId: 'kb-1', files: 'data' },
};

const CAP_MESSAGE = `this execution's lists passed ${MAX_LIST_OUTPUT_MB} MB, the most the node keeps`;
const CAP_ADVICE = 'Turn off Return All and set a Limit, or filter the list';
/**
 * The cap, what is being read when it is reached (a page and its parse) and the engine's own (with
 * every module of the node loaded, a list kept up to the cap peaked at 388 MB). Without the cap these
 * runs pass 1 GB.
 */
const LIST_RSS_BOUND_MB = 3.5 * MAX_LIST_OUTPUT_MB;

describe('Return All and Limit are bounded in bytes', () => {
	const double = useDouble();
	jest.setTimeout(90_000);

	/** Get Many customers over `list`'s pages, in the probe: its outputs, error and peak RSS. */
	const listInProbe = async (list: ReturnType<typeof largeList>, parameters?: Probe['node']['parameters']) => {
		double().failWhen((r) => r.path === '/v2/_customers', list);
		return await probeMemory({
			node: customers(parameters),
			items: items({}),
			credentials: credentialsFor(double()),
			boundMb: LIST_RSS_BOUND_MB,
		});
	};

	it(`Return All over 1,000 pages of 5 MB stops with the byte cap, within ${LIST_RSS_BOUND_MB} MB of RSS`, async () => {
		const { error, peakMb } = await listInProbe(largeList({ pages: 1000 }));
		expect(error?.message).toContain(CAP_MESSAGE);
		// 128 MB of 50,000-character names is 2,684 records: on the 27th page.
		expect(error?.message).toMatch(/^ContactSwing's list \/v2\/_customers is too large to output: at page 27 /);
		expect(error?.description).toContain(CAP_ADVICE);
		expect(double().state.requests).toHaveLength(27);
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it('the cap counts bytes: records of text outside Latin-1 (3 bytes of UTF-8 a character) reach it 3 times sooner', async () => {
		// 16,000 CJK characters a record: 48,000 bytes of UTF-8 (as n8n saves and sends the output), twice
		// 16,000 in V8's strings. Counted as characters, the node kept 8,321 records (at page 84): 384 MB of
		// UTF-8, 256 MB of strings held, for a cap that says 128 MB.
		const { error, peakMb } = await listInProbe(largeList({ pages: 1000, recordChars: 16_000, char: '\u5b57' }));
		expect(error?.message).toContain(CAP_MESSAGE);
		// 128 MB over 48,130 bytes a record (its JSON and the 100 of n8n's item) is 2,788 records: on the 28th page.
		expect(error?.message).toMatch(/ at page 28 \(2788 records\) /);
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it('Limit is bounded the same way', async () => {
		const { error, peakMb } = await listInProbe(largeList({ pages: 1000 }), { returnAll: false, limit: 20_000 });
		expect(error?.message).toContain(CAP_MESSAGE);
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it('Simplify keeps only the output of each page: 1 GB of records read, their IDs kept', async () => {
		const { outputs, error, peakMb } = await listInProbe(
			largeList({ pages: 200, recordChars: 50_000, field: 'notes' }),
		);
		expect(error).toBeUndefined();
		expect(outputs).toEqual({ length: 20_000, first: { id: 'large-1-0' }, last: { id: 'large-200-99' } });
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it(`many tiny records: each counts what n8n holds for it, not only its JSON (within ${LIST_RSS_BOUND_MB} MB of RSS)`, async () => {
		// 120,000 records of 35 characters a page (4.3 MB): 128 MB of their JSON alone is 3.8 million records,
		// which held 1.35 GB (174 bytes each, against their 30).
		const { error, peakMb } = await listInProbe(largeList({ pages: 1000, perPage: 120_000, recordChars: 1 }));
		expect(error?.message).toContain(CAP_MESSAGE);
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it('a record a later page brings again counts once: 98 MB of distinct records, read as 196 MB, are output', async () => {
		// 40 pages, each with its 50 records and the 50 of the page before (4.9 MB).
		const { outputs, error, peakMb } = await listInProbe(
			largeList({ pages: 40, perPage: 50, recordChars: 49_000, repeat: true }),
		);
		expect(error).toBeUndefined();
		expect(outputs).toMatchObject({ length: 2000, first: { id: 'large-1-0' }, last: { id: 'large-40-49' } });
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it('records without an ID count what tells them apart (all their fields), even when Simplify keeps little', async () => {
		const { error, peakMb } = await listInProbe(
			largeList({ pages: 1000, recordChars: 50_000, field: 'notes', ids: false }),
		);
		expect(error?.message).toContain(CAP_MESSAGE);
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it('a dropdown ends quietly at the byte cap, with the records so far, as at its page cap', async () => {
		// 20 pages (the dropdown's cap) of 120,000 actions: 2.4 million options for the editor (2.4 million shown on the branch, a byte-cap error once records carried their overhead).
		double().failWhen((r) => r.path === '/v2/_actions', largeList({ pages: 1000, perPage: 120_000, recordChars: 1 }));
		const options = (await loadOptions('getActions', {
			node: { parameters: {} },
			credentials: credentialsFor(double()),
		})) as unknown[];
		expect(options.length).toBeGreaterThan(100_000);
		expect(options.length).toBeLessThan((MAX_LIST_OUTPUT_MB * MB) / 100);
		expect(double().state.requests.length).toBeLessThan(20);
	});

	it("a failed item's records no longer count: the next item may keep up to the cap", async () => {
		double().failWhen((r) => r.path === '/v2/_customers', largeList({ pages: 1000 }));
		const { outputs, peakMb } = await probeMemory({
			node: {
				...customers({
					returnAll: '={{ $json.all }}',
					limit: '={{ $json.limit }}',
					options: { parallelRequests: 1 },
				}),
				onError: 'continueRegularOutput',
			},
			items: items({ all: true, limit: 1 }, { all: false, limit: 2000 }),
			credentials: credentialsFor(double()),
			boundMb: LIST_RSS_BOUND_MB,
		});
		expect((outputs.first as { error: string }).error).toContain(CAP_MESSAGE);
		expect(outputs.last).toEqual({ id: 'large-20-99', name: expect.any(String) });
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
		// 2,000 records of 50,000 characters: 95 MB, which fits only once the first item's 128 MB are let go.
		expect(outputs.length).toBe(1 + 2000);
	});
});

describe('Knowledge Base uploads stay within memory', () => {
	jest.setTimeout(120_000);
	let sink: ReturnType<typeof createUploadSink> | undefined;
	afterEach(async () => {
		await sink?.stop();
		sink = undefined;
	});

	const node = knowledgeBaseUpdate;
	const sinkFor = async (behaviour: Parameters<typeof createUploadSink>[0]) => {
		const started = await createUploadSink(behaviour).start();
		sink = started;
		return { token: FAKE_JWT, baseUrl: started.url };
	};
	const fileOf = (mb: number) => [
		{
			json: {},
			binary: {
				data: {
					data: Buffer.alloc(mb * MB, 'contactswing ').toString('base64'),
					mimeType: 'application/pdf',
					fileName: 'guide.pdf',
				},
			},
		},
	];

	it('a 192 MB file adds at most 1.5 times its size in RSS', async () => {
		const { outputs, error, peakMb } = await probeMemory({
			node,
			items: { count: 1, fileMb: 192 },
			credentials: await sinkFor({}),
			boundMb: 1.5 * 192,
		});
		expect(error).toBeUndefined();
		expect(outputs.first).toMatchObject({ received: expect.any(Number) });
		expect((outputs.first as { received: number }).received).toBeGreaterThan(192 * MB);
		expect(peakMb).toBeLessThan(1.5 * 192);
	});

	it('10 items of 48 MB at the default Parallel Requests (100): at most 2 uploads in flight', async () => {
		const { outputs, error, peakMb } = await probeMemory({
			node,
			items: { count: 10, fileMb: 48 },
			credentials: await sinkFor({ latencyMs: 200 }),
			boundMb: 8 * 48,
		});
		expect(error).toBeUndefined();
		expect(outputs.length).toBe(10);
		expect(sink!.state.uploads).toBe(10);
		expect(sink!.state.maxInFlight).toBe(2);
		// Two bodies in flight, each the one copy of its file, and the bodies of uploads that ended, which
		// the garbage collector frees in its own time (measured: 194-238 MB alone, past 288 once in a full
		// npm test on two busy cores; 985 MB before, every item at once).
		expect(peakMb).toBeLessThan(8 * 48);
	});

	it('a cancelled execution stops waiting for an upload turn at once', async () => {
		const credentials = await sinkFor({ latencyMs: 60_000 });
		const started = Date.now();
		const { error } = await runNode({
			node,
			items: [...fileOf(1), ...fileOf(1), ...fileOf(1)],
			credentials,
			// Two uploads in flight (the server holds their answers), the third waiting for its turn: Stop.
			onStart: ({ cancel }) => void until(() => sink!.state.inFlight === 2).then(cancel),
		});
		expect(error?.message).toMatch(/cancel/i);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(sink!.state.uploads).toBe(2);
	});

	/**
	 * The sink in another process, where the client meets the server's close as it would over a
	 * network (in this process the answer always wins the race). `runs` uploads of 64 MB, one after
	 * another; the messages they end with.
	 */
	async function earlyAnswers(early: { status: number; body: object; reset?: boolean }, runs: number) {
		const child = fork(require.resolve('./double/uploads'), [JSON.stringify({ early })], { stdio: 'ignore' });
		try {
			const url = await new Promise<string>((resolve, reject) => {
				child.once('message', (message) => resolve(String(message)));
				child.once('exit', () => reject(new Error('the upload sink stopped before it started')));
			});
			const credentials = { token: FAKE_JWT, baseUrl: url };
			const file = fileOf(64);
			const errors: Array<{ message: string; description: string }> = [];
			for (let run = 0; run < runs; run++) {
				const { error } = await runNode({ node, items: file, credentials });
				errors.push({ message: String(error?.message), description: String(error?.description) });
			}
			return errors;
		} finally {
			child.kill();
		}
	}

	it('an early 413 from a server that reads the rest before it closes is reported as a 413 in 20 of 20 runs', async () => {
		const errors = await earlyAnswers({ status: 413, body: { detail: 'Request Entity Too Large' } }, 20);
		expect(errors.map((error) => error.message)).toEqual(
			Array(20).fill('ContactSwing answered 413: Request Entity Too Large [item 0]'),
		);
	});

	// A server that resets the connection right after its answer, the body unread: n8n's HTTP client
	// (Node's http module, as any Node client) then often fails its send before it reads the answer,
	// and that answer is gone. The node cannot report a status it never got; it must not say the
	// upload may have been carried out either.
	it('an early 413 followed by a reset is reported as a 413 or as an upload the server stopped, never as an unknown outcome', async () => {
		const errors = await earlyAnswers({ status: 413, body: { detail: 'Request Entity Too Large' }, reset: true }, 20);
		for (const error of errors) {
			if (error.message === 'ContactSwing answered 413: Request Entity Too Large [item 0]') continue;
			expect(error.message).toBe(
				'No response from ContactSwing: the server stopped the upload before it finished [item 0]',
			);
			expect(error.description).toMatch(/so they were probably not stored/);
			expect(error.description).not.toMatch(/outcome is unknown/i);
		}
	});

	it('a connection closed mid-upload says the server stopped the upload before it finished', async () => {
		const { error } = await runNode({ node, items: fileOf(32), credentials: await sinkFor({ closeAfterBytes: MB }) });
		expect(error?.message).toBe(
			'No response from ContactSwing: the server stopped the upload before it finished [item 0]',
		);
		expect(error?.description).toMatch(
			/^ContactSwing, or a proxy before it, closed the connection while the files were being sent/,
		);
	});

	// The whole upload arrived: the server may have stored the files before it failed, so the item must not
	// say they were probably not stored (a user who runs it again would add them twice).
	it('a connection closed after the whole upload, without an answer, is an unknown outcome, not a stopped upload', async () => {
		const { error } = await runNode({ node, items: fileOf(4), credentials: await sinkFor({ closeAtEnd: true }) });
		expect(sink!.state.bytes).toBeGreaterThan(4 * MB);
		expect(sink!.state.ends).toEqual(['--\r\n']);
		expect(error?.message).toBe(
			'No response from ContactSwing: the connection was closed before an answer arrived [item 0]',
		);
		expect(error?.description).toMatch(/^The outcome is unknown: ContactSwing may have carried out the request/);
		expect(error?.description).not.toMatch(/probably not stored/);
	});
});

describe('a file is read into the upload whole', () => {
	const double = useDouble();

	it("base64 with line breaks (MIME's 76 characters a line) arrives byte for byte", async () => {
		const text = 'Ünïcode ✓ guide, '.repeat(500);
		const base64 = Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n');
		const { outputs, error } = await runNode({
			node: knowledgeBaseUpdate,
			items: [{ json: {}, binary: { data: { data: base64, mimeType: 'text/plain', fileName: 'guide.txt' } } }],
			credentials: credentialsFor(double()),
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.document_count).toBe(1);
		const { files } = double().state.requests[0].body as { files: Array<{ text: string }> };
		expect(files.map((file) => file.text)).toEqual([text]);
	});

	it('the body ends where the multipart ends: nothing after its closing boundary', async () => {
		const text = 'guide '.repeat(100);
		const base64 = Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\n');
		const sink = await createUploadSink({}).start();
		try {
			const { error } = await runNode({
				node: knowledgeBaseUpdate,
				items: [{ json: {}, binary: { data: { data: base64, mimeType: 'text/plain', fileName: 'guide.txt' } } }],
				credentials: { token: FAKE_JWT, baseUrl: sink.url },
			});
			expect(error).toBeUndefined();
			expect(sink.state.ends).toEqual(['--\r\n']);
		} finally {
			await sink.stop();
		}
	});
});

describe("a file in n8n's binary data store is read by stream into the upload", () => {
	const double = useDouble();
	// n8n-core's own container (the package's copy of @n8n/di), where its helpers find the store.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require(
		require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] }),
	) as typeof import('@n8n/di');
	const service = Container.get(BinaryDataService);
	const config = (service as unknown as { config: { mode: string; localStoragePath: string } }).config;
	let folder: string;
	beforeAll(async () => {
		folder = mkdtempSync(path.join(tmpdir(), 'contactswing-binary-data-'));
		Object.assign(config, { mode: 'filesystem', localStoragePath: folder });
		await service.init();
	});
	afterAll(async () => {
		config.mode = 'default';
		await service.init();
		rmSync(folder, { recursive: true, force: true });
	});

	const text = 'Ünïcode guide ✓ '.repeat(400);
	/** Knowledge Base → Update with `text` from the store, its metadata's fileSize made `fileSize(trueSize)`. */
	async function upload(fileSize: (size: number) => unknown) {
		const binary = await service.store(FileLocation.ofExecution('wf', '1'), Buffer.from(text), {
			data: '',
			mimeType: 'text/plain',
			fileName: 'guide.txt',
		});
		const metadataPath = path.join(folder, `${binary.id!.split(':')[1]}.metadata`);
		const metadata = JSON.parse(readFileSync(metadataPath, 'utf8')) as { fileSize: number };
		writeFileSync(metadataPath, JSON.stringify({ ...metadata, fileSize: fileSize(metadata.fileSize) }));
		return await runNode({
			node: knowledgeBaseUpdate,
			items: [{ json: {}, binary: { data: binary } }],
			credentials: credentialsFor(double()),
		});
	}

	// Metadata written before n8n recorded sizes, an S3 HEAD without Content-Length (n8n reads 0 or NaN).
	it.each([
		['its true size', (size: number) => size],
		['a size larger than the file', (size: number) => size + 1000],
		['no size', () => undefined],
		['a size of 0', () => 0],
		['a size that is text', (size: number) => String(size)],
	])('metadata with %s: the file arrives byte for byte', async (_, fileSize) => {
		const { outputs, error } = await upload(fileSize);
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.document_count).toBe(1);
		const { files } = double().state.requests[0].body as { files: Array<{ text: string }> };
		expect(files.map((file) => file.text)).toEqual([text]);
	});

	it('a store that gives more than its metadata said: the item fails and nothing is sent', async () => {
		const { error } = await upload((size) => size - 1);
		expect(error?.message).toBe('A file grew while it was read for the upload. Run the item again. [item 0]');
		expect(double().state.requests).toHaveLength(0);
	});
});

describe("an execution's upload turns", () => {
	const never = () => new Promise<never>(() => {});

	it('a cancelled execution stops waiting for a turn at once, though the uploads in flight have not ended', async () => {
		// (Through the engine, the uploads in flight end at the cancel too, and their turns would wake the waiter.)
		const controller = new AbortController();
		const execution = Execution.withOptions({}, controller.signal);
		void execution.upload(never);
		void execution.upload(never);
		let sent = false;
		const third = execution.upload(async () => (sent = true));
		controller.abort();
		await expect(third).rejects.toThrow(/cancel/i);
		expect(sent).toBe(false);
	}, 5000);

	it('an execution already cancelled never starts an upload, though a turn is free', async () => {
		const controller = new AbortController();
		const execution = Execution.withOptions({}, controller.signal);
		controller.abort();
		let sent = false;
		await expect(execution.upload(async () => (sent = true))).rejects.toThrow(/cancel/i);
		expect(sent).toBe(false);
	}, 5000);

	it('an upload that throws gives its turn back', async () => {
		const execution = Execution.withOptions();
		const failing = async () => {
			throw new Error('the file could not be read');
		};
		await expect(execution.upload(failing)).rejects.toThrow('the file could not be read');
		await expect(execution.upload(failing)).rejects.toThrow('the file could not be read');
		await expect(execution.upload(async () => 'sent')).resolves.toBe('sent');
	}, 5000);

	it('two in flight, the others in turn, each as a turn is given back', async () => {
		const execution = Execution.withOptions();
		const ends: Array<() => void> = [];
		const started: number[] = [];
		const uploads = [0, 1, 2, 3].map((n) =>
			execution.upload(async () => {
				started.push(n);
				await new Promise<void>((resolve) => ends.push(resolve));
			}),
		);
		await new Promise(setImmediate);
		expect(started).toEqual([0, 1]);
		ends[0]();
		await new Promise(setImmediate);
		expect(started).toEqual([0, 1, 2]);
		ends[1]();
		ends[2]();
		await new Promise(setImmediate);
		ends[3]();
		await Promise.all(uploads);
		expect(started).toEqual([0, 1, 2, 3]);
	}, 5000);
});
