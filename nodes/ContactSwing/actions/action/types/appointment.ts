import type { IDataObject } from 'n8n-workflow';

import type { ActionType } from './shared';
import { idListField, mandatory } from './shared';
import { numberField, optionsField, rowsField, stringField } from '../../../helpers/fields';
import { FieldError, nonNegativeInteger, required, text } from '../../../helpers/parsers';
import { emailAddress, emailList, timeOfDay, timeZone, uuid } from '../../../helpers/formats';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Booking windows per weekday, `{monday: {start_time: "09:00", end_time: "17:00"}}`. */
const bookingTimings = rowsField({
	displayName: 'Booking Timings',
	name: 'bookingTimings',
	row: { displayName: 'Day', name: 'day' },
	placeholder: 'Add day',
	description: 'When bookings may be made, per weekday (HH:MM, 24 hours)',
	apiPath: 'webhook.booking_timings',
	fields: [
		optionsField({
			displayName: 'Weekday',
			name: 'weekday',
			// Calendar order, not alphabetical: builders look for a day where the week puts it.
			options: WEEKDAYS.map((day) => ({ name: day[0].toUpperCase() + day.slice(1), value: day })),
			default: 'monday',
			apiPath: 'weekday',
			parse: required(text),
		}),
		stringField({
			displayName: 'Start Time',
			name: 'startTime',
			default: '09:00',
			placeholder: 'e.g. 09:00',
			apiPath: 'start_time',
			parse: required(timeOfDay),
		}),
		stringField({
			displayName: 'End Time',
			name: 'endTime',
			default: '17:00',
			placeholder: 'e.g. 17:00',
			apiPath: 'end_time',
			parse: required(timeOfDay),
		}),
	],
	shape: (days: IDataObject[]) => {
		const timings: IDataObject = {};
		for (const { weekday, start_time: start, end_time: end } of days) {
			if (String(start) >= String(end))
				throw new FieldError(
					`has ${weekday} ending (${end}) before it starts (${start})`,
					'Make the end time later than the start time.',
				);
			timings[weekday as string] = { start_time: start, end_time: end };
		}
		return timings;
	},
});

export const appointment: ActionType = {
	type: 'APPOINTMENT',
	name: 'Real-Time Booking',
	description: 'Books appointments in a Google or Outlook calendar',
	descriptionRequired: true,
	required: [
		stringField({
			displayName: 'Calendar Email',
			name: 'calendarEmail',
			apiPath: 'webhook.email',
			description: 'The calendar account',
			parse: required(emailAddress),
		}),
		optionsField({
			displayName: 'Calendar Type',
			name: 'calendarType',
			options: [
				{ name: 'Google', value: 'google' },
				{ name: 'Outlook', value: 'outlook' },
			],
			default: 'google',
			apiPath: 'webhook.type',
			parse: required(text),
		}),
		stringField({
			displayName: 'User ID',
			name: 'userId',
			apiPath: 'webhook.user_id',
			description: 'UUID of the ContactSwing user',
			parse: required(uuid),
		}),
	],
	optional: [
		bookingTimings,
		numberField({
			displayName: 'Buffer Time (Minutes)',
			name: 'bufferTime',
			typeOptions: { minValue: 0 },
			default: 15,
			description: 'Minutes kept free between bookings',
			apiPath: 'webhook.buffer_time',
			parse: nonNegativeInteger,
		}),
		mandatory('Whether the booking needs confirmation'),
		idListField({
			displayName: 'Round Robin Emails',
			name: 'roundRobinEmails',
			apiPath: 'webhook.round_robin_emails',
			description: 'Calendars to spread bookings over',
			parse: emailList,
		}),
		stringField({
			displayName: 'Time Zone',
			name: 'timeZone',
			apiPath: 'webhook.timezone',
			description: 'IANA time zone of the calendar',
			placeholder: 'e.g. Africa/Algiers',
			parse: timeZone,
		}),
	],
};
