// Copies what tsc does not emit: the SVG icons (and the codex JSON, kept beside its node).
const { src, dest } = require('gulp');

function copyIcons() {
	return src(['icons/**/*.svg', 'nodes/**/*.svg', 'credentials/**/*.svg', 'nodes/**/*.node.json'], {
		base: '.',
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
