import { onlyOperators } from '../workflows/kit/approval.js';
import { leftArchivingText, START_ARCHIVING_ACTION } from '../workflows/ingest-watch/messages.js';
import { parseNoticeKey } from '../workflows/ingest-watch/sightings.js';
import type { Environment } from '../environments.js';
import { archiveRun } from './archive.js';
import { fromCommand, operatorsOnly, refused, type ClickHandler } from './clicks.js';
import type { CommandDeps } from './command-deps.js';
import { startRun } from './start-run.js';

/** *Start archiving* on a ready-for-archiving notice: the same run as `/hca archive`, for operators. */
export function ingestWatchButtons(deps: CommandDeps): ClickHandler[] {
  return [
    {
      id: START_ARCHIVING_ACTION,
      audit: `button ${START_ARCHIVING_ACTION}`,
      authorise: operatorsOnly(deps.permissions, onlyOperators('start archiving')),
      handle(click) {
        const key = parseNoticeKey(click.value);
        const sighting = key && deps.stores.watch.get(key);
        if (!key || !sighting) {
          return refused('This notice is not one the watcher knows.', 'refused: unknown notice', {
            subject: click.value.slice(0, 200),
          });
        }
        const { submissionUuid, env } = sighting;
        if (sighting.leftAt !== null) {
          return refused(leftArchivingText(submissionUuid, env, sighting.leftAt), 'refused: left archiving', {
            subject: submissionUuid,
          });
        }
        const channelId = click.channelId ?? sighting.notice?.channel ?? deps.config.ingestWatch?.channel ?? '';
        const result = startRun(deps, archiveRun(deps, submissionUuid, env as Environment), {
          userId: click.userId,
          channelId,
          triggerId: click.triggerId,
          responseUrl: click.responseUrl,
          now: click.now,
        });
        return fromCommand(result, { subject: submissionUuid, runId: result.runId });
      },
    },
  ];
}
