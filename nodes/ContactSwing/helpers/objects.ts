import type { IDataObject } from 'n8n-workflow';

/** Sets `value` at a dotted path such as `additional_settings.idle_time`, creating objects on the way. */
export function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		node[key] = (node[key] as IDataObject | undefined) ?? {};
		node = node[key] as IDataObject;
	}
	const last = keys[keys.length - 1];
	const existing = node[last];
	node[last] = (
		isObject(existing) && isObject(value) ? deepMerge(existing, value) : value
	) as IDataObject[keyof IDataObject];
}

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `source` into `target` (a fresh object): objects merge key by key, anything else replaces. */
export function deepMerge(target: IDataObject, source: IDataObject): IDataObject {
	const merged: IDataObject = { ...target };
	for (const [key, value] of Object.entries(source)) {
		const current = merged[key];
		merged[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
	}
	return merged;
}

/** Keeps the named keys of a record, in that order, leaving out the ones it does not have. */
export function onlyKeys(...keys: string[]) {
	return (record: IDataObject): IDataObject =>
		Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]]));
}
