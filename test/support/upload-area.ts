import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SlackReply } from '../../src/sandbox/slack-requests.js';
import type { StoredMessage } from '../../src/sandbox/slack-stand-in.js';
import {
  SANDBOX_OPERATOR,
  startStack,
  type SandboxS3,
  type Stack,
  type StackOptions,
} from '../../src/sandbox/stack.js';
import { UPLOAD_AREA_ACTIONS } from '../../src/workflows/upload-area/questions.js';
import { messageWithButton } from './archive.js';
import { sized } from './s3.js';

/** The stack's S3, which upload-area tests start with `withS3`. */
export function s3Of(stack: Stack): SandboxS3 {
  if (!stack.s3) throw new Error('start the stack with withS3: true');
  return stack.s3;
}

/** Puts objects straight into fauxqs (not through the proxy). */
export async function putObjects(
  stack: Stack,
  bucket: string,
  objects: Record<string, string | Uint8Array | { body: string | Uint8Array; contentType: string }>,
): Promise<void> {
  for (const [key, value] of Object.entries(objects)) {
    const { body, contentType } =
      typeof value === 'object' && 'body' in value ? value : { body: value, contentType: undefined };
    await s3Of(stack).client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: sized(body),
        ContentType: contentType,
      }),
    );
  }
}

/** Everything a run's thread holds: texts, block texts and uploaded files, as one string to search. */
export function threadText(stack: Stack, root: StoredMessage): string {
  return stack.slack
    .thread(root)
    .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}\n${(m.files ?? []).map((f) => f.content).join('\n')}`)
    .join('\n');
}

export const AREA_BUCKET = 'hca-util-upload-area';
export const ingestBucket = (env: string) => `org-hca-data-archive-upload-${env}`;

/** A stack with S3 whose polls (notify retries, checksums, fault pauses) are fast. */
export function startUploadAreaStack(options: StackOptions = {}): Promise<Stack> {
  return startStack({ withS3: true, ...options, env: { ARCHIVER_POLL_INTERVAL_MS: '40', ...options.env } });
}

/** Approves the newest sync approval request as `user`. */
export async function approveSync(stack: Stack, user = SANDBOX_OPERATOR): Promise<SlackReply> {
  const request = await messageWithButton(stack, UPLOAD_AREA_ACTIONS.approveSync);
  return stack.requester.click(request, UPLOAD_AREA_ACTIONS.approveSync, { user });
}
