/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test and demo code; it never ships */
/**
 * n8n-core keeps its settings (an encryption key, an instance ID) in the n8n user folder, which is
 * ~/.n8n unless N8N_USER_FOLDER says otherwise. The tests and the demo are not an n8n install, so
 * they get a folder of their own in the temp directory, removed when the process ends, and the
 * user's home is never written. Imported before n8n-core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(path.join(tmpdir(), 'contactswing-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
