import { z } from 'zod';
import type { UploadAreaStorage } from '../../integrations/upload-areas.js';
import { registerWorkflow, type StepContext, type Workflow, type WorkflowDeps } from '../engine/workflow.js';
import { escapeMrkdwn } from '../kit/blocks.js';
import { formatBytes, plural } from '../kit/wording.js';
import { areaFiles } from './area-files.js';
import { compareDeclared } from './declared-files.js';
import { areaFindings } from './findings.js';
import {
  checkReport,
  emptyAreaSentence,
  threadFile,
  threadMessage,
  unknownAreaSentence,
  type SpreadsheetOutcome,
} from './messages.js';
import { isS3Error } from './s3-failure.js';
import { readDeclaredFileNames } from './spreadsheet.js';

export const UPLOAD_AREA_CHECK_KIND = 'upload-area-check';

export const CheckParams = z.object({ areaUuid: z.string() });
export type CheckParams = z.infer<typeof CheckParams>;

type CheckState = { files?: number; bytes?: number } & Record<string, unknown>;

export interface CheckDeps {
  storage: UploadAreaStorage;
  bucket: string;
  spreadsheetMaxBytes: number;
}

export function uploadAreaCheckWorkflow({ integrations, config }: WorkflowDeps): Workflow {
  return createCheckWorkflow({
    storage: integrations.uploadAreas,
    bucket: config.uploadAreas.bucket,
    spreadsheetMaxBytes: config.uploadAreas.spreadsheetMaxBytes,
  });
}

/**
 * `/hca upload-area check`: lists a secure area and reports on its files and metadata spreadsheets, reading each
 * spreadsheet into memory only; names and counts reach Slack, never another cell value.
 */
export function createCheckWorkflow(deps: CheckDeps) {
  const { storage, bucket } = deps;

  async function spreadsheetOutcome(
    areaUuid: string,
    name: string,
    files: ReturnType<typeof areaFiles>,
  ): Promise<SpreadsheetOutcome> {
    let read;
    try {
      read = await storage.read({ bucket, key: `${areaUuid}/${name}` }, deps.spreadsheetMaxBytes);
    } catch (error) {
      // A refusal or a vanished file is this spreadsheet's finding; a fault worth waiting out pauses the run.
      if (!isS3Error(error) || error.retryable) throw error;
      return { kind: 'not-read', error: error.message };
    }
    if (read.kind === 'too-large') {
      return { kind: 'too-large', size: read.size, capBytes: deps.spreadsheetMaxBytes } satisfies SpreadsheetOutcome;
    }
    const reading = await readDeclaredFileNames(read.bytes);
    if (reading.kind !== 'read') return reading;
    return {
      kind: 'compared',
      columns: reading.columns,
      comparison: compareDeclared(reading.declared, files),
    } as const;
  }

  const workflow: Workflow<CheckParams, CheckState> = {
    kind: UPLOAD_AREA_CHECK_KIND,
    params: CheckParams,
    initialState: {},
    firstStep: 'check',
    steps: {
      async check(ctx: StepContext<CheckParams, CheckState>) {
        const { areaUuid } = ctx.params;
        const objects = await storage.list(bucket, `${areaUuid}/`);
        if (objects.length === 0) {
          const error = unknownAreaSentence(bucket, areaUuid);
          await ctx.reply({ text: `:x: ${escapeMrkdwn(error)}` });
          return { kind: 'done', status: 'failed', error };
        }
        const areaName = await storage.areaName(bucket, areaUuid);
        const files = areaFiles(objects);
        if (files.length === 0) {
          await ctx.reply({ text: escapeMrkdwn(emptyAreaSentence(areaUuid, areaName)) });
          return { kind: 'done', status: 'succeeded', state: { files: 0, bytes: 0 } };
        }
        const findings = areaFindings(files);
        const spreadsheets: { name: string; outcome: SpreadsheetOutcome }[] = [];
        for (const name of findings.spreadsheets) {
          spreadsheets.push({ name, outcome: await spreadsheetOutcome(areaUuid, name, files) });
        }
        const report = checkReport({ bucket, areaUuid, areaName, findings, spreadsheets });
        await ctx.reply(threadMessage(report));
        const file = threadFile(report, `Every finding in upload area ${areaUuid}`);
        if (file) await ctx.upload(file);
        return {
          kind: 'done',
          status: 'succeeded',
          state: { files: findings.fileCount, bytes: findings.totalBytes },
        };
      },
    },
    describe(run, params, state) {
      const found =
        state.files === undefined ? [] : [`${plural(state.files, 'file')}, ${formatBytes(state.bytes ?? 0)}`];
      return {
        title: `check upload area ${params.areaUuid}`,
        detail: run.finishedAt ? found : ['Listing the area and reading its spreadsheets'],
      };
    },
  };
  return registerWorkflow(workflow);
}
