'use strict';
/**
 * An upload endpoint for the memory and early-answer tests: a server on 127.0.0.1 that takes
 * Knowledge Base → Update's multipart PUTs without holding them (it counts their bytes and drops
 * them), counts the uploads in flight, and can answer before an upload ends, as a proxy with a
 * request size limit does. Kept apart from the double, which reads each request whole.
 */
const http = require('node:http');

/**
 * @param {{ latencyMs?: number, early?: { status: number, body: object }, closeAfterBytes?: number }} [behaviour]
 *   latencyMs: answer 200 this long after the upload ends;
 *   early: answer this at once, before reading the body, then close the connection (Cloud Run's 413);
 *   closeAfterBytes: close the connection without an answer once this many bytes arrived.
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
			res.writeHead(status, { 'content-type': 'application/json', ...headers });
			return JSON.stringify(body);
		};
		if (behaviour.early) {
			const { status, body } = behaviour.early;
			// The answer, then the connection closed with the body unread: the client's writes meet a reset.
			return res.end(json(status, body, { connection: 'close' }), () => req.socket.destroy());
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
