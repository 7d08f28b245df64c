import { z } from 'zod';
import { onlyOperators } from '../workflows/kit/approval.js';
import { WATCH_PORTAL_ACTION } from '../workflows/portal/messages.js';
import { PORTAL_KIND } from '../workflows/portal/portal.js';
import { uuidArg, uuidsIn } from './args.js';
import { fromCommand, operatorsOnly, refused, type ClickHandler } from './clicks.js';
import type { CommandDeps } from './command-deps.js';
import { startRun, type RunRequest } from './start-run.js';
import { defineSubcommand, reply, type SubcommandSpec } from './subcommand.js';

export const PORTAL: SubcommandSpec = {
  name: 'portal',
  usage: '<project-uuid> [--watch]',
  summary:
    'Is the project live on the HCA Data Portal? The catalog, title, cell count, file types and the link for the contributor. `--watch` (operators) checks daily until it is live, then closes its release reminder.',
  access: 'anyone',
};

const WATCH = '--watch';
const projectUuid = uuidArg('project', 'it is in the project’s portal link and on its page in the ingest UI');

export const PortalArgs = z
  .array(z.string())
  .transform((words) => ({
    watch: words.some((w) => w.toLowerCase() === WATCH),
    words: words.filter((w) => w.toLowerCase() !== WATCH) as [string],
  }))
  .pipe(z.object({ watch: z.boolean(), words: z.tuple([projectUuid]) }))
  .transform(({ watch, words: [uuid] }) => ({ projectUuid: uuid, watch }));
export type PortalArgs = z.infer<typeof PortalArgs>;

/** A portal check (once), or the watch of a project: one watch at a time per project. */
export function portalRun(uuid: string, watch: boolean): RunRequest {
  return {
    kind: PORTAL_KIND,
    params: { projectUuid: uuid, watch },
    idempotencyKey: `${watch ? 'portal-watch' : 'portal'}:${uuid}`,
    subject: uuid,
  };
}

const MAY_NOT_WATCH = onlyOperators('watch the portal (`--watch`)');

/** `/hca portal <project-uuid> [--watch]`: anyone may ask; operators may leave a watch running. */
export function createPortalCommand(deps: CommandDeps) {
  return defineSubcommand<PortalArgs>({
    ...PORTAL,
    args: PortalArgs,
    execute({ projectUuid: uuid, watch }, invocation) {
      if (watch && !deps.permissions.isOperator(invocation.userId)) {
        return reply(MAY_NOT_WATCH, 'refused: not an operator');
      }
      return startRun(deps, portalRun(uuid, watch), invocation);
    },
  });
}

/** *Watch the portal* after an export: the same run as `/hca portal <project-uuid> --watch`. */
export function portalButtons(deps: CommandDeps): ClickHandler[] {
  return [
    {
      id: WATCH_PORTAL_ACTION,
      audit: `button ${WATCH_PORTAL_ACTION}`,
      authorise: operatorsOnly(deps.permissions, MAY_NOT_WATCH),
      handle(click) {
        const [uuid] = uuidsIn(click.value);
        if (!uuid || !click.channelId) {
          return refused('This button is not valid any more.', 'refused: bad value', { subject: click.value });
        }
        const result = startRun(deps, portalRun(uuid, true), {
          userId: click.userId,
          channelId: click.channelId,
          triggerId: click.triggerId,
          responseUrl: click.responseUrl,
          now: click.now,
        });
        return fromCommand(result, { subject: click.value, runId: result.runId });
      },
    },
  ];
}
