import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { S3CallError } from '../../src/integrations/s3-errors.js';
import {
  CopyCancelledError,
  createUploadAreaStorage,
  partSizeFor,
  type UploadAreaStorage,
  type UploadAreaStorageOptions,
} from '../../src/integrations/upload-areas.js';
import { INTERNAL_ERROR, S3FaultProxy, SLOW_DOWN } from '../../src/sandbox/s3-fault-proxy.js';
import { rejectionOf } from '../support/http.js';
import { MOTO_AVAILABLE, MOTO_MISSING, startMoto, type Moto } from '../support/moto.js';
import { seedBucket, testS3Client, uniqueBucket } from '../support/s3.js';
import { waitFor } from '../support/wait.js';

const MIB = 1024 * 1024;
const AREA = '4f9d3a1c-8b2e-4c55-9a0f-1e2d3c4b5a69';
const SUBMISSION = '0b7e7f7c-2d1a-4e8b-b6a5-9c8d7e6f5a4b';
const OPTIONS: UploadAreaStorageOptions = {
  multipartThresholdBytes: 6 * MIB,
  partSizeBytes: 5 * MIB,
  partConcurrency: 2,
  copyTimeoutMs: 60_000,
};

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

async function body(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()));
}

describe('UploadAreaStorage against fauxqs behind the fault proxy', () => {
  const source = uniqueBucket('secure-area');
  const destination = uniqueBucket('ingest-upload');
  // fauxqs takes bodies up to 11 MiB: three parts of 5, 5 and 0.5 MiB.
  const large = randomBytes(10.5 * MIB);
  let proxy: S3FaultProxy;
  let client: S3Client;
  let storage: UploadAreaStorage;

  beforeAll(async () => {
    proxy = await new S3FaultProxy(inject('s3Endpoint')).start();
    client = testS3Client(proxy.url);
    storage = createUploadAreaStorage(client, { ...OPTIONS, pageSize: 2 });
    await seedBucket(client, source, {
      [`${AREA}/`]: '',
      [`${AREA}/cells_R1.fastq.gz`]: { body: 'ACGT', contentType: 'application/gzip' },
      [`${AREA}/run 2/cells+lane_R2.fastq.gz`]: { body: 'TTGCA', contentType: 'application/x-fastq' },
      [`${AREA}/metadata.xlsx`]: 'not really a workbook',
      [`${AREA}/empty.bam`]: '',
      [`${AREA}/nested/deeper/é.txt`]: 'accent',
      [`${AREA}/large.bam`]: { body: large, contentType: 'application/x-bam' },
      [`other-area/x.txt`]: 'not this area',
    });
    await seedBucket(client, destination, {});
  });
  afterEach(() => proxy.reset());
  afterAll(() => proxy.stop());

  it('lists an area over several ListObjectsV2 pages, with sizes, ETags and times, marker named ""', async () => {
    const objects = await storage.list(source, `${AREA}/`);

    expect(objects.map((o) => [o.name, o.size]).sort()).toEqual(
      [
        ['', 0],
        ['cells_R1.fastq.gz', 4],
        ['empty.bam', 0],
        ['large.bam', 10.5 * MIB],
        ['metadata.xlsx', 21],
        ['nested/deeper/é.txt', 6],
        ['run 2/cells+lane_R2.fastq.gz', 5],
      ].sort(),
    );
    expect(proxy.count('ListObjectsV2')).toBe(4);
    const fastq = objects.find((o) => o.name === 'cells_R1.fastq.gz');
    expect(fastq?.etag).toBe(md5(Buffer.from('ACGT')));
    expect(fastq?.lastModified).toBeGreaterThan(Date.parse('2020-01-01'));
  });

  it('refuses a listing over several pages that comes back out of key order (fauxqs sorts by locale and skips keys)', async () => {
    const bucket = uniqueBucket('out-of-order');
    await seedBucket(client, bucket, { 'a/cells_99_R1.fastq.gz': 'x', 'a/cells_999_R1.fastq.gz': 'y', 'a/z': 'z' });

    const error = await rejectionOf(storage.list(bucket, 'a/'), S3CallError);

    expect(error.problem).toBe('UntrustedListing');
    expect(error.message).toBe(
      `S3 listed s3://${bucket}/a/ out of key order ("cells_999_R1.fastq.gz" after "cells_99_R1.fastq.gz") over ` +
        'several pages, so keys may have been skipped; the bot does not act on that listing.',
    );
  });

  it('says whether a bucket exists with HeadBucket', async () => {
    expect(await storage.bucketExists(destination)).toBe(true);
    expect(await storage.bucketExists(uniqueBucket('missing'))).toBe(false);
  });

  it('reports that fauxqs has no object tagging instead of failing', async () => {
    expect(await storage.areaName(source, AREA)).toEqual({ kind: 'no-tagging' });
  });

  it('reads an object under the cap into memory', async () => {
    const read = await storage.read({ bucket: source, key: `${AREA}/metadata.xlsx` }, 1000);

    expect(read).toEqual({ kind: 'read', bytes: Buffer.from('not really a workbook') });
  });

  it('refuses an object above the cap from its length, without reading its bytes', async () => {
    const read = await storage.read({ bucket: source, key: `${AREA}/large.bam` }, MIB);

    expect(read).toEqual({ kind: 'too-large', size: 10.5 * MIB });
    expect(proxy.bytesToClient).toBeLessThan(8 * MIB);
  });

  it('copies a small object with one CopyObject, keeping its Content-Type and nested path', async () => {
    const copied: number[] = [];

    const outcome = await storage.copy({
      from: { bucket: source, key: `${AREA}/run 2/cells+lane_R2.fastq.gz`, size: 5, etag: md5(Buffer.from('TTGCA')) },
      to: { bucket: destination, key: `${SUBMISSION}/run 2/cells+lane_R2.fastq.gz` },
      onBytesCopied: (bytes) => copied.push(bytes),
    });

    expect(outcome).toEqual({ parts: 1, etag: md5(Buffer.from('TTGCA')) });
    expect(copied).toEqual([5]);
    const head = await client.send(
      new HeadObjectCommand({ Bucket: destination, Key: `${SUBMISSION}/run 2/cells+lane_R2.fastq.gz` }),
    );
    expect(head.ContentType).toBe('application/x-fastq');
    expect(await body(client, destination, `${SUBMISSION}/run 2/cells+lane_R2.fastq.gz`)).toEqual(Buffer.from('TTGCA'));
    expect(proxy.calls.map((c) => c.operation)).toEqual(['CopyObject', 'HeadObject', 'GetObject']);
  });

  it('copies an empty object with CopyObject', async () => {
    const outcome = await storage.copy({
      from: { bucket: source, key: `${AREA}/empty.bam`, size: 0, etag: md5(Buffer.alloc(0)) },
      to: { bucket: destination, key: `${SUBMISSION}/empty.bam` },
    });

    expect(outcome.parts).toBe(1);
    expect(await body(client, destination, `${SUBMISSION}/empty.bam`)).toEqual(Buffer.alloc(0));
  });

  it('copies an object above the threshold in parts with UploadPartCopy, keeping its bytes and Content-Type', async () => {
    const copied: number[] = [];

    const outcome = await storage.copy({
      from: { bucket: source, key: `${AREA}/large.bam`, size: large.length, etag: md5(large) },
      to: { bucket: destination, key: `${SUBMISSION}/deep/large.bam` },
      onBytesCopied: (bytes) => copied.push(bytes),
    });

    expect(outcome.parts).toBe(3);
    expect(outcome.etag).toMatch(/-3$/);
    expect(copied.sort((a, b) => a - b)).toEqual([0.5 * MIB, 5 * MIB, 5 * MIB]);
    expect(proxy.count('UploadPartCopy')).toBe(3);
    expect(proxy.count('CompleteMultipartUpload')).toBe(1);
    const head = await client.send(new HeadObjectCommand({ Bucket: destination, Key: `${SUBMISSION}/deep/large.bam` }));
    expect(head.ContentType).toBe('application/x-bam');
    expect(md5(await body(client, destination, `${SUBMISSION}/deep/large.bam`))).toBe(md5(large));
  });

  it('gives a listing that gets no answer the client timeout, and only copy calls the longer copy bound', async () => {
    const quick = createUploadAreaStorage(testS3Client(proxy.url, 300), { ...OPTIONS, copyTimeoutMs: 3000 });
    proxy.failNext({ operation: 'ListObjectsV2' }, 'hang', 2);
    proxy.failNext({ operation: 'CopyObject' }, 'hang', 2);

    const listing = await rejectionOf(quick.list(source, `${AREA}/`), S3CallError);
    const copy = await rejectionOf(
      quick.copy({
        from: { bucket: source, key: `${AREA}/cells_R1.fastq.gz`, size: 4, etag: md5(Buffer.from('ACGT')) },
        to: { bucket: destination, key: `${SUBMISSION}/slow.fastq.gz` },
      }),
      S3CallError,
    );

    expect([listing.problem, listing.retryable, copy.problem, copy.retryable]).toEqual([
      'Unreachable',
      true,
      'Unreachable',
      true,
    ]);
    expect(String(listing.cause)).toContain('configured 300 ms requestTimeout');
    expect(String(copy.cause)).toContain('configured 3000 ms requestTimeout');
  });

  it('copies at most partConcurrency parts at once, and a cancel aborts the multipart upload', async () => {
    proxy.failNext({ operation: 'UploadPartCopy' }, 'hang', 3);
    const cancel = new AbortController();

    const copying = storage.copy({
      from: { bucket: source, key: `${AREA}/large.bam`, size: large.length, etag: md5(large) },
      to: { bucket: destination, key: `${SUBMISSION}/cancelled.bam` },
      signal: cancel.signal,
    });
    await waitFor('two parts in flight', () => proxy.count('UploadPartCopy') === 2);
    cancel.abort();
    const error = await rejectionOf(copying, CopyCancelledError);

    expect(error.message).toBe(`The copy to s3://${destination}/${SUBMISSION}/cancelled.bam was cancelled.`);
    expect(proxy.count('UploadPartCopy')).toBe(2);
    expect(proxy.count('AbortMultipartUpload')).toBe(1);
    expect(await storage.list(destination, `${SUBMISSION}/cancelled`)).toEqual([]);
  });

  it('aborts the multipart upload when a part is refused, and names AccessDenied', async () => {
    proxy.deny({ operation: 'UploadPartCopy' });

    const error = await rejectionOf(
      storage.copy({
        from: { bucket: source, key: `${AREA}/large.bam`, size: large.length, etag: md5(large) },
        to: { bucket: destination, key: `${SUBMISSION}/refused.bam` },
      }),
      S3CallError,
    );

    expect(error.problem).toBe('AccessDenied');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `S3 refused UploadPartCopy on s3://${destination}/${SUBMISSION}/refused.bam (AccessDenied): the bot's AWS ` +
        'identity needs s3:GetObject on the source and s3:PutObject on it.',
    );
    expect(proxy.count('AbortMultipartUpload')).toBe(1);
    expect(await storage.list(destination, `${SUBMISSION}/refused`)).toEqual([]);
  });

  it('rides out one SlowDown (the SDK backs off) and names throttling that persists as retryable', async () => {
    const from = { bucket: source, key: `${AREA}/cells_R1.fastq.gz`, size: 4, etag: md5(Buffer.from('ACGT')) };
    proxy.failNext({ operation: 'CopyObject' }, SLOW_DOWN, 1);

    await storage.copy({ from, to: { bucket: destination, key: `${SUBMISSION}/slow.fastq.gz` } });
    proxy.failNext({ operation: 'CopyObject' }, SLOW_DOWN, 2);
    const error = await rejectionOf(
      storage.copy({ from, to: { bucket: destination, key: `${SUBMISSION}/slower.fastq.gz` } }),
      S3CallError,
    );

    expect(error.problem).toBe('Throttled');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      `S3 asked the bot to slow down on CopyObject of s3://${destination}/${SUBMISSION}/slower.fastq.gz (SlowDown).`,
    );
  });

  it('names a 500 as a retryable server error', async () => {
    proxy.failNext({ operation: 'ListObjectsV2' }, INTERNAL_ERROR, 2);

    const error = await rejectionOf(storage.list(source, `${AREA}/`), S3CallError);

    expect(error.problem).toBe('ServerError');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`S3 answered 500 (InternalError) to ListObjectsV2 on s3://${source}/${AREA}/.`);
  });

  it('names a source that changed during the copy (412) as retryable', async () => {
    proxy.failNext({ operation: 'CopyObject' }, { status: 412, code: 'PreconditionFailed' });

    const error = await rejectionOf(
      storage.copy({
        from: { bucket: source, key: `${AREA}/cells_R1.fastq.gz`, size: 4, etag: 'stale' },
        to: { bucket: destination, key: `${SUBMISSION}/changed.fastq.gz` },
      }),
      S3CallError,
    );

    expect(error.problem).toBe('SourceChanged');
    expect(error.retryable).toBe(true);
  });

  it('names NoSuchBucket, NoSuchKey and AccessDenied on HeadBucket', async () => {
    const missingBucket = uniqueBucket('missing');
    const noBucket = await rejectionOf(storage.list(missingBucket, `${AREA}/`), S3CallError);
    const noKey = await rejectionOf(storage.read({ bucket: source, key: `${AREA}/gone.xlsx` }, 1000), S3CallError);
    proxy.deny({ operation: 'HeadBucket' });
    const denied = await rejectionOf(storage.bucketExists(destination), S3CallError);

    expect(noBucket.message).toBe(
      `S3 ListObjectsV2 on s3://${missingBucket}/${AREA}/ failed: the bucket does not exist (NoSuchBucket).`,
    );
    expect(noKey.message).toBe(
      `S3 GetObject on s3://${source}/${AREA}/gone.xlsx failed: the object does not exist (NoSuchKey).`,
    );
    expect(denied.message).toBe(
      `S3 refused HeadBucket on s3://${destination}/ (AccessDenied): the bot's AWS identity needs s3:ListBucket on ${destination}.`,
    );
    expect([noBucket.retryable, noKey.retryable, denied.retryable]).toEqual([false, false, false]);
  });
});

describe('partSizeFor', () => {
  it('keeps the preferred size while the object fits in 10,000 parts', () => {
    expect(partSizeFor(100 * 1024 * MIB, 64 * MIB)).toBe(64 * MIB);
  });

  it('raises the part size, in whole MiB, so that a 5 TiB object needs at most 10,000 parts', () => {
    const size = 5 * 1024 * 1024 * MIB;

    const part = partSizeFor(size, 64 * MIB);

    expect(part % MIB).toBe(0);
    expect(Math.ceil(size / part)).toBeLessThanOrEqual(10_000);
    expect(Math.ceil(size / (part - MIB))).toBeGreaterThan(10_000);
  });
});

describe.runIf(MOTO_AVAILABLE)(
  `UploadAreaStorage against moto_server${MOTO_AVAILABLE ? '' : `: ${MOTO_MISSING}`}`,
  () => {
    const bucket = uniqueBucket('secure-area');
    let moto: Moto;
    let client: S3Client;
    let storage: UploadAreaStorage;

    beforeAll(async () => {
      moto = await startMoto();
      client = testS3Client(moto.endpoint);
      storage = createUploadAreaStorage(client, OPTIONS);
      await seedBucket(client, bucket, {
        [`${AREA}/`]: { body: '', tagging: 'name=Liver%20atlas%20MA&perms=ux' },
        [`${SUBMISSION}/`]: '',
      });
    }, 60_000);
    afterAll(() => moto?.stop());

    it("reads the area's name tag, and says when there is none or no marker", async () => {
      expect(await storage.areaName(bucket, AREA)).toEqual({ kind: 'named', name: 'Liver atlas MA' });
      expect(await storage.areaName(bucket, SUBMISSION)).toEqual({ kind: 'unnamed' });
      expect(await storage.areaName(bucket, '99999999-8b2e-4c55-9a0f-1e2d3c4b5a69')).toEqual({ kind: 'no-marker' });
    });

    it('aborts a multipart upload a crash left unfinished at exactly that key', async () => {
      const key = `${SUBMISSION}/large.bam`;
      await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
      await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: `${key}.other` }));

      const aborted = await storage.abortUnfinishedUploads({ bucket, key });

      expect(aborted).toBe(1);
      const left = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      expect(left.Uploads?.map((u) => u.Key)).toEqual([`${key}.other`]);
    });
  },
);
