import { apiWebhook } from './webhook';
import { dataExtraction } from './dataExtraction';
import { sendSms } from './sms';
import { sendWhatsApp } from './whatsapp';
import { callTransfer } from './callTransfer';
import { dtmf } from './dtmf';
import { laboredge } from './laboredge';
import { appointment } from './appointment';
import type { ActionType } from './shared';

export type { ActionType } from './shared';

/** The documented action types, one file each, in the order the docs list them. */
export const actionTypes: ActionType[] = [
	apiWebhook,
	dataExtraction,
	sendSms,
	sendWhatsApp,
	callTransfer,
	dtmf,
	laboredge,
	appointment,
];
