import type { Dispatcher } from 'undici';
import { ExternalServiceError } from '../errors.js';
import { answerError, parseAnswer, send } from './http.js';
import { ChecksumStatusResponse } from './upload-service-schema.js';

const SERVICE = 'The upload service';

/**
 * The ingest upload service of one environment: told about each file copied into an upload area, it checksums the
 * file, tags it and registers it with ingest. Each part of a nested name is URL-encoded and its `/` kept, as the
 * upload service's own clients send it.
 */
export interface UploadServiceClient {
  readonly baseUrl: string;
  /** `POST /v1/area/<uuid>/<name>`; resolves on 202. A 404 (unknown area) rejects non-retryably, 5xx and faults retryably. */
  notify(areaUuid: string, name: string): Promise<void>;
  /** The file's checksum status as the service spells it; CHECKSUMMED when done. */
  checksumStatus(areaUuid: string, name: string): Promise<string>;
}

export interface UploadServiceOptions {
  baseUrl: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export function createUploadServiceClient(options: UploadServiceOptions): UploadServiceClient {
  const { baseUrl, timeoutMs, dispatcher } = options;
  const host = new URL(baseUrl).host;
  const fileUrl = (areaUuid: string, name: string) =>
    `${baseUrl}/v1/area/${areaUuid}/${name.split('/').map(encodeURIComponent).join('/')}`;
  const notFound = (areaUuid: string, name: string) =>
    new ExternalServiceError(
      SERVICE,
      `The upload service at ${host} knows no upload area ${areaUuid} or no file ${name} in it (HTTP 404).`,
      { retryable: false },
    );
  return {
    baseUrl,
    async notify(areaUuid, name) {
      const answer = await send(SERVICE, {
        method: 'POST',
        url: fileUrl(areaUuid, name),
        headers: { accept: 'application/json' },
        timeoutMs,
        dispatcher,
      });
      if (answer.status === 202) return;
      if (answer.status === 404) throw notFound(areaUuid, name);
      throw answerError(SERVICE, answer);
    },
    async checksumStatus(areaUuid, name) {
      const answer = await send(SERVICE, {
        method: 'GET',
        url: `${fileUrl(areaUuid, name)}/checksum`,
        headers: { accept: 'application/json' },
        timeoutMs,
        dispatcher,
      });
      if (answer.status === 404) throw notFound(areaUuid, name);
      if (answer.status !== 200) throw answerError(SERVICE, answer);
      return parseAnswer(SERVICE, answer, ChecksumStatusResponse).checksum_status;
    },
  };
}
