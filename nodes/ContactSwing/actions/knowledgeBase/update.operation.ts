import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { contactSwingRequest } from '../../transport';
import type { Execution } from '../../transport/execution';
import type { FileContent } from '../../transport/types';
import { extraBody, fieldProperties, inVersion1Only } from '../common/properties';
import { fillPath, nothingToUpdate, unwrap } from '../common/request';
import type { Field } from '../../helpers/fields';
import { listField, rowsField, stringField } from '../../helpers/fields';
import { collectFields } from '../../helpers/fieldValues';
import { deepMerge } from '../../helpers/objects';
import { required, stringList, text } from '../../helpers/parsers';

const show = { resource: ['knowledgeBase'], operation: ['update'] };

const knowledgeBaseId: Field = stringField({
	displayName: 'Knowledge Base ID',
	name: 'knowledgeBaseId',
	description: 'ID of the knowledge base to update',
	apiPath: 'knowledge_base_id',
	in: 'path',
	parse: required(text),
});

/** The documents to upload, as n8n's own nodes name a file: the input's binary fields. */
const filesField = listField({
	displayName: 'Input Binary Field(s)',
	name: 'files',
	placeholder: 'e.g. data',
	description: 'The documents to add to the knowledge base',
	hint: 'The names of the binary fields of the input item that hold the files, comma-separated (e.g. data, attachment). Leave empty to upload nothing.',
	apiPath: 'files',
});

/** Version 1's second list of files, sent as the API's `uploaded_files` ("more files"): `files` takes them all. */
const uploadedFilesField = inVersion1Only(
	listField({
		displayName: 'Uploaded Files: Input Data Field Names',
		name: 'uploadedFiles',
		default: 'data',
		placeholder: 'e.g. data, attachment',
		description: 'More documents to upload: the names of the input fields that hold them, comma-separated',
		apiPath: 'uploadedFiles',
	}),
);

const updateFields: Field[] = [
	rowsField({
		displayName: 'FAQs',
		name: 'faqs',
		row: { displayName: 'FAQ', name: 'faq' },
		placeholder: 'Add FAQ',
		description: 'Questions and answers the agent can use',
		apiPath: 'faqs',
		fields: [
			stringField({
				displayName: 'Question',
				name: 'question',
				apiPath: 'question',
				parse: required(text),
			}),
			stringField({
				displayName: 'Answer',
				name: 'answer',
				typeOptions: { rows: 2 },
				apiPath: 'answer',
				parse: required(text),
			}),
		],
		shape: (faqs: IDataObject[]) => faqs.map(({ question, answer }) => `Q: ${question}|A: ${answer}`),
	}),
	stringField({
		displayName: 'Name',
		name: 'name',
		description: 'New name of the knowledge base',
		apiPath: 'name',
	}),
	uploadedFilesField,
	stringField({
		displayName: 'URLs',
		name: 'urls',
		description: 'Pages or documents to add, comma-separated',
		apiPath: 'urls',
		parse: stringList,
	}),
];

const collection = { name: 'updateFields', displayName: 'Update Fields' };

export const description: INodeProperties[] = fieldProperties(show, [knowledgeBaseId], updateFields, collection, [
	filesField,
]);

interface PreparedUpdate {
	path: string;
	fields: Array<[string, string]>;
	binaries: Array<{ field: string; property: string }>;
}

/**
 * Reads the fields and checks each named binary field exists on the item; the bytes are read when
 * sending. Extra Body's keys are sent as form fields after the others, and win over them.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedUpdate {
	const { body, path } = collectFields(
		this,
		itemIndex,
		[knowledgeBaseId],
		[...updateFields, extraBody],
		collection.name,
		[filesField],
	);
	const {
		files,
		uploadedFiles,
		extraBody: extra,
		...named
	} = body as IDataObject & {
		files?: string[];
		uploadedFiles?: string[];
		extraBody?: IDataObject;
	};
	const fields = formFields(deepMerge(named, extra ?? {}));
	const binaries = [
		...(files ?? []).map((property) => ({ field: 'files', property })),
		...(uploadedFiles ?? []).map((property) => ({ field: 'uploaded_files', property })),
	];
	const present = Object.keys(this.getInputData()[itemIndex]?.binary ?? {});
	const missing = binaries.find(({ property }) => !present.includes(property));
	if (missing) {
		const label = missing.field === 'files' ? filesField.property.displayName : uploadedFilesField.property.displayName;
		throw new NodeOperationError(
			this.getNode(),
			`"${label}" names the input field "${missing.property}", which item ${itemIndex} does not have`,
			{
				itemIndex,
				description: `Item ${itemIndex} has files in: ${present.join(', ') || 'none'}. Name one of them, or add the file with a node such as Read/Write Files from Disk or HTTP Request.`,
			},
		);
	}
	if (fields.length === 0 && binaries.length === 0) {
		throw nothingToUpdate(this, itemIndex, collection.displayName, filesField.property.displayName);
	}
	return { path: fillPath('/v2/_knowledgebase/{knowledge_base_id}', path), fields, binaries };
}

/** Form fields: lists repeated as `key[]` (as the docs send `urls[]` and `faqs[]`), objects as JSON text. */
function formFields(body: IDataObject): Array<[string, string]> {
	const asText = (value: unknown) =>
		typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
	return Object.entries(body).flatMap(([key, value]): Array<[string, string]> => {
		if (value === undefined || value === null) return [];
		if (Array.isArray(value)) return value.map((entry): [string, string] => [`${key}[]`, asText(entry)]);
		return [[key, asText(value)]];
	});
}

export async function run(
	this: IExecuteFunctions,
	{ path, fields, binaries }: PreparedUpdate,
	itemIndex: number,
	execution: Execution,
) {
	// Read inside the upload's turn: at most two items' files are in memory at once.
	const send = async () => {
		const files = [];
		for (const { field, property } of binaries) {
			const binary = this.helpers.assertBinaryData(itemIndex, property);
			files.push({
				field,
				fileName: binary.fileName ?? property,
				mimeType: binary.mimeType ?? 'application/octet-stream',
				content: await fileContent(this, binary),
			});
		}
		const request = { method: 'PUT' as const, path, multipart: { fields, files } };
		return await contactSwingRequest.call(this, request, itemIndex, execution);
	};
	return unwrap(await (binaries.length ? execution.upload(send) : send()));
}

/** A binary field's bytes, read into the upload's body when it is built: never held a second time. */
async function fileContent(context: IExecuteFunctions, binary: IBinaryData): Promise<FileContent> {
	const { id, data } = binary;
	if (!id) return { size: Buffer.byteLength(data, 'base64'), base64: data };
	const { fileSize } = await context.helpers.getBinaryMetadata(id);
	// A store may not know the size (metadata from an older n8n, an S3 HEAD without Content-Length): the file tells.
	if (!Number.isSafeInteger(fileSize) || fileSize <= 0) {
		const buffer = await context.helpers.binaryToBuffer(await context.helpers.getBinaryStream(id));
		return {
			size: buffer.length,
			read: async function* () {
				yield buffer;
			},
		};
	}
	return {
		size: fileSize,
		read: async function* () {
			yield* await context.helpers.getBinaryStream(id);
		},
	};
}
