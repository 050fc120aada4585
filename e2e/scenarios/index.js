'use strict';
/**
 * The end-to-end scenarios, by file name, in the order they run on each host. Each module exports
 * `{ name, hosts?, skip?, run(context) }` (see CONTRIBUTING.md, "Adding a scenario"): `hosts(host)`
 * says where it applies (all hosts when absent), `skip(host)` returns why it is switched off.
 * Keep secrets last: it searches what every scenario before it left.
 */
const ORDER = [
	'examples',
	'custom-call',
	'manual-install',
	'ai-agent',
	'human-review',
	'dry-run',
	'queue',
	'editor',
	'other-jwt',
	'redelivery',
	'hostile',
	'fail-fast',
	'soak',
	'browser',
	'editor-dry-run',
	'new-user',
	'pick-credential',
	'secrets',
];

module.exports = { SCENARIOS: ORDER.map((file) => ({ file, ...require(`./${file}`) })) };
