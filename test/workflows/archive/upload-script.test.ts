import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UploadJob } from '../../../src/integrations/archiver.js';
import { conversionInputs, ec2Script, planJson, uploadScript } from '../../../src/workflows/archive/upload-script.js';

const DSP = 'b729f228-d587-440c-ae5b-d0c1f34b8766';

function job(manifestId: string, conversion: UploadJob['conversion']): UploadJob {
  const files = conversion
    ? [{ name: `${manifestId}.bam` }]
    : [{ name: 'a_R1.fastq.gz', readIndex: 'read1', cloudUrl: 's3://bucket/sub/a_R1.fastq.gz' }];
  return {
    manifestId,
    files,
    conversion,
    raw: { manifest_id: manifestId, files: files.map((f) => ({ name: f.name })), note: "it's" },
  };
}

const tenX = job('5e4e6b9e9b297f2fa0f55856', {
  outputName: '5e4e6b9e9b297f2fa0f55856.bam',
  schema: '10xV2',
  inputs: [
    { name: 'x_R1.fastq.gz', readIndex: 'read1', cloudUrl: 's3://bucket/sub/x_R1.fastq.gz' },
    { name: 'x_R2.fastq.gz', readIndex: 'read2', cloudUrl: 's3://bucket/sub/x_R2.fastq.gz' },
  ],
});
const plain = job('5e4e6b9e9b297f2fa0f55857', null);
const nullSchema = job('5e4e6b9e9b297f2fa0f55858', { outputName: 'n.bam', schema: null, inputs: [] });
const options = {
  dspUuid: DSP,
  image: 'quay.io/ebi-ait/ingest-file-archiver:d2024-01-01.1',
  aapUrl: 'https://api.aai.ebi.ac.uk/auth',
};

describe('uploadScript', () => {
  let scratch: string | undefined;
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('sizes a conversion job at the largest input in decimal MB plus 10,000 and others at 1,000', () => {
    const sizes = {
      's3://bucket/sub/x_R1.fastq.gz': { bytes: 2_500_000_999 },
      's3://bucket/sub/x_R2.fastq.gz': { bytes: 7_000_400_000 },
    };

    const result = uploadScript([tenX, plain], sizes, options);

    expect(result.jobs.map((j) => j.memoryMb)).toEqual([17000, 1000]);
    expect(result.script).toContain('-M 17000');
    expect(result.script).toContain('-M 1000');
    expect(conversionInputs([tenX, plain])).toEqual(['s3://bucket/sub/x_R1.fastq.gz', 's3://bucket/sub/x_R2.fastq.gz']);
  });

  it('falls back to the SOP’s 64000 MB and says why when a HEAD failed', () => {
    const sizes = {
      's3://bucket/sub/x_R1.fastq.gz': { bytes: 1 },
      's3://bucket/sub/x_R2.fastq.gz': { error: 'access denied' },
    };

    const result = uploadScript([tenX], sizes, options);

    expect(result.jobs[0]).toMatchObject({
      memoryMb: 64000,
      memoryNote: 'the size of x_R2.fastq.gz could not be read (access denied)',
    });
  });

  it('leaves out a job whose conversion schema is null, with the reason, and numbers the rest from 0', () => {
    const result = uploadScript([nullSchema, plain], {}, options);

    expect(result.skipped).toEqual([
      { manifestId: nullSchema.manifestId, reason: expect.stringContaining('schema is null') },
    ]);
    expect(result.jobs).toEqual([{ index: 0, manifestId: plain.manifestId, memoryMb: 1000 }]);
  });

  it('runs the image from its docker:// address unless the configured image names a scheme', () => {
    expect(uploadScript([plain], {}, options).script).toContain(`docker://${options.image} `);
    expect(uploadScript([plain], {}, { ...options, image: 'library://ebi/file-archiver:1' }).script).toContain(
      ' library://ebi/file-archiver:1 ',
    );
  });

  it('gives the plan as the archiver sent it', () => {
    expect(JSON.parse(planJson([tenX, plain]))).toEqual({ jobs: [tenX.raw, plain.raw] });
  });

  it('runs the SOP’s EC2 docker command over the whole plan, passing credentials by name only', () => {
    scratch = mkdtempSync(join(tmpdir(), 'run-on-ec2-'));
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'docker'),
      '#!/usr/bin/env bash\nfor a in "$@"; do printf "%s\\n" "$a"; done > "$DOCKER_LOG"\necho "AAP_PASSWORD=$AAP_PASSWORD" >> "$DOCKER_LOG"\n',
    );
    chmodSync(join(bin, 'docker'), 0o755);
    const script = ec2Script([plain], { ...options, image: `docker://${options.image}` });
    writeFileSync(join(scratch, 'run-on-ec2.sh'), script);

    execFileSync('bash', [join(scratch, 'run-on-ec2.sh'), join(scratch, 'work')], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        DOCKER_LOG: join(scratch, 'docker.log'),
        AAP_USERNAME: 'hca-ingest',
        AAP_PASSWORD: 'aap-secret-value',
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'aws-secret-value',
      },
    });

    const args = readFileSync(join(scratch, 'docker.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(readFileSync(join(scratch, 'work/FILE_UPLOAD_INFO.json'), 'utf8'))).toEqual({
      jobs: [plain.raw],
    });
    expect(args).toEqual([
      'run',
      '--rm',
      '-v',
      `${join(scratch, 'work')}:/data`,
      '--env',
      'BASE_DIR=/data',
      '--env',
      'UPLOAD_PLAN_PATH=/data/FILE_UPLOAD_INFO.json',
      '--env',
      'AAP_USERNAME',
      '--env',
      'AAP_PASSWORD',
      '--env',
      `AAP_URL=${options.aapUrl}`,
      '--env',
      'AWS_ACCESS_KEY_ID',
      '--env',
      'AWS_SECRET_ACCESS_KEY',
      options.image,
      'AAP_PASSWORD=aap-secret-value',
    ]);
    expect(script).not.toMatch(/secret-value|hca-ingest/);
  });

  it('writes job<i>.json files and submits one bsub per job without expanding credentials', () => {
    scratch = mkdtempSync(join(tmpdir(), 'submit-jobs-'));
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'bsub'),
      '#!/usr/bin/env bash\nfor a in "$@"; do printf "%s\\n" "$a"; done >> "$BSUB_LOG"\necho "--" >> "$BSUB_LOG"\n',
    );
    chmodSync(join(bin, 'bsub'), 0o755);
    const script = uploadScript(
      [tenX, plain],
      { 's3://bucket/sub/x_R1.fastq.gz': { bytes: 1e9 }, 's3://bucket/sub/x_R2.fastq.gz': { bytes: 1e9 } },
      options,
    ).script;
    writeFileSync(join(scratch, 'submit-jobs.sh'), script);

    execFileSync('bash', [join(scratch, 'submit-jobs.sh'), join(scratch, 'work/dir')], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        BSUB_LOG: join(scratch, 'bsub.log'),
        AAP_USERNAME: 'hca-ingest',
        AAP_PASSWORD: 'aap-secret-value',
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'aws-secret-value',
      },
    });

    const jobs = [0, 1].map((i) => JSON.parse(readFileSync(join(scratch!, `work/dir/job${i}.json`), 'utf8')));
    expect(jobs).toEqual([{ jobs: [tenX.raw] }, { jobs: [plain.raw] }]);
    const log = readFileSync(join(scratch, 'bsub.log'), 'utf8');
    expect(log.split('--\n').filter(Boolean)).toHaveLength(2);
    expect(log).toContain(
      `singularity run -B $WORK_DIR:/data docker://${options.image} -d=/data -f=/data/job0.json -l=${options.aapUrl} -u="$AAP_USERNAME" -p="$AAP_PASSWORD"`,
    );
    expect(log).not.toContain('aap-secret-value');
    expect(log).not.toContain('aws-secret-value');
    expect(script).not.toMatch(/secret-value|hca-ingest/);
  });

  it('refuses to submit until the credentials are exported', () => {
    scratch = mkdtempSync(join(tmpdir(), 'submit-jobs-'));
    writeFileSync(join(scratch, 'submit-jobs.sh'), uploadScript([plain], {}, options).script);

    expect(() =>
      execFileSync('bash', [join(scratch!, 'submit-jobs.sh'), join(scratch!, 'w')], {
        env: { PATH: process.env.PATH },
        stdio: 'pipe',
      }),
    ).toThrow(/export AAP_USERNAME first/);
  });
});
