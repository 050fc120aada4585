import { forgetAccounts } from '../../nodes/ContactSwing/transport/limiter';

// The node's limiter lives for the n8n process: each test starts as a fresh process would.
beforeEach(() => forgetAccounts());
