'use strict';
/**
 * An upload endpoint for the memory and early-answer tests: a server on 127.0.0.1 that takes
 * Knowledge Base → Update's multipart PUTs without holding them (it counts their bytes and drops
 * them), counts the uploads in flight, and can answer before an upload ends, as a proxy with a
 * request size limit does. Kept apart from the double, which reads each request whole.
 */
const http = require('node:http');

/**
 * @param {{ latencyMs?: number, early?: { status: number, body: object, reset?: boolean }, closeAfterBytes?: number, closeAtEnd?: boolean }} [behaviour]
 *   latencyMs: answer 200 this long after the upload ends;
 *   early: answer this at once, before reading the body (a proxy's 413), then read the rest of the
 *     body and close, as RFC 9112 §9.6 asks of a server that closes (nginx's lingering close); with
 *     `reset`, close at once instead, the body unread, so that the client's sends meet a reset;
 *   closeAfterBytes: close the connection without an answer once this many bytes arrived;
 *   closeAtEnd: read the whole upload, then close the connection without an answer (a server that
 *     may have stored the files, then failed before it answered).
 */
function createUploadSink(behaviour = {}) {
	/** `ends`: the last 4 bytes of each upload, in turn (a multipart body ends with "--\r\n"). */
	const state = { uploads: 0, inFlight: 0, maxInFlight: 0, bytes: 0, ends: [] };
	const server = http.createServer((req, res) => {
		state.uploads++;
		state.inFlight++;
		state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
		res.on('close', () => state.inFlight--);
		const json = (status, body, headers = {}) => {
			const text = JSON.stringify(body);
			res.writeHead(status, {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(text),
				...headers,
			});
			return text;
		};
		if (behaviour.early) {
			const { status, body, reset } = behaviour.early;
			const text = json(status, body, { connection: 'close' });
			if (reset) return res.end(text, () => req.socket.destroy());
			res.write(text);
			req.on('end', () => res.end());
			return req.resume();
		}
		let received = 0;
		let end = Buffer.alloc(0);
		req.on('data', (chunk) => {
			received += chunk.length;
			end = Buffer.concat([end, chunk.subarray(-4)]).subarray(-4);
			state.bytes += chunk.length;
			if (behaviour.closeAfterBytes !== undefined && received >= behaviour.closeAfterBytes) req.socket.destroy();
		});
		req.on('end', () => {
			state.ends.push(end.toString('latin1'));
			if (behaviour.closeAtEnd) return req.socket.destroy();
			const answer = () => res.end(json(200, { data: { id: 'kb-1', received }, message: 'Knowledge base updated' }));
			setTimeout(answer, behaviour.latencyMs ?? 0).unref();
		});
	});
	return {
		state,
		get url() {
			return `http://127.0.0.1:${server.address().port}`;
		},
		start() {
			return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(this)));
		},
		stop() {
			return new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			});
		},
	};
}

module.exports = { createUploadSink };

// Run as a child process (`fork(this file, [JSON behaviour])`): a server in another process, where
// the client meets the server's close as it would over a network. It sends its URL, then serves
// until it is killed.
if (require.main === module) {
	createUploadSink(JSON.parse(process.argv[2] ?? '{}'))
		.start()
		.then((sink) => process.send?.(sink.url));
}
