import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

/** The types the transport's modules share: what a request is, what came back, how it failed. */

/** One request to ContactSwing, as an operation asks for it. */
export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Sent as multipart/form-data instead of JSON: text fields (repeated for arrays) and files. */
	multipart?: {
		fields: Array<[string, string]>;
		files: Array<{ field: string; fileName: string; mimeType: string; content: FileContent }>;
	};
	/** The docs show no response for this endpoint: an empty 2xx is a success. */
	emptyResponseOk?: boolean;
}

/**
 * A file to upload and its exact size: the item's base64 (n8n's in-memory binary data), or a
 * reading of n8n's binary data store (filesystem, S3 or database mode).
 */
export type FileContent = { size: number } & ({ base64: string } | { read: () => AsyncIterable<Buffer> });

/** What came back: the status, the headers and the body. */
export interface Answer {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, the text when it is not JSON, '' when empty, or TOO_LARGE. */
	body: unknown;
}

/** What is kept of a failed exchange: its code and message, never the HTTP client's request (it holds the JWT). */
export interface NetworkFailure {
	code?: string;
	message: string;
	timedOut?: boolean;
}
