import type { Environment } from '../../environments.js';
import type { ThreadFile, ThreadMessage } from '../../integrations/slack.js';
import type { AreaName } from '../../integrations/upload-areas.js';
import type { Run } from '../../store/runs.js';
import { cancelButton } from '../engine/status-message.js';
import { actions, escapeMrkdwn, lineSections, message, section } from '../kit/blocks.js';
import type { DeclaredComparison } from './declared-files.js';
import type { AreaFindings } from './findings.js';
import type { FileNameColumn } from './spreadsheet.js';
import { stillToCopy, type SyncPlan } from './sync-plan.js';
import type { Verification } from './verify.js';
import { duration, formatBytes, plural, slackDate } from '../kit/wording.js';
import { tsvRow } from '../kit/table-file.js';
import { UPLOAD_AREA_ACTIONS } from './questions.js';

/** Plain text for a thread message: file names appear as they are (the Block Kit layer escapes them). */
export interface ThreadText {
  headline: string;
  sections: { title: string; lines: string[] }[];
  /** Every listed name as TSV, when some list was cut short in the message. */
  file?: { filename: string; content: string };
}

/** How many names one list shows before the rest goes to the TSV. */
export const LIST_LIMIT = 15;

/** What became of one metadata spreadsheet in the area. */
export type SpreadsheetOutcome =
  | { kind: 'compared'; columns: FileNameColumn[]; comparison: DeclaredComparison }
  | { kind: 'no-file-name-column'; sheets: number }
  | { kind: 'unreadable'; reason: 'corrupt' | 'password-protected' | 'legacy-xls' }
  | { kind: 'too-large'; size: number; capBytes: number }
  | { kind: 'too-big-to-open'; why: string }
  /** S3 would not give it (AccessDenied, deleted since the listing): the rest of the check goes on. */
  | { kind: 'not-read'; error: string };

export interface CheckReportInput {
  bucket: string;
  areaUuid: string;
  areaName: AreaName;
  findings: AreaFindings;
  spreadsheets: { name: string; outcome: SpreadsheetOutcome }[];
}

/** Collects sections and the rows of the TSV that backs any list cut short. */
class ReportBuilder {
  readonly sections: ThreadText['sections'] = [];
  private readonly rows: string[][] = [];
  private cut = false;

  section(title: string, lines: string[]): void {
    this.sections.push({ title, lines });
  }

  /** A section listing `names` (at most LIST_LIMIT), each also a TSV row under `finding`. */
  list(title: string, finding: string, names: readonly string[], describe: (name: string) => string = (n) => n): void {
    if (names.length === 0) return;
    const shown = names.slice(0, LIST_LIMIT).map(describe);
    if (names.length > LIST_LIMIT) {
      shown.push(`… and ${names.length - LIST_LIMIT} more (all in the attached list)`);
      this.cut = true;
    }
    for (const name of names) this.rows.push([finding, name]);
    this.section(title, shown);
  }

  build(headline: string, filename: string): ThreadText {
    if (!this.cut) return { headline, sections: this.sections };
    const content = ['finding\tname', ...this.rows.map(tsvRow)].join('\n') + '\n';
    return { headline, sections: this.sections, file: { filename, content } };
  }
}

function areaLabel(areaUuid: string, name: AreaName | undefined): string {
  switch (name?.kind) {
    case undefined:
      return `Upload area ${areaUuid}`;
    case 'named':
      return `Upload area ${areaUuid} (“${name.name}”)`;
    case 'unnamed':
      return `Upload area ${areaUuid} (no name tag)`;
    case 'no-marker':
      return `Upload area ${areaUuid} (no area marker object, so no name tag)`;
    case 'no-tagging':
      return `Upload area ${areaUuid} (this S3 server has no object tagging, so no name tag)`;
    case 'not-allowed':
      return `Upload area ${areaUuid} (name tag not read: the bot's AWS identity needs s3:GetObjectTagging)`;
  }
}

/** An area with nothing under its prefix, not even its marker: most likely a mistyped UUID. */
export function unknownAreaSentence(bucket: string, areaUuid: string): string {
  return (
    `There is no upload area ${areaUuid}: nothing is stored under s3://${bucket}/${areaUuid}/. ` +
    'Check the UUID with `hca-util list`.'
  );
}

export function emptyAreaSentence(areaUuid: string, name?: AreaName): string {
  return `${areaLabel(areaUuid, name)} is empty: the contributor has not uploaded any file yet.`;
}

export function spreadsheetSentence(name: string, outcome: SpreadsheetOutcome): string {
  switch (outcome.kind) {
    case 'compared': {
      const { declared, missing, undeclared, empty } = outcome.comparison;
      return (
        `${name} declares ${plural(declared, 'file')}: ${missing.length} missing from the area, ` +
        `${undeclared.length} in the area but not declared, ${empty.length} declared but empty.`
      );
    }
    case 'no-file-name-column':
      return (
        `${name} has no column headed …file_core.file_name in the first rows of its ` +
        `${plural(outcome.sheets, 'sheet')}, so its files cannot be compared.`
      );
    case 'too-large':
      return (
        `${name} is ${formatBytes(outcome.size)}, more than the ${formatBytes(outcome.capBytes)} the bot reads ` +
        'into memory; review it in the AWS WorkSpace.'
      );
    case 'too-big-to-open':
      return (
        `${name} ${outcome.why}, more than the bot opens safely (a metadata spreadsheet unzips to a few MB in a few ` +
        'dozen parts); review it in the AWS WorkSpace.'
      );
    case 'not-read':
      return `${name} could not be read: ${outcome.error}`;
    case 'unreadable':
      switch (outcome.reason) {
        case 'corrupt':
          return `${name} is not a readable .xlsx workbook (damaged, or another format); ask the contributor to upload it again.`;
        case 'password-protected':
          return `${name} is password-protected, so the bot cannot read it; ask the contributor to upload it without a password.`;
        case 'legacy-xls':
          return `${name} is an Excel 97–2003 workbook with an .xlsx name; ask the contributor to save it as .xlsx.`;
      }
  }
}

export function checkReport(input: CheckReportInput): ThreadText {
  const { findings } = input;
  const report = new ReportBuilder();
  report.section(
    'Files by extension',
    findings.byExtension.map(
      (e) => `${e.extension ? `.${e.extension}` : '(no extension)'}: ${e.count} (${formatBytes(e.bytes)})`,
    ),
  );
  report.list(`Empty files (${findings.zeroByte.length})`, 'empty', findings.zeroByte);
  report.list(
    `Names that differ only by case (${findings.caseClashes.length})`,
    'differs only by case',
    findings.caseClashes.map((group) => group.join(' | ')),
  );
  const reasons = new Map(findings.awkwardNames.map((entry) => [entry.name, entry.reasons.join(', ')]));
  report.list(
    `Names S3 tools or the cluster may trip over (${findings.awkwardNames.length})`,
    'awkward name',
    [...reasons.keys()],
    (name) => `${name}: ${reasons.get(name)}`,
  );
  if (findings.spreadsheets.length === 0) report.section('Metadata spreadsheets', ['No .xlsx file in the area.']);
  for (const { name, outcome } of input.spreadsheets) {
    report.section(`Spreadsheet ${name}`, [spreadsheetSentence(name, outcome)]);
    if (outcome.kind !== 'compared') continue;
    const { missing, undeclared, empty } = outcome.comparison;
    report.list(`${name}: declared but missing (${missing.length})`, `declared in ${name}, missing`, missing);
    report.list(`${name}: in the area, not declared (${undeclared.length})`, `not declared in ${name}`, undeclared);
    report.list(`${name}: declared but empty (${empty.length})`, `declared in ${name}, empty`, empty);
  }
  const headline =
    `${areaLabel(input.areaUuid, input.areaName)}: ${plural(findings.fileCount, 'file')}, ` +
    `${formatBytes(findings.totalBytes)} in s3://${input.bucket}/${input.areaUuid}/.`;
  return report.build(headline, `upload-area-${input.areaUuid}.tsv`);
}

export interface SyncPlanInput {
  env: Environment;
  source: string;
  destination: string;
  plan: SyncPlan;
  /** Objects above this size are copied in parts. */
  multipartThresholdBytes: number;
}

export function syncPlanText(input: SyncPlanInput): ThreadText {
  const { plan } = input;
  const report = new ReportBuilder();
  const presentBytes = plan.present.reduce((sum, file) => sum + file.size, 0);
  if (plan.present.length > 0) {
    report.section('Already at the destination (skipped)', [
      `${plural(plan.present.length, 'file')}, ${formatBytes(presentBytes)}`,
    ]);
  }
  const replaced = plan.copy.filter((file) => file.replaces).map((file) => file.name);
  report.list(`At the destination but different, copied again (${replaced.length})`, 'replaced', replaced);
  const inParts = plan.copy.filter((file) => file.size > input.multipartThresholdBytes).map((file) => file.name);
  report.list(`Copied in parts (${inParts.length})`, 'copied in parts', inParts);
  report.list(
    `Spreadsheets left out (${plan.leftOut.length}); --include-spreadsheets copies them`,
    'spreadsheet left out',
    plan.leftOut.map((file) => file.name),
  );
  const headline =
    `Sync on ${input.env}: copy ${plural(plan.copy.length, 'file')}, ${formatBytes(plan.bytesToCopy)}, ` +
    `from ${input.source} to ${input.destination}, server-side.`;
  return report.build(headline, 'sync-plan.tsv');
}

export interface SyncProgress {
  filesDone: number;
  files: number;
  bytesDone: number;
  bytes: number;
  elapsedMs: number;
}

/** `3 of 12 files, 1.2 GB of 3.4 GB, 45.0 MB/s, about 2 min left`. */
export function progressLine(progress: SyncProgress): string {
  const { filesDone, files, bytesDone, bytes, elapsedMs } = progress;
  const done = `${filesDone} of ${plural(files, 'file')}, ${formatBytes(bytesDone)} of ${formatBytes(bytes)}`;
  if (elapsedMs <= 0 || bytesDone === 0) return done;
  const rate = bytesDone / (elapsedMs / 1000);
  const speed = `${done}, ${formatBytes(Math.round(rate))}/s`;
  if (bytesDone >= bytes) return speed;
  return `${speed}, about ${duration(((bytes - bytesDone) / rate) * 1000)} left`;
}

export function verifyText(verification: Verification): ThreadText {
  const report = new ReportBuilder();
  if (verification.verified) {
    return {
      headline: `verified: ${plural(verification.files, 'file')}, ${formatBytes(verification.bytes)}`,
      sections: [],
    };
  }
  const { missing, wrongSize } = verification;
  report.list(`Missing at the destination (${missing.length})`, 'missing at the destination', missing);
  const sizes = new Map(wrongSize.map((entry) => [entry.name, entry]));
  report.list(`Of the wrong size (${wrongSize.length})`, 'wrong size', [...sizes.keys()], (name) => {
    const entry = sizes.get(name);
    return `${name}: ${entry?.found} bytes at the destination, ${entry?.expected} at the source`;
  });
  const headline =
    `not verified: of ${plural(verification.files, 'file')}, ${missing.length} missing at the destination ` +
    `and ${wrongSize.length} of the wrong size.`;
  return report.build(headline, 'sync-differences.tsv');
}

export function checksumText(pending: readonly string[], files: number, lastError?: string): ThreadText {
  if (pending.length === 0) {
    return { headline: `The upload service has checksummed all ${plural(files, 'file')}.`, sections: [] };
  }
  const report = new ReportBuilder();
  report.list('Not checksummed yet', 'not checksummed', pending);
  const asked = lastError ? ` (asking it last failed: ${lastError})` : '';
  return report.build(
    `The upload service has not checksummed ${pending.length} of ${plural(files, 'file')} yet${asked}.`,
    'not-checksummed.tsv',
  );
}

export function notifyFailuresText(failed: readonly string[], lastError: string | undefined): ThreadText {
  const report = new ReportBuilder();
  report.list('Not notified', 'notify failed', failed);
  const why = lastError ? ` (last answer: ${lastError})` : '';
  return report.build(
    `The upload service could not be told about ${plural(failed.length, 'copied file')}${why}; ` +
      '`/hca retry` notifies them again.',
    'notify-failed.tsv',
  );
}

/** A ThreadText as a Slack message: the headline, then each section's title in bold over its lines. */
export function threadMessage(text: ThreadText): ThreadMessage {
  const blocks = [
    section(escapeMrkdwn(text.headline)),
    ...text.sections.flatMap(({ title, lines }) =>
      lineSections([`*${escapeMrkdwn(title)}*`, ...lines.map(escapeMrkdwn)]),
    ),
  ];
  return message(escapeMrkdwn(text.headline), blocks);
}

/** The TSV behind a ThreadText's shortened lists, as a file for the thread. */
export function threadFile(text: ThreadText, title: string): ThreadFile | undefined {
  return text.file && { filename: text.file.filename, title, content: text.file.content };
}

export interface SyncFacts {
  environment: Environment;
  source: string;
  destination: string;
}

/**
 * The approval request: on prod it @-mentions the approvers and only one who is not the requester may approve; on
 * dev and staging any operator may, and nobody is mentioned.
 */
export function syncApprovalRequest(
  run: Run,
  facts: SyncFacts & { files: number; bytes: number },
  approvers: readonly string[],
  value: string,
  expiresAt: number,
): ThreadMessage {
  const env = facts.environment;
  const who = env === 'prod' && approvers.length ? `${approvers.map((u) => `<@${u}>`).join(' ')}: ` : '';
  const rule =
    env === 'prod'
      ? `An approver other than <@${run.requester}> must approve on prod.`
      : 'Any operator may approve on dev and staging.';
  const what = `${plural(facts.files, 'file')} (${formatBytes(facts.bytes)})`;
  const text =
    `${who}*${run.ref}* asks to copy ${what} from \`${facts.source}\` into the *${env}* ingest upload area ` +
    `\`${facts.destination}\`, server-side. The upload service then checksums them and ingest registers them.\n` +
    `${rule} This request expires ${slackDate(expiresAt)}.`;
  return message(text, [
    section(text),
    actions(`upload-area-approval-${value}`, [
      {
        actionId: UPLOAD_AREA_ACTIONS.approveSync,
        text: `Copy ${what} (${env})`,
        value,
        style: 'primary',
        confirm: {
          title: 'Copy the files?',
          text: `This copies ${what} into the ${env} ingest upload area.`,
          confirm: 'Copy',
          deny: 'Not yet',
        },
      },
      cancelButton(run, value),
    ]),
  ]);
}

export function approvalTimedOut(timeoutMs: number): string {
  return `Nobody approved the copy within ${duration(timeoutMs)}; \`/hca retry\` lists both areas again and asks again.`;
}

export function nothingToCopy(present: number, leftOut: number): string {
  const spreadsheets = leftOut ? `; ${plural(leftOut, 'spreadsheet')} left out` : '';
  return `Nothing to copy: all ${plural(present, 'file')} are already at the destination${spreadsheets}. Verifying.`;
}

export function destinationMissing(bucket: string): string {
  return (
    `The destination bucket ${bucket} does not exist (NoSuchBucket), so nothing was planned or copied. ` +
    'Check the environment, or the ingest upload bucket the bot is configured with.'
  );
}

export function ingestUploadAreaMismatch(submissionUuid: string, expected: string, found: string | undefined): string {
  return found === undefined
    ? `Ingest has no upload area for submission ${submissionUuid} yet, so it would not register copied files; nothing was copied.`
    : `Ingest says submission ${submissionUuid} uploads to ${found}, not ${expected}; nothing was copied. Check the environment.`;
}

export const INGEST_UNCHECKED =
  '_The submission was not checked in ingest: the bot has no ingest API token (an operator can give it one; see the README)._';

export function sourceChanged(detail: string): string {
  return `${escapeMrkdwn(detail)} The area changed since the plan was approved: listing both areas again, and asking again.`;
}

export function copyPaused(detail: string, wakeAt: number): string {
  return `Paused the copy: ${escapeMrkdwn(detail)} Copying goes on ${slackDate(wakeAt, '{time_secs}')}, where it stopped.`;
}

/** The status message's lines for a sync run. */
export function describeSync(
  run: Run,
  state: {
    files?: { size: number; copied?: boolean; partBytes?: number }[];
    copyMs?: number;
    verified?: { files: number; bytes: number };
  },
): string[] {
  const files = state.files ?? [];
  const left = stillToCopy(files);
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  const copied = () =>
    progressLine({
      filesDone: files.length - left.files,
      files: files.length,
      bytesDone: bytes - left.bytes,
      bytes,
      elapsedMs: state.copyMs ?? 0,
    });
  if (state.verified) {
    const verified = `verified: ${plural(state.verified.files, 'file')}, ${formatBytes(state.verified.bytes)}`;
    return [run.finishedAt ? verified : `${verified}; waiting for the upload service to checksum them`];
  }
  switch (run.step) {
    case 'preflight':
    case 'plan':
      return ['Checking the destination and listing both areas'];
    case 'approval':
      return [`Waiting for approval to copy ${plural(left.files, 'file')} (${formatBytes(left.bytes)})`];
    case 'copy':
      return [`Copying: ${copied()}`];
    case 'notify':
      return [`Copied (${copied()}); telling the upload service about the files`];
    default:
      return [`Copied: ${copied()}`];
  }
}
