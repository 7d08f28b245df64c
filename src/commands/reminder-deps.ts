import type { Clock } from '../clock.js';
import type { ReminderPresenter } from '../workflows/reminders/presenter.js';
import type { UserZones } from '../integrations/user-zones.js';
import type { Logger } from '../logger.js';
import type { ReminderSettings } from '../workflows/reminders/calendar.js';
import type { ReminderStore } from '../store/reminders.js';
import type { Permissions } from './permissions.js';

/** What the reminder commands and buttons need. */
export interface ReminderCommandDeps {
  reminders: ReminderStore;
  reminderSettings: ReminderSettings;
  reminderPresenter: ReminderPresenter;
  userZones: UserZones;
  permissions: Permissions;
  clock: Clock;
  logger: Logger;
}
