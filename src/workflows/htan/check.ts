import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import type { ObjectStreams } from '../../integrations/s3.js';
import type { SlackFiles } from '../../integrations/slack-files.js';
import type { SlackGateway } from '../../integrations/slack.js';
import type { HtanChecklists } from '../../store/htan-checklists.js';
import { registerWorkflow, type Workflow, type WorkflowDeps } from '../engine/workflow.js';
import { plural } from '../kit/wording.js';
import { checkMetadataFile } from './check-file.js';
import { isTicked, markItem } from './checklist.js';
import { findingsFileName, phiItemLine, reportMessage } from './messages.js';
import { MAX_WORKBOOK_BYTES, type MetadataFile } from './read-table.js';
import type { CheckReport } from './report.js';

export const HTAN_CHECK_KIND = 'htan-check';

/** How far back `/htan check` with no argument looks for the caller's last shared file. */
export const LATEST_FILE_WINDOW_MS = 10 * 60_000;

/** Where the file to check is: shared in Slack, in S3, or the last one the requester shared in the run's channel. */
export const CheckSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('slack'), fileId: z.string().regex(/^F[A-Z0-9]+$/) }),
  z.object({ type: z.literal('s3'), url: z.string().startsWith('s3://') }),
  z.object({ type: z.literal('latest'), sinceSeconds: z.number().int() }),
]);
export type CheckSource = z.infer<typeof CheckSource>;

export const CheckParams = z.object({ source: CheckSource });
export type CheckParams = z.infer<typeof CheckParams>;

/** What the run keeps: the outcome in counts, never a cell value. */
type CheckState = {
  file?: string;
  verdict?: CheckReport['verdict'];
  totals?: CheckReport['totals'];
  rows?: number;
  centers?: string[];
} & Record<string, unknown>;

export interface CheckDeps {
  slackFiles: SlackFiles;
  objectStreams: ObjectStreams;
  slack: Pick<SlackGateway, 'update'>;
  checklists: HtanChecklists;
  maxFileBytes: number;
}

/** The check workflow as the registry builds it. */
export function htanCheckWorkflow({ integrations, config, checklists }: WorkflowDeps): Workflow {
  return createCheckWorkflow({
    slackFiles: integrations.slackFiles,
    objectStreams: integrations.objectStreams,
    slack: integrations.slack,
    checklists,
    maxFileBytes: config.htan.maxFileBytes,
  });
}

/**
 * `/htan check`: reads one metadata file (Slack: into memory, capped; S3: streamed), checks it, reports in the run's
 * thread with the findings CSV attached, and ticks or unticks the center's *No PHI* checklist item.
 */
export function createCheckWorkflow(deps: CheckDeps) {
  async function open(source: CheckSource, channelId: string, requester: string): Promise<MetadataFile> {
    if (source.type === 's3') {
      const object = await deps.objectStreams.open(source.url);
      return { name: source.url.slice(source.url.lastIndexOf('/') + 1), chunks: object.chunks };
    }
    const file =
      source.type === 'slack'
        ? await deps.slackFiles.info(source.fileId)
        : await deps.slackFiles.latestShared(channelId, requester, source.sinceSeconds);
    if (!file) {
      throw new UserInputError(
        'You have shared no file in this channel in the last 10 minutes. Share the metadata file here and run `/htan check` again, or give its link: `/htan check <Slack file link>`.',
      );
    }
    const bytes = await deps.slackFiles.download(file, deps.maxFileBytes);
    return { name: file.name, chunks: once(bytes) };
  }

  const workflow: Workflow<CheckParams, CheckState> = {
    kind: HTAN_CHECK_KIND,
    params: CheckParams,
    initialState: {},
    firstStep: 'check',
    steps: {
      async check({ run, params, now, reply, upload }) {
        const file = await open(params.source, run.channelId, run.requester);
        const report = await checkMetadataFile(file, {
          maxWorkbookBytes: Math.min(deps.maxFileBytes, MAX_WORKBOOK_BYTES),
          currentYear: new Date(now).getUTCFullYear(),
        });
        await reply(reportMessage(report));
        if (report.verdict !== 'clean') {
          await upload({
            filename: findingsFileName(report.file.name),
            title: `HTAN check findings: ${report.file.name} (values masked)`,
            content: report.findingsCsv,
          });
        }
        const [center] = report.centers;
        if (center && report.centers.length === 1) {
          const checklist = deps.checklists.get(run.channelId, center);
          if (report.phiPassed || isTicked(checklist, 'phi')) {
            const note = `${run.ref}: ${report.file.name} ${report.phiPassed ? 'passed' : 'failed'} the PHI scan`;
            const tick = report.phiPassed ? { by: run.requester, at: now, note } : undefined;
            const refreshed = await markItem(deps, { channelId: run.channelId, center, item: 'phi', now }, tick);
            await reply({ text: phiItemLine(center, report.phiPassed, refreshed) });
          }
        }
        return {
          kind: 'done',
          status: 'succeeded',
          state: {
            file: report.file.name,
            verdict: report.verdict,
            totals: report.totals,
            rows: report.file.rows,
            centers: report.centers,
          },
        };
      },
    },
    describe(_run, params, state) {
      const title = `htan check ${state.file ?? sourceLabel(params.source)}`;
      if (!state.verdict || !state.totals) return { title, detail: [] };
      const found =
        state.verdict === 'clean'
          ? 'clean'
          : `${plural(state.totals.block, 'finding')} to fix, ${plural(state.totals.warn, 'finding')} to look at`;
      return { title, detail: [`${plural(state.rows ?? 0, 'row')} checked: ${found}`] };
    },
  };
  return registerWorkflow(workflow);
}

function sourceLabel(source: CheckSource): string {
  if (source.type === 's3') return source.url;
  return source.type === 'slack' ? `file ${source.fileId}` : 'your last shared file';
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
