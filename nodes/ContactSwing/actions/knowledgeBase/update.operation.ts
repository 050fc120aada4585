import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Field } from '../../helpers/fields';
import { readFields, required, rowsField, stringList, text } from '../../helpers/fields';
import { contactSwingRequest } from '../../transport';
import type { Session } from '../../transport/policy';
import { fieldProperties, nothingToUpdate, unwrap } from '../operations';

const show = { resource: ['knowledgeBase'], operation: ['update'] };

const knowledgeBaseId: Field = {
	property: {
		displayName: 'Knowledge Base ID',
		name: 'knowledgeBaseId',
		type: 'string',
		default: '',
		description: 'ID of the knowledge base to update',
	},
	apiPath: 'id',
	read: required(text),
};

const binaryNames = (displayName: string, name: string, description: string): Field => ({
	property: {
		displayName,
		name,
		type: 'string',
		default: 'data',
		placeholder: 'data, attachment',
		description: `${description}: names of the input item's binary fields, comma-separated`,
	},
	apiPath: name,
	read: stringList,
});

const filesField = binaryNames('Files (Input Binary Fields)', 'files', 'Documents to upload as files[]');
const uploadedFilesField = binaryNames(
	'Uploaded Files (Input Binary Fields)',
	'uploadedFiles',
	'More documents, sent as uploaded_files[]',
);

const updateFields: Field[] = [
	rowsField({
		displayName: 'FAQs',
		name: 'faqs',
		row: { displayName: 'FAQ', name: 'faq' },
		placeholder: 'Add FAQ',
		description: 'Question and answer pairs, each sent as one faqs[] entry "Q: …|A: …"',
		apiPath: 'faqs',
		fields: [
			{
				property: { displayName: 'Question', name: 'question', type: 'string', default: '' },
				apiPath: 'question',
				read: required(text),
			},
			{
				property: { displayName: 'Answer', name: 'answer', type: 'string', typeOptions: { rows: 2 }, default: '' },
				apiPath: 'answer',
				read: required(text),
			},
		],
		toApi: (faqs: IDataObject[]) => faqs.map(({ question, answer }) => `Q: ${question}|A: ${answer}`),
	}),
	filesField,
	{
		property: {
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'New name of the knowledge base',
		},
		apiPath: 'name',
		read: text,
	},
	uploadedFilesField,
	{
		property: {
			displayName: 'URLs',
			name: 'urls',
			type: 'string',
			default: '',
			description: 'Pages or documents to add, comma-separated; each is one form entry',
		},
		apiPath: 'urls',
		read: stringList,
	},
];

export const description: INodeProperties[] = fieldProperties(show, [knowledgeBaseId], updateFields, {
	name: 'updateFields',
	displayName: 'Update Fields',
});

interface PreparedUpdate {
	id: string;
	fields: Array<[string, string]>;
	binaries: Array<{ field: string; property: string }>;
}

/** Reads the fields and checks each named binary field exists on the item; the bytes are read when sending. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedUpdate {
	const { body } = readFields(this, itemIndex, [knowledgeBaseId], updateFields, 'updateFields');
	const values = body as IDataObject & {
		id: string;
		name?: string;
		urls?: string[];
		faqs?: string[];
		files?: string[];
		uploadedFiles?: string[];
	};
	const fields: Array<[string, string]> = [
		...(values.name ? [['name', values.name] as [string, string]] : []),
		...(values.urls ?? []).map((url): [string, string] => ['urls[]', url]),
		...(values.faqs ?? []).map((faq): [string, string] => ['faqs[]', faq]),
	];
	const binaries = [
		...(values.files ?? []).map((property) => ({ field: 'files', property })),
		...(values.uploadedFiles ?? []).map((property) => ({ field: 'uploaded_files', property })),
	];
	const present = Object.keys(this.getInputData()[itemIndex]?.binary ?? {});
	const missing = binaries.find(({ property }) => !present.includes(property));
	if (missing) {
		const label = missing.field === 'files' ? filesField.property.displayName : uploadedFilesField.property.displayName;
		throw new NodeOperationError(
			this.getNode(),
			`"${label}" names the binary field "${missing.property}", which item ${itemIndex} does not have`,
			{
				itemIndex,
				description: `Item ${itemIndex} has binary fields: ${present.join(', ') || 'none'}. Name one of them, or add the file with a node such as Read/Write Files from Disk or HTTP Request.`,
			},
		);
	}
	if (fields.length === 0 && binaries.length === 0) {
		throw nothingToUpdate(this, itemIndex, 'Update Fields');
	}
	return { id: values.id, fields, binaries };
}

export async function run(
	this: IExecuteFunctions,
	{ id, fields, binaries }: PreparedUpdate,
	itemIndex: number,
	session: Session,
) {
	const files = [];
	for (const { field, property } of binaries) {
		const binary = this.helpers.assertBinaryData(itemIndex, property);
		files.push({
			field,
			fileName: binary.fileName ?? property,
			mimeType: binary.mimeType ?? 'application/octet-stream',
			data: await this.helpers.getBinaryDataBuffer(itemIndex, property),
		});
	}
	const request = {
		method: 'PUT' as const,
		path: `/v2/_knowledgebase/${encodeURIComponent(id)}`,
		multipart: { fields, files },
	};
	return unwrap(await contactSwingRequest.call(this, request, itemIndex, session));
}
