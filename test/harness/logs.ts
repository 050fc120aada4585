/* eslint-disable @typescript-eslint/no-require-imports, @n8n/community-nodes/no-restricted-imports -- test code: n8n-core's own copy of its logger, never shipped */
import { ErrorReporter } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';

/**
 * Captures what n8n logs about a run: its ErrorReporter (node errors, with their causes) and its
 * LoggerProxy. `restore` puts the real ones back.
 */
export function captureN8nLogs(): { logged: unknown[]; restore: () => void } {
	const logged: unknown[] = [];
	const capture = (...args: unknown[]) => void logged.push(args);
	const spies = [
		jest.spyOn(ErrorReporter.prototype, 'error').mockImplementation(capture),
		...(['error', 'warn', 'info', 'debug'] as const).map((level) =>
			jest.spyOn(LoggerProxy, level).mockImplementation(capture),
		),
	];
	return { logged, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

type LogMethod = (message: string, metadata?: unknown) => void;

/**
 * n8n's logger as n8n-core hands it to a node (`this.logger`): the one of n8n-core's own copies of
 * @n8n/di and @n8n/backend-common, which are not the ones a test would import.
 */
export function nodeLogger(): Record<'error' | 'warn' | 'info' | 'debug', LogMethod> {
	const paths = [require.resolve('n8n-core')];
	const { Container } = require(require.resolve('@n8n/di', { paths }));
	const { Logger } = require(require.resolve('@n8n/backend-common', { paths }));
	return Container.get(Logger);
}
