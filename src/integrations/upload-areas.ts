import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import pLimit from 'p-limit';
import { S3CallError, s3CallError, type S3Call } from './s3-errors.js';

/** One object under a listed prefix. */
export interface StoredObject {
  /** The key without the listed prefix: the file's name in its area, nested paths kept. */
  name: string;
  size: number;
  /** The ETag without its quotes. */
  etag: string;
  /** Epoch milliseconds. */
  lastModified: number;
}

export interface S3Location {
  bucket: string;
  key: string;
}

/** The `name` tag of an area's marker object `<area-uuid>/`, or why there is none. */
export type AreaName =
  | { kind: 'named'; name: string }
  | { kind: 'unnamed' }
  | { kind: 'no-marker' }
  /** The S3 server does not implement object tagging (fauxqs). */
  | { kind: 'no-tagging' }
  /** The bot may not read the tags (no s3:GetObjectTagging): the rest of the check goes on. */
  | { kind: 'not-allowed' };

export type CappedRead = { kind: 'read'; bytes: Buffer } | { kind: 'too-large'; size: number };

export interface CopyRequest {
  from: S3Location & { size: number; etag: string };
  to: S3Location;
  /** Aborting stops between parts, aborts the multipart upload and rejects with CopyCancelledError. */
  signal?: AbortSignal;
  /** Called as bytes land at the destination (once per part, or once for a single copy). */
  onBytesCopied?(bytes: number): void;
}

export interface CopyOutcome {
  /** 1 for a single CopyObject. */
  parts: number;
  etag: string;
}

/**
 * Upload areas in S3, read and copied server-side: no object bytes pass through the bot except a spreadsheet read
 * into memory under a cap. Every failure rejects with an S3CallError naming the S3 error and the object.
 */
export interface UploadAreaStorage {
  /** Every object under `prefix` (ListObjectsV2, all pages); the prefix's own marker object is named ''. */
  list(bucket: string, prefix: string): Promise<StoredObject[]>;
  /** HeadBucket: false when the bucket does not exist; AccessDenied rejects. */
  bucketExists(bucket: string): Promise<boolean>;
  areaName(bucket: string, areaUuid: string): Promise<AreaName>;
  /** GetObject into memory; an object above `maxBytes` is refused without being held. */
  read(location: S3Location, maxBytes: number): Promise<CappedRead>;
  /** A server-side copy keeping Content-Type and user metadata: CopyObject, or UploadPartCopy above the threshold. */
  copy(request: CopyRequest): Promise<CopyOutcome>;
  /** Aborts multipart uploads left unfinished at exactly this key (by a crash); returns how many. */
  abortUnfinishedUploads(location: S3Location): Promise<number>;
}

export interface UploadAreaStorageOptions {
  /** Objects larger than this are copied in parts (S3 copies at most 5 GB in one CopyObject). */
  multipartThresholdBytes: number;
  /** Preferred part size; raised so an object needs at most 10,000 parts. */
  partSizeBytes: number;
  /** Parts of one object copied at once. */
  partConcurrency: number;
  /** Bound on one copy call (CopyObject, UploadPartCopy, CompleteMultipartUpload): S3 may take minutes on 5 GB. */
  copyTimeoutMs: number;
  /** Keys per ListObjectsV2 page [1000]. */
  pageSize?: number;
}

/** Thrown when a copy's signal aborts; any multipart upload it started has been aborted. */
export class CopyCancelledError extends Error {
  override readonly name = 'CopyCancelledError';
}

const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

/** The part size for an object: `preferred`, raised to whole MiB so that the object needs at most 10,000 parts. */
export function partSizeFor(size: number, preferred: number): number {
  const least = Math.ceil(size / MAX_PARTS / MIB) * MIB;
  return Math.max(preferred, least);
}

const s3Url = (bucket: string, key = '') => `s3://${bucket}/${key}`;

/**
 * S3 lists keys in ascending UTF-8 byte order and pages from the last key; a server that sorts otherwise (fauxqs
 * sorts by locale) skips keys between pages, so such a listing is refused rather than trusted.
 */
function assertKeyOrder(objects: readonly StoredObject[], target: string): void {
  for (let i = 1; i < objects.length; i++) {
    const [before, after] = [objects[i - 1]!.name, objects[i]!.name];
    if (Buffer.compare(Buffer.from(before), Buffer.from(after)) >= 0) {
      const message =
        `S3 listed ${target} out of key order ("${after}" after "${before}") over several pages, so keys may ` +
        'have been skipped; the bot does not act on that listing.';
      throw new S3CallError('UntrustedListing', undefined, message, undefined, false);
    }
  }
}
const unquote = (etag: string | undefined) => (etag ?? '').replaceAll('"', '');
const copySource = ({ bucket, key }: S3Location) => `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

export function createUploadAreaStorage(client: S3Client, options: UploadAreaStorageOptions): UploadAreaStorage {
  async function call<T>(what: S3Call, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw s3CallError(what, error);
    }
  }

  async function copyInParts(request: CopyRequest): Promise<CopyOutcome> {
    const { from, to, signal } = request;
    const source = s3Url(from.bucket, from.key);
    const target = s3Url(to.bucket, to.key);
    const ifMatch = `"${from.etag}"`;
    const head = await call(
      { operation: 'HeadObject', target: source, permission: 's3:GetObject on it', notFound: 'NoSuchKey' },
      () => client.send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key, IfMatch: ifMatch })),
    );
    const created = await call({ operation: 'CreateMultipartUpload', target, permission: 's3:PutObject on it' }, () =>
      client.send(
        new CreateMultipartUploadCommand({
          Bucket: to.bucket,
          Key: to.key,
          ContentType: head.ContentType,
          Metadata: head.Metadata,
        }),
      ),
    );
    const uploadId = created.UploadId ?? '';
    const stop = new AbortController();
    const onCancel = () => stop.abort();
    signal?.addEventListener('abort', onCancel);
    if (signal?.aborted) stop.abort();
    const partSize = partSizeFor(from.size, options.partSizeBytes);
    const count = Math.ceil(from.size / partSize);
    const limit = pLimit(options.partConcurrency);
    try {
      const parts = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          limit(async () => {
            if (stop.signal.aborted) throw new CopyCancelledError(`The copy to ${target} was cancelled.`);
            const start = index * partSize;
            const end = Math.min(from.size, start + partSize) - 1;
            const part = await call(
              { operation: 'UploadPartCopy', target, permission: 's3:GetObject on the source and s3:PutObject on it' },
              () =>
                client.send(
                  new UploadPartCopyCommand({
                    Bucket: to.bucket,
                    Key: to.key,
                    UploadId: uploadId,
                    PartNumber: index + 1,
                    CopySource: copySource(from),
                    CopySourceRange: `bytes=${start}-${end}`,
                    CopySourceIfMatch: ifMatch,
                  }),
                  { abortSignal: stop.signal, requestTimeout: options.copyTimeoutMs },
                ),
            );
            request.onBytesCopied?.(end - start + 1);
            return { PartNumber: index + 1, ETag: part.CopyPartResult?.ETag };
          }),
        ),
      ).catch((error: unknown) => {
        stop.abort();
        throw signal?.aborted ? new CopyCancelledError(`The copy to ${target} was cancelled.`) : error;
      });
      const done = await call({ operation: 'CompleteMultipartUpload', target, permission: 's3:PutObject on it' }, () =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket: to.bucket,
            Key: to.key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
          { requestTimeout: options.copyTimeoutMs },
        ),
      );
      return { parts: count, etag: unquote(done.ETag) };
    } catch (error) {
      limit.clearQueue();
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: to.bucket, Key: to.key, UploadId: uploadId }))
        .catch(() => undefined);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onCancel);
    }
  }

  return {
    async list(bucket, prefix) {
      const objects: StoredObject[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await call(
          { operation: 'ListObjectsV2', target: s3Url(bucket, prefix), permission: `s3:ListBucket on ${bucket}` },
          () =>
            client.send(
              new ListObjectsV2Command({
                Bucket: bucket,
                Prefix: prefix,
                ContinuationToken: token,
                MaxKeys: options.pageSize,
              }),
            ),
        );
        for (const item of page.Contents ?? []) {
          objects.push({
            name: (item.Key ?? '').slice(prefix.length),
            size: item.Size ?? 0,
            etag: unquote(item.ETag),
            lastModified: item.LastModified?.getTime() ?? 0,
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
        pages += 1;
      } while (token);
      if (pages > 1) assertKeyOrder(objects, s3Url(bucket, prefix));
      return objects;
    },

    async bucketExists(bucket) {
      try {
        await call(
          {
            operation: 'HeadBucket',
            target: s3Url(bucket),
            permission: `s3:ListBucket on ${bucket}`,
            notFound: 'NoSuchBucket',
          },
          () => client.send(new HeadBucketCommand({ Bucket: bucket })),
        );
        return true;
      } catch (error) {
        if ((error as { problem?: string }).problem === 'NoSuchBucket') return false;
        throw error;
      }
    },

    async areaName(bucket, areaUuid) {
      const key = `${areaUuid}/`;
      try {
        const { TagSet } = await call(
          { operation: 'GetObjectTagging', target: s3Url(bucket, key), permission: 's3:GetObjectTagging on it' },
          () => client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key })),
        );
        if (TagSet === undefined) return { kind: 'no-tagging' };
        const name = TagSet.find((tag) => tag.Key === 'name')?.Value;
        return name ? { kind: 'named', name } : { kind: 'unnamed' };
      } catch (error) {
        const problem = (error as { problem?: string }).problem;
        if (problem === 'NoSuchKey') return { kind: 'no-marker' };
        if (problem === 'AccessDenied') return { kind: 'not-allowed' };
        throw error;
      }
    },

    async read(location, maxBytes) {
      const { Body, ContentLength } = await call(
        {
          operation: 'GetObject',
          target: s3Url(location.bucket, location.key),
          permission: 's3:GetObject on it',
          notFound: 'NoSuchKey',
        },
        () => client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key })),
      );
      const body = Body as Readable | undefined;
      if (ContentLength !== undefined && ContentLength > maxBytes) {
        body?.destroy();
        return { kind: 'too-large', size: ContentLength };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of body ?? []) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          body?.destroy();
          return { kind: 'too-large', size };
        }
        chunks.push(chunk as Buffer);
      }
      return { kind: 'read', bytes: Buffer.concat(chunks) };
    },

    async copy(request) {
      const { from, to, signal } = request;
      if (signal?.aborted) throw new CopyCancelledError(`The copy to ${s3Url(to.bucket, to.key)} was cancelled.`);
      if (from.size > options.multipartThresholdBytes) return copyInParts(request);
      const result = await call(
        {
          operation: 'CopyObject',
          target: s3Url(to.bucket, to.key),
          permission: `s3:GetObject on ${s3Url(from.bucket, from.key)} and s3:PutObject on the destination`,
        },
        () =>
          client.send(
            new CopyObjectCommand({
              Bucket: to.bucket,
              Key: to.key,
              CopySource: copySource(from),
              CopySourceIfMatch: `"${from.etag}"`,
            }),
            { requestTimeout: options.copyTimeoutMs },
          ),
      );
      request.onBytesCopied?.(from.size);
      return { parts: 1, etag: unquote(result.CopyObjectResult?.ETag) };
    },

    async abortUnfinishedUploads(location) {
      const target = s3Url(location.bucket, location.key);
      const listed = await call(
        {
          operation: 'ListMultipartUploads',
          target,
          permission: `s3:ListBucketMultipartUploads on ${location.bucket}`,
        },
        () => client.send(new ListMultipartUploadsCommand({ Bucket: location.bucket, Prefix: location.key })),
      );
      const unfinished = (listed.Uploads ?? []).filter((upload) => upload.Key === location.key && upload.UploadId);
      for (const upload of unfinished) {
        await call({ operation: 'AbortMultipartUpload', target, permission: 's3:AbortMultipartUpload on it' }, () =>
          client.send(
            new AbortMultipartUploadCommand({ Bucket: location.bucket, Key: location.key, UploadId: upload.UploadId }),
          ),
        );
      }
      return unfinished.length;
    },
  };
}
