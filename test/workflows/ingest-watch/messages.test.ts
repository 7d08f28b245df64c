import { describe, expect, it } from 'vitest';
import { exportVerdict } from '../../../src/workflows/export/verdict.js';
import {
  leftArchivingText,
  readyForArchivingLines,
  stuckExportLines,
  tokenRefusedLines,
} from '../../../src/workflows/ingest-watch/messages.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12);
const SUBMISSION = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';

describe('watcher notices', () => {
  it('says a submission is ready for archiving, with the project and how long the watcher has seen it there', () => {
    const lines = readyForArchivingLines({
      env: 'prod',
      submissionUuid: SUBMISSION,
      project: { title: 'Heart atlas', shortName: 'HeartAtlas' },
      firstSeenAt: NOW - 3 * HOUR,
      now: NOW,
    });

    expect(lines[0]).toBe(':inbox_tray: *Ready for archiving* (prod): *Heart atlas* (`HeartAtlas`)');
    expect(lines[1]).toMatch(
      new RegExp(`^Submission \`${SUBMISSION}\` has been in Archiving for at least 3 h \\(first seen <!date\\^`),
    );
  });

  it('says when ingest does not know the project yet', () => {
    const [head] = readyForArchivingLines({
      env: 'dev',
      submissionUuid: SUBMISSION,
      project: null,
      firstSeenAt: NOW,
      now: NOW,
    });

    expect(head).toBe(':inbox_tray: *Ready for archiving* (dev): _project not known to ingest yet_');
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

    const lines = stuckExportLines({ env: 'prod', submissionUuid: SUBMISSION, project: null, verdict });

    expect(lines[1]).toBe(':warning: *Export looks stuck:* still EXPORTING, with no update for 7 h.');
    expect(lines.at(-1)).toBe(`Details: \`/hca export ${SUBMISSION} prod\``);
  });

  it('says the token was refused once, in the words the team uses, escaping what ingest said', () => {
    expect(tokenRefusedLines('prod', 'HTTP 401 <html>')).toEqual([
      ':closed_lock_with_key: The ingest token was refused on prod: the ingest token expired or lacks authority.',
      'HTTP 401 &lt;html&gt;',
      'The watcher keeps checking each interval and says nothing more until the token works again.',
    ]);
  });

  it('tells the clicker a submission left Archiving', () => {
    expect(leftArchivingText(SUBMISSION, 'prod', 'Archived')).toBe(
      `Submission \`${SUBMISSION}\` (prod) is no longer in Archiving (it is Archived now), so nothing was started.`,
    );
  });
});
