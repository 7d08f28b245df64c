import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLAIN_STYLE } from '../../src/sandbox/render.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { parseScript, runScript } from '../../src/sandbox/script.js';

const DEMO = new URL('../../sandbox/demo.script', import.meta.url);

describe('parseScript', () => {
  it('reads commands, comments and expectations with their line numbers, skipping blank lines', () => {
    const steps = parseScript('# intro\n\n/hca help\nexpect ping\nexpect /R\\d+/i\nexpect-not cancel\n');

    expect(steps).toEqual([
      { line: 1, kind: 'comment', text: '# intro' },
      { line: 3, kind: 'command', text: '/hca help' },
      { line: 4, kind: 'expect', pattern: 'ping' },
      { line: 5, kind: 'expect', pattern: /R\d+/i },
      { line: 6, kind: 'expect-not', pattern: 'cancel' },
    ]);
  });

  it('takes text that starts with a slash but does not end with one literally', () => {
    expect(parseScript('expect /hca cancel <run-id>')).toEqual([
      { line: 1, kind: 'expect', pattern: '/hca cancel <run-id>' },
    ]);
  });

  it('names the line of an expectation without text', () => {
    expect(() => parseScript('/hca help\nexpect', 'demo.script')).toThrow(/^demo\.script:2: `expect` needs the text/);
  });

  it('names the line of an invalid regular expression', () => {
    expect(() => parseScript('expect-not /(unclosed/', 'demo.script')).toThrow(
      /^demo\.script:1: \/\(unclosed\/ is not a valid regular expression/,
    );
  });
});

describe('runScript', () => {
  let sandbox: Sandbox;
  let output: string;
  beforeEach(async () => {
    output = '';
    sandbox = await startSandbox({ write: (text) => (output += text), style: PLAIN_STYLE, timeZone: 'UTC' });
  });
  afterEach(async () => {
    await sandbox.stop();
  });

  const run = (source: string, expectTimeoutMs?: number) =>
    runScript(parseScript(source), sandbox.session, sandbox.transcript, { expectTimeoutMs });

  it('passes sandbox/demo.script', async () => {
    const failure = await runScript(
      parseScript(readFileSync(DEMO, 'utf8'), 'sandbox/demo.script'),
      sandbox.session,
      sandbox.transcript,
    );

    expect(failure, output).toBeUndefined();
    expect(sandbox.stack.bot.runs.get(2)?.status).toBe('cancelled');
  });

  it('fails at the line of an expectation that is not printed in time', async () => {
    const failure = await run('/hca help\nexpect no such text\nexpect ping', 300);

    expect(failure?.line).toBe(2);
    expect(failure?.message).toMatch(/^expected "no such text" within 0.3 s of `\/hca help`/);
    expect(failure?.message).toContain('only visible to you (U0OPERATOR)');
  });

  it('fails at the line of an expect-not whose text was printed since the previous command', async () => {
    const failure = await run('/hca help\nexpect ping\nexpect-not /hca retry');

    expect(failure?.line).toBe(3);
    expect(failure?.message).toMatch(/^"\/hca retry" was printed after `\/hca help`/);
  });

  it('looks only at what was printed since the previous command', async () => {
    const failure = await run('/hca help\nexpect /hca retry\nas U0OTHER /hca help\nexpect-not /hca retry');

    expect(failure).toBeUndefined();
  });

  it('injects a full disk and a damaged database into the running bot, which answers and stays up', async () => {
    const failure = await run(
      [
        '/sandbox disk full',
        'expect The disk is full',
        '/hca ping dev',
        'expect The bot cannot save right now (disk full); nothing was changed.',
        '/sandbox disk ok',
        '/hca ping dev',
        'expect Started',
        '/sandbox db corrupt',
        '/hca runs',
        'expect The bot cannot save right now (its database is damaged); nothing was changed.',
      ].join('\n'),
    );

    expect(failure, output).toBeUndefined();
  });

  it('injects Slack errors: a refused status message goes out as plain text and the run carries on', async () => {
    const failure = await run(
      [
        '/sandbox slack chat.postMessage invalid_blocks',
        'expect The next call of `chat.postMessage` will get {"ok": false, "error": "invalid_blocks"}.',
        '/hca ping dev',
        'expect /R1 · ping dev[^\\n]*Done/',
        '/sandbox slack chat.postMessage not_found_here 2',
        'expect The next 2 calls',
        '/sandbox slack chat.postMessage',
        'expect Usage: `/sandbox slack <method> <error|429> [times]`',
      ].join('\n'),
    );

    expect(failure, output).toBeUndefined();
  });

  it('stops at quit and ignores the rest', async () => {
    const failure = await run('quit\nexpect never printed', 100);

    expect(failure).toBeUndefined();
  });
});
