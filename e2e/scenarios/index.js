'use strict';
/**
 * The end-to-end scenarios, in the order they run on each host. Each module exports
 * `{ name, hosts?, skip?, run(context) }` (see CONTRIBUTING.md, "Adding a scenario"): `hosts(host)`
 * says where it applies (all hosts when absent), `skip(host)` returns why it is switched off.
 * Keep secrets.js last: it searches what every scenario before it left.
 */
module.exports = {
	SCENARIOS: [
		require('./examples'),
		require('./custom-call'),
		require('./manual-install'),
		require('./ai-agent'),
		require('./queue'),
		require('./editor'),
		require('./redelivery'),
		require('./browser'),
		require('./secrets'),
	],
};
