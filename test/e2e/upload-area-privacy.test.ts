import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hcaWorkbook } from '../../src/sandbox/hca-workbook.js';
import { SANDBOX_AREA, SANDBOX_SUBMISSION } from '../../src/sandbox/secure-area.js';
import type { Stack } from '../../src/sandbox/stack.js';
import { finished } from '../support/archive.js';
import { DISTINCTIVE_CELL_VALUES } from '../support/distinctive.js';
import { expectSecretsKept } from '../support/secrets.js';
import { approveSync, AREA_BUCKET, s3Of, startUploadAreaStack } from '../support/upload-area.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('managed-access data never leaves S3 through the bot', () => {
  let stack: Stack | undefined;
  let tempDir: string | undefined;
  const savedTmpdir = process.env.TMPDIR;
  afterEach(async () => {
    await stack?.stop();
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  it('no cell value of the spreadsheet reaches Slack, a log line, the database or the temp directory', async () => {
    tempDir = mkdtempSync(join(tmpdir(), 'upload-area-privacy-'));
    process.env.TMPDIR = tempDir;
    const lines: string[] = [];
    stack = await startUploadAreaStack({ env: { LOG_LEVEL: 'debug' }, logSink: (line) => lines.push(line) });
    const workbook = await hcaWorkbook([
      { name: 'Donor organism', otherValues: DISTINCTIVE_CELL_VALUES },
      {
        name: 'Sequence file',
        fileNameHeader: 'sequence_file.file_core.file_name',
        fileNames: ['cells_R1.fastq.gz', 'cells_R2.fastq.gz', 'run 2/cells+lane2_R1.fastq.gz'],
        otherValues: DISTINCTIVE_CELL_VALUES,
      },
    ]);
    await s3Of(stack).client.send(
      new PutObjectCommand({ Bucket: AREA_BUCKET, Key: `${SANDBOX_AREA}/metadata.xlsx`, Body: workbook }),
    );

    await stack.requester.command(`upload-area check ${SANDBOX_AREA}`);
    const check = await finished(stack, 1);
    await stack.requester.command(`upload-area sync ${SANDBOX_AREA} ${SANDBOX_SUBMISSION} dev --include-spreadsheets`);
    await approveSync(stack);
    const sync = await finished(stack, 2);

    expect([check.status, sync.status]).toEqual(['succeeded', 'succeeded']);
    expect(lines.length).toBeGreaterThan(0);
    expectSecretsKept(stack, lines, DISTINCTIVE_CELL_VALUES);
    expect(JSON.stringify(stack.slack.messages)).toContain('metadata.xlsx declares 3 files');
    const scanned = filesUnder(tempDir);
    expect(scanned.some((path) => path.endsWith('bot.sqlite'))).toBe(true);
    for (const path of scanned) {
      const bytes = readFileSync(path);
      for (const value of DISTINCTIVE_CELL_VALUES) {
        expect(bytes.includes(Buffer.from(value)), `${value} in ${path}`).toBe(false);
        expect(bytes.includes(Buffer.from(value, 'utf16le')), `${value} in ${path}`).toBe(false);
      }
    }
  });
});
