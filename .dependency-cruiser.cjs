/**
 * The import graph of the node and the credential (`npm run lint`): no circles, and no arrow back
 * up the layers node → router → resources → operations → transport → helpers. Type-only imports
 * count: a circle through a type is still a circle for the reader.
 */
const NODE = '^nodes/ContactSwing';
module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'A module must not reach itself through its imports.',
			from: {},
			to: { circular: true },
		},
		{
			name: 'transport-and-helpers-stay-below-actions',
			severity: 'error',
			comment:
				'The transport and the helpers serve the operations; they never import from them or from the editor methods.',
			from: { path: `${NODE}/(transport|helpers)/` },
			to: { path: `${NODE}/(actions|methods)/|${NODE}/ContactSwing\\.node` },
		},
		{
			name: 'helpers-stay-below-transport',
			severity: 'error',
			comment: 'The helpers read and shape values; they never send anything.',
			from: { path: `${NODE}/helpers/` },
			to: { path: `${NODE}/transport/` },
		},
		{
			name: 'credential-uses-only-the-base-url-and-the-signature',
			severity: 'error',
			comment:
				"The credential shares the node's Base URL (its default) and how requests are signed, nothing else; the rules are the node's and its Test's.",
			from: { path: '^credentials/' },
			to: { path: `${NODE}/`, pathNot: `${NODE}/transport/(baseUrl|authorization)\\.ts$` },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
	},
};
