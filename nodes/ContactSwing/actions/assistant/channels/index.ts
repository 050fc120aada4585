import type { Channel } from './types';
import { whatsapp } from './whatsapp';

/** Every channel the node can create an assistant for, in the order the dropdown shows them. */
export const channels: Channel[] = [whatsapp];
