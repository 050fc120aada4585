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
