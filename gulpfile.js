// The build's steps besides tsc: clear dist/ first, so nothing stale ships, then copy what tsc
// does not emit (the SVG icons and the codex JSON, kept beside its node).
const { rm } = require('node:fs/promises');
const { src, dest } = require('gulp');

function clean() {
	return rm('dist', { recursive: true, force: true });
}

function copyIcons() {
	return src(['icons/**/*.svg', 'nodes/**/*.svg', 'credentials/**/*.svg', 'nodes/**/*.node.json'], {
		base: '.',
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = copyIcons;
