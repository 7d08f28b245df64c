import type { ReminderSettings } from './calendar.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Reminder, ReminderStore } from '../../store/reminders.js';
import { noticeOf, renderNotice } from './notice.js';
import { announcementText } from './text.js';
import type { SlackGateway } from '../../integrations/slack.js';

export interface ReminderPresenterOptions {
  slack: Pick<SlackGateway, 'postMessage' | 'update' | 'respond' | 'openModal'>;
  store: ReminderStore;
  settings: ReminderSettings;
  logger: Logger;
  /** Reminders changed: the App Home shows them. */
  onChange: () => void;
}

/** What people see of reminders outside the ack: the in-channel note, decisions on notices, modals. */
export class ReminderPresenter {
  private readonly options: ReminderPresenterOptions;

  constructor(options: ReminderPresenterOptions) {
    this.options = options;
  }

  /** Tells the channel a reminder was set; throws ChannelAccessError when the bot may not post there. */
  async announce(reminder: Reminder): Promise<void> {
    await this.options.slack.postMessage(reminder.channelId, {
      text: announcementText(reminder, this.options.settings),
    });
  }

  /** Shows the first decision on a notice in place of its buttons, in the channel and in the creator's DM. */
  async showDecision(before: Reminder, after: Reminder): Promise<void> {
    const fireKey = before.fireKey;
    if (fireKey === null || before.handledAt !== null) return;
    const { store, slack, settings, logger } = this.options;
    const message = renderNotice(noticeOf(before, fireKey), settings, after);
    for (const post of store.postsFor(before.id, fireKey)) {
      if (post.ts === null || post.digest) continue;
      await slack.update(post.channelId, post.ts, message).catch((error: unknown) => {
        logger.warn('reminder notice edit failed', { reminder: before.ref, error: errorMessage(error) });
      });
    }
  }

  /** Answers the person behind a command or click privately; `replace` swaps their earlier ephemeral answer. */
  async tell(responseUrl: string, text: string, replace = false): Promise<void> {
    await this.options.slack.respond(responseUrl, { text, replace_original: replace });
  }

  async openModal(triggerId: string, view: Record<string, unknown>): Promise<void> {
    await this.options.slack.openModal(triggerId, view);
  }

  changed(): void {
    this.options.onChange();
  }
}
