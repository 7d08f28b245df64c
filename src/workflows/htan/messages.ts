import type { ThreadMessage } from '../../integrations/slack.js';
import type { Certification } from '../../integrations/synapse.js';
import { context, escapeMrkdwn, lineSections, message, quote, section } from '../kit/blocks.js';
import { slackDate } from '../kit/wording.js';
import type { Finding } from './findings.js';
import type { CheckReport } from './report.js';
import { RULES } from './rules.js';

const TIER_ICON = { block: ':no_entry:', warn: ':warning:' } as const;
const VERDICT_ICON = { clean: ':white_check_mark:', warnings: ':large_yellow_circle:', blocked: ':no_entry:' } as const;
const FORMAT = { csv: 'CSV', tsv: 'TSV', xlsx: 'Excel workbook' } as const;

/** The check's report in its thread: counts by rule and tier, then the first findings, values masked. */
export function reportMessage(report: CheckReport): ThreadMessage {
  const { file } = report;
  const format = FORMAT[file.format] + (file.encoding ? `, ${file.encoding}` : '');
  const headline = `${VERDICT_ICON[report.verdict]} ${escapeMrkdwn(report.summary)} _${format}._`;
  if (report.verdict === 'clean') return message(escapeMrkdwn(report.summary), [section(headline)]);
  const counts = report.counts.map(
    (c) =>
      `${TIER_ICON[c.tier]} ${escapeMrkdwn(c.title)}: *${c.count.toLocaleString('en-GB')}* — ${escapeMrkdwn(c.fix)}`,
  );
  const first = report.first.map(findingLine);
  const total = report.totals.block + report.totals.warn;
  const more =
    total > report.first.length
      ? `The first ${report.first.length} of ${total.toLocaleString('en-GB')} findings are listed; the attached CSV has ${report.complete ? 'all of them' : `the first ${report.kept.toLocaleString('en-GB')}`}, values masked the same way.`
      : 'The attached CSV lists them too.';
  return message(escapeMrkdwn(report.summary), [
    section(headline),
    section('*By rule* (:no_entry: must be fixed, :warning: check by eye)'),
    ...lineSections(counts),
    section('*First findings* (values masked: 9 = digit, X/x = letter)'),
    ...lineSections(first),
    context(more),
  ]);
}

function findingLine(f: Finding): string {
  const where = `${f.sheet ? `${escapeMrkdwn(f.sheet)} ` : ''}row ${f.row}${f.column ? `, ${quote(f.column)}` : ''}`;
  const value = f.masked ? ` ${quote(f.masked)}` : '';
  return `${TIER_ICON[f.tier]} ${where}: ${escapeMrkdwn(RULES[f.rule].title)}${value}`;
}

export function findingsFileName(fileName: string): string {
  return `htan-findings-${fileName.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;
}

/** What the check did with the center's checklist. */
export function phiItemLine(center: string, ticked: boolean, refreshed: boolean): string {
  const shown = refreshed ? ' (the checklist message is updated)' : '';
  return ticked
    ? `:ballot_box_with_check: Ticked *No PHI* on the ${center} checklist${shown}.`
    : `:ballot_box_with_check: *No PHI* on the ${center} checklist is not ticked: this file has PHI that must be fixed${shown}.`;
}

export function certificationMessage(user: string, userId: string, result: Certification): string {
  const who = `Synapse user ${quote(user)}${user === userId ? '' : ` (id ${userId})`}`;
  switch (result.status) {
    case 'certified':
      return `:white_check_mark: ${who} is a Certified User${result.passedOn ? ` (passed ${slackDate(Date.parse(result.passedOn), '{date_short}')})` : ''}: they may upload to Synapse.`;
    case 'revoked':
      return `:x: ${who} passed the Certified User quiz, but the certification was revoked${result.revokedOn ? ` on ${slackDate(Date.parse(result.revokedOn), '{date_short}')}` : ''}. They cannot upload until Synapse's Access and Compliance Team restores it.`;
    case 'failed':
      return `:x: ${who} took the Certified User quiz and did not pass. They can take it again from their Synapse profile.`;
    case 'never-passed':
      return `:x: ${who} has not passed the Certified User quiz (Synapse has no passing record). They take it from their Synapse profile: https://docs.synapse.org/synapse-docs/synapse-user-account-types`;
  }
}
