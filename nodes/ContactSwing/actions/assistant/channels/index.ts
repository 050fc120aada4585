import { chat } from './chat';
import { email } from './email';
import { sms } from './sms';
import type { Channel } from './types';
import { voice } from './voice';
import { whatsapp } from './whatsapp';

/** Every channel the node can create an assistant for, in the order the dropdown shows them. */
export const channels: Channel[] = [chat, email, sms, voice, whatsapp];
