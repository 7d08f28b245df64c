import { describe, expect, it } from 'vitest';
import { exportVerdict } from '../../../src/workflows/export/verdict.js';
import {
  leftArchivingMessage,
  leftArchivingText,
  readyForArchivingMessage,
  START_ARCHIVING_ACTION,
  stuckExportMessage,
  tokenRefusedMessage,
} from '../../../src/workflows/ingest-watch/messages.js';
import { textOf } from '../../support/block-kit.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12);
const SUBMISSION = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const KEY = `prod:archiving:${SUBMISSION}:1`;
const ready = {
  env: 'prod',
  submissionUuid: SUBMISSION,
  project: { title: 'Heart atlas', shortName: 'HeartAtlas' },
  firstSeenAt: NOW - 3 * HOUR,
  now: NOW,
};

describe('watcher notices', () => {
  it('says a submission is ready for archiving, with the project, how long it has been seen there and the button', () => {
    const notice = readyForArchivingMessage(ready, KEY);
    const text = textOf(notice);

    expect(text).toContain(':inbox_tray: *Ready for archiving* (prod): *Heart atlas* (`HeartAtlas`)');
    expect(text).toMatch(
      new RegExp(`Submission \`${SUBMISSION}\` has been in Archiving for at least 3 h \\(first seen`),
    );
    expect(JSON.stringify(notice.blocks)).toContain(`"action_id":"${START_ARCHIVING_ACTION}"`);
    expect(JSON.stringify(notice.blocks)).toContain(`"value":"${KEY}"`);
  });

  it('says "just reached" on the first interval and when ingest does not know the project yet', () => {
    const text = textOf(readyForArchivingMessage({ ...ready, project: null, firstSeenAt: NOW }, KEY));

    expect(text).toContain('(prod): _project not known to ingest yet_');
    expect(text).toContain('has just reached Archiving');
  });

  it('loses its button once the submission left Archiving', () => {
    const notice = leftArchivingMessage(ready, NOW);

    expect(textOf(notice)).toContain(':arrow_right: No longer in Archiving');
    expect(JSON.stringify(notice.blocks)).not.toContain(START_ARCHIVING_ACTION);
  });

  it('says an export looks stuck, why, and where to look', () => {
    const verdict = exportVerdict(
      [
        {
          id: 'j',
          status: 'EXPORTING',
          createdAt: NOW - 9 * HOUR,
          updatedAt: NOW - 7 * HOUR,
          destination: null,
          totalAssayCount: 3,
          dataTransferComplete: false,
          errors: [],
        },
      ],
      NOW,
      6 * HOUR,
    );
    if (verdict.kind !== 'stuck') throw new Error('expected stuck');

    const text = textOf(stuckExportMessage({ env: 'prod', submissionUuid: SUBMISSION, project: null, verdict }));

    expect(text).toContain(':warning: *Export looks stuck:* still EXPORTING, with no update for 7 h.');
    expect(text).toContain('The data transfer is not confirmed');
    expect(text).toContain(`Details: \`/hca export ${SUBMISSION} prod\``);
  });

  it('says the token was refused in the words the team uses, escaping what ingest said', () => {
    const text = textOf(tokenRefusedMessage('prod', 'HTTP 401 <html>'));

    expect(text).toContain('The ingest token was refused on prod: the ingest token expired or lacks authority.');
    expect(text).toContain('HTTP 401 &lt;html&gt;');
    expect(text).toContain('says nothing more until the token works again');
  });

  it('tells the clicker a submission left Archiving', () => {
    expect(leftArchivingText(SUBMISSION, 'prod', NOW)).toMatch(
      new RegExp(
        `^Submission \`${SUBMISSION}\` \\(prod\\) is no longer in Archiving \\(seen <!date.*\\), so nothing was started\\.`,
      ),
    );
  });
});
