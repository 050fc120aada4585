import type { Touchpoint } from './shared';
import { customerRows } from './shared';
import { stringField } from '../../../helpers/fields';
import { emailAddress, emailList } from '../../../helpers/formats';

/** The Email touchpoint (POST /v2/_campaign/create_with_touchpoint). */
export const emailTouchpoint: Touchpoint = {
	path: '/v2/_campaign/create_with_touchpoint',
	required: [customerRows('email', 'Email', emailAddress)],
	onTop: [
		stringField({
			displayName: 'Email Subject',
			name: 'emailSubject',
			apiPath: 'touchpoint.email_subject',
			placeholder: 'e.g. Our spring offer, just for you',
			description: 'The subject line',
		}),
		stringField({
			displayName: 'Email Body',
			name: 'emailBody',
			apiPath: 'touchpoint.email_body',
			placeholder: 'e.g. Hi, here is 20% off your next order…',
			description: 'The email body',
			typeOptions: { rows: 4 },
		}),
	],
	optional: [
		stringField({
			displayName: 'Email Medium',
			name: 'emailMedium',
			apiPath: 'touchpoint.additional_settings.email_medium',
			description: 'How the email is sent',
		}),
		stringField({
			displayName: 'From Emails',
			name: 'fromEmails',
			apiPath: 'touchpoint.additional_settings.from_emails',
			description: 'Sender addresses, comma-separated',
			parse: emailList,
		}),
		stringField({
			displayName: 'Sender Email',
			name: 'email',
			apiPath: 'touchpoint.additional_settings.email',
			description: 'The email account of the touchpoint',
			parse: emailAddress,
		}),
		stringField({
			displayName: 'Variables',
			name: 'variables',
			apiPath: 'touchpoint.variables',
			description: 'Template variables',
		}),
	],
};
