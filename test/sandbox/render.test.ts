import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { actions, context, section } from '../../src/workflows/kit/blocks.js';
import { slackDate } from '../../src/workflows/kit/wording.js';
import {
  ANSI_STYLE,
  PLAIN_STYLE,
  renderChanges,
  renderContent,
  renderEphemeral,
  renderLogLine,
  renderMrkdwn,
  type RenderContext,
} from '../../src/sandbox/render.js';
import type { StoredMessage } from '../../src/sandbox/slack-stand-in.js';

const NOW = Date.UTC(2027, 2, 3, 9, 0);
const plain: RenderContext = { style: PLAIN_STYLE, now: NOW, timeZone: 'UTC' };

function message(overrides: Partial<StoredMessage>): StoredMessage {
  return { channel: 'C0OPS', ts: '1700000001.000001', text: '', edits: 0, ...overrides };
}

describe('renderMrkdwn', () => {
  it('drops bold, italic and strike marks in plain style and keeps code in backticks', () => {
    const text = '*R1 · ping* is _slow_, ~done~ see `archiver_api_key`';

    expect(renderMrkdwn(text, plain)).toBe('R1 · ping is slow, done see `archiver_api_key`');
  });

  it('leaves underscores and stars inside words and code alone', () => {
    expect(renderMrkdwn('ingest_api_token and 2*3*4 `a_b_c`', plain)).toBe('ingest_api_token and 2*3*4 `a_b_c`');
  });

  it('reads the same in ANSI style once the escape codes are stripped', () => {
    const text = '*Done* _now_ `code` <@U1> :x:';

    const ansi = renderMrkdwn(text, { ...plain, style: ANSI_STYLE });

    expect(ansi).not.toBe(renderMrkdwn(text, plain));
    expect(stripVTControlCharacters(ansi)).toBe(renderMrkdwn(text, plain));
  });

  it('shows mentions, channels and broadcasts by name', () => {
    expect(renderMrkdwn('<@U0OPERATOR> <@U2|alice> in <#C0OPS|hca-operations> <!here>', plain)).toBe(
      '@U0OPERATOR @alice in #hca-operations @here',
    );
  });

  it('shows a link as its label followed by the address', () => {
    expect(renderMrkdwn('see its <https://slack.com/archives/C0OPS/p1|thread>', plain)).toBe(
      'see its thread (https://slack.com/archives/C0OPS/p1)',
    );
    expect(renderMrkdwn('<https://example.org>', plain)).toBe('https://example.org');
  });

  it('formats Slack dates in the reader zone, relative to the sandbox clock', () => {
    expect(renderMrkdwn(`started ${slackDate(NOW - 60_000)}`, plain)).toBe('started today 08:59');
    expect(renderMrkdwn(slackDate(NOW - 86_400_000, '{date_pretty} {time_secs}'), plain)).toBe('yesterday 09:00:00');
    expect(renderMrkdwn(slackDate(NOW + 7 * 86_400_000), plain)).toBe('10 Mar 2027 09:00');
    expect(renderMrkdwn(slackDate(NOW, '{date_long} · {date_num} · {date}'), plain)).toBe(
      'Wednesday 3 March 2027 · 2027-03-03 · 3 March 2027',
    );
    expect(renderMrkdwn(slackDate(NOW - 3 * 3_600_000, '{ago}'), plain)).toBe('3 hours ago');
    expect(renderMrkdwn(slackDate(NOW, '{date_short_pretty}'), { ...plain, timeZone: 'Pacific/Kiritimati' })).toBe(
      'today',
    );
  });

  it('falls back to the fallback text when the date is not a number', () => {
    expect(renderMrkdwn('<!date^soon^{time}|in a while>', plain)).toBe('in a while');
  });

  it('turns the emoji the bot uses into characters and leaves others as written', () => {
    expect(renderMrkdwn(':white_check_mark: ok :unknown_thing: at 09:40:12', plain)).toBe(
      '✅ ok :unknown_thing: at 09:40:12',
    );
  });

  it('unescapes entities without turning them into links', () => {
    expect(renderMrkdwn('&lt;run-id&gt; &amp; more', plain)).toBe('<run-id> & more');
  });
});

describe('renderContent', () => {
  it('shows sections, context and numbered buttons with their style and confirmation', () => {
    const blocks = [
      section('*R1 · ping* — :arrows_counterclockwise: Running'),
      context('requested by <@U0OPERATOR>'),
      actions('run-1', [
        {
          actionId: 'run_cancel',
          text: 'Cancel R1',
          value: '1',
          style: 'danger',
          confirm: { title: 'Cancel R1?', text: 'Sure?', confirm: 'Yes', deny: 'No' },
        },
        { actionId: 'run_retry', text: 'Retry R1', value: '1' },
      ]),
    ];

    const lines = renderContent({ text: 'fallback', blocks }, plain, (actionId) =>
      actionId === 'run_cancel' ? 4 : undefined,
    );

    expect(lines).toEqual([
      'R1 · ping — 🔄 Running',
      'requested by @U0OPERATOR',
      '[4] Cancel R1 (danger, asks "Cancel R1?" first)',
      '[ ] Retry R1',
    ]);
  });

  it('shows the text of a message without blocks', () => {
    expect(renderContent({ text: '*dev*\n:x: archiver: down' }, plain)).toEqual(['dev', '❌ archiver: down']);
  });

  it('shows an uploaded file by name with its first lines', () => {
    const content = Array.from({ length: 8 }, (_, i) => `line ${i + 1}`).join('\n');

    const lines = renderContent(
      { text: 'Files', files: [{ id: 'F1', filename: 'missing.tsv', title: 'Missing files', content }] },
      plain,
    );

    expect(lines).toEqual([
      'Files',
      '📎 missing.tsv — Missing files (8 lines)',
      '│ line 1',
      '│ line 2',
      '│ line 3',
      '│ line 4',
      '│ line 5',
      '│ … 3 more lines (`/sandbox file missing.tsv` shows all)',
    ]);
  });
});

describe('renderChanges', () => {
  const root = message({ ts: '1.000001', text: 'R1 ping: Running', blocks: [section('*R1* running')] });
  const reply = message({ ts: '2.000002', threadTs: '1.000001', text: '*dev*\nok' });

  it('shows each root message with its thread replies indented under it', () => {
    const { text } = renderChanges([root, reply], new Map(), plain);

    expect(text).toBe(['#C0OPS · bot', '  R1 running', '  ↳ bot in the thread', '    dev', '    ok'].join('\n'));
  });

  it('shows nothing when nothing changed since the last rendering', () => {
    const first = renderChanges([root, reply], new Map(), plain);

    expect(renderChanges([root, reply], first.shown, plain).text).toBe('');
  });

  it('shows an edited root message again, marked as edited', () => {
    const first = renderChanges([root], new Map(), plain);
    const edited = { ...root, blocks: [section('*R1* done')], edits: 1 };

    expect(renderChanges([edited], first.shown, plain).text).toBe('#C0OPS · bot (edited)\n  R1 done');
  });

  it('names the thread a new reply belongs to when its root did not change', () => {
    const first = renderChanges([root], new Map(), plain);

    expect(renderChanges([root, reply], first.shown, plain).text).toBe(
      ['#C0OPS · thread of "R1 ping: Running"', '  ↳ bot in the thread', '    dev', '    ok'].join('\n'),
    );
  });

  it('numbers buttons through the context so they can be clicked', () => {
    const withButton = message({ blocks: [actions('b', [{ actionId: 'run_cancel', text: 'Cancel R1', value: '1' }])] });
    const asked: string[] = [];

    const { text } = renderChanges([withButton], new Map(), {
      ...plain,
      buttonNumber: (m, actionId, value) => {
        asked.push(`${m.ts} ${actionId} ${value}`);
        return 7;
      },
    });

    expect(text).toContain('[7] Cancel R1');
    expect(asked).toEqual(['1700000001.000001 run_cancel 1']);
  });
});

describe('renderEphemeral', () => {
  it('marks an ack as visible only to the user who typed the command', () => {
    expect(renderEphemeral({ response_type: 'ephemeral', text: 'Started *R1*.' }, 'U0OPERATOR', plain)).toBe(
      'only visible to you (U0OPERATOR)\n  Started R1.',
    );
  });

  it('says when a response replaces the clicked message', () => {
    expect(renderEphemeral({ replace_original: true, text: 'Approved' }, 'U0APPROVER', plain)).toBe(
      'replaces the message you clicked\n  Approved',
    );
  });
});

describe('renderLogLine', () => {
  it('shortens a JSON log line to level, logger, message and fields', () => {
    const line = JSON.stringify({
      time: '2027-03-03T09:00:00.000Z',
      level: 'warn',
      name: 'runner',
      msg: 'run step failed',
      run: 'R2',
      retryable: true,
    });

    expect(renderLogLine(line, PLAIN_STYLE)).toBe('⚠ bot warn runner: run step failed · run=R2 · retryable=true');
  });

  it('passes a line that is not JSON through', () => {
    expect(renderLogLine('plain words', PLAIN_STYLE)).toBe('plain words');
  });
});
