import type { ReminderSettings } from './calendar.js';
import type { Clock } from '../../clock.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { ANNOUNCEMENT_KEY, type Reminder, type ReminderStore } from '../../store/reminders.js';
import { noticeOf, renderNotice } from './notice.js';
import { announcementText, movedText } from './text.js';
import type { SlackGateway, ThreadMessage } from '../../integrations/slack.js';

export interface ReminderPresenterOptions {
  slack: Pick<SlackGateway, 'postMessage' | 'update' | 'respond' | 'openModal'>;
  store: ReminderStore;
  settings: ReminderSettings;
  clock: Clock;
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
    const { slack, store, settings, clock } = this.options;
    const posted = await slack.postMessage(reminder.channelId, { text: announcementText(reminder, settings) });
    store.recordPosts(
      [
        {
          reminderId: reminder.id,
          fireKey: ANNOUNCEMENT_KEY,
          destination: 'channel',
          channelId: posted.channel,
          ts: posted.ts,
          digest: false,
        },
      ],
      clock.now(),
    );
  }

  /**
   * Shows a decision where people look: on the notice it answered (in place of its buttons, in the channel and the
   * creator's DM) and, unless it was a snooze, on the reminder's announcement; a moved date is also told in the channel.
   */
  async showDecision(before: Reminder, after: Reminder): Promise<void> {
    const { settings } = this.options;
    if (before.fireKey !== null && before.handledAt === null) {
      const notice = renderNotice(noticeOf(before, before.fireKey), settings, { before, after });
      await this.edit(before, before.fireKey, notice);
    }
    if (after.handledAction !== 'snoozed') {
      await this.edit(before, ANNOUNCEMENT_KEY, { text: announcementText(after, settings, before) });
    }
    if (after.handledAction === 'moved') {
      await this.options.slack
        .postMessage(after.channelId, { text: movedText(before, after, settings) })
        .catch((error: unknown) => this.failed('reminder move not told in its channel', after, error));
    }
  }

  /** Edits what was posted for a notice (or the announcement) of a reminder; digests are left as they are. */
  private async edit(reminder: Reminder, fireKey: string, message: ThreadMessage): Promise<void> {
    const { store, slack } = this.options;
    for (const post of store.postsFor(reminder.id, fireKey)) {
      if (post.ts === null || post.digest) continue;
      await slack
        .update(post.channelId, post.ts, message)
        .catch((error: unknown) => this.failed('reminder message edit failed', reminder, error));
    }
  }

  private failed(what: string, reminder: Reminder, error: unknown): void {
    this.options.logger.warn(what, { reminder: reminder.ref, error: errorMessage(error) });
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
