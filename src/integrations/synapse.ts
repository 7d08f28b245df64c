import type { Dispatcher } from 'undici';
import { ExternalServiceError, UserInputError } from '../errors.js';
import { parseAnswer, send, statusError, type HttpAnswer } from './http.js';
import { ErrorResponse, PassingRecordResponse, PrincipalAliasResponse } from './synapse-schema.js';

const SERVICE = 'Synapse';

/** Whether a user may upload to Synapse, from their Certified User passing record. */
export type Certification =
  | { status: 'certified'; passedOn?: string }
  | { status: 'revoked'; revokedOn?: string }
  /** Took the quiz and did not pass. */
  | { status: 'failed' }
  /** No passing record (Synapse answers 404): never passed, or no such user. */
  | { status: 'never-passed' };

/** The username is not a Synapse user: the person typed it wrong. */
export class SynapseUserNotFoundError extends UserInputError {
  constructor(username: string) {
    super(`Synapse has no user named "${username}". Check the spelling, or give the numeric user id.`);
  }
}

/**
 * The two Synapse REST calls the HTAN checklist needs, anonymous. A 404 on the alias rejects with
 * SynapseUserNotFoundError; 5xx, HTML pages, malformed JSON and timeouts with a retryable ExternalServiceError;
 * other 4xx with a non-retryable one quoting Synapse's reason.
 */
export interface SynapseClient {
  readonly baseUrl: string;
  /** `POST /repo/v1/principal/alias` with `{"alias": username, "type": "USER_NAME"}`: the user's numeric id. */
  userId(username: string): Promise<string>;
  /** `GET /repo/v1/user/{id}/certifiedUserPassingRecord`. */
  certification(userId: string): Promise<Certification>;
}

export interface SynapseClientOptions {
  baseUrl: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export function createSynapseClient(options: SynapseClientOptions): SynapseClient {
  const { baseUrl, timeoutMs, dispatcher } = options;
  const headers = { accept: 'application/json' };
  return {
    baseUrl,
    async userId(username) {
      const answer = await send(SERVICE, {
        method: 'POST',
        url: `${baseUrl}/repo/v1/principal/alias`,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ alias: username, type: 'USER_NAME' }),
        timeoutMs,
        dispatcher,
      });
      if (answer.status === 404 && reasonOf(answer) !== undefined) throw new SynapseUserNotFoundError(username);
      if (answer.status !== 200) throw answerError(answer);
      return parseAnswer(SERVICE, answer, PrincipalAliasResponse);
    },
    async certification(userId) {
      const answer = await send(SERVICE, {
        method: 'GET',
        url: `${baseUrl}/repo/v1/user/${encodeURIComponent(userId)}/certifiedUserPassingRecord`,
        headers,
        timeoutMs,
        dispatcher,
      });
      if (answer.status === 404 && reasonOf(answer) !== undefined) return { status: 'never-passed' };
      if (answer.status !== 200) throw answerError(answer);
      const record = parseAnswer(SERVICE, answer, PassingRecordResponse);
      if (record.revoked) return { status: 'revoked', ...(record.revokedOn ? { revokedOn: record.revokedOn } : {}) };
      if (record.certified ?? record.passed) {
        return { status: 'certified', ...(record.passedOn ? { passedOn: record.passedOn } : {}) };
      }
      return { status: 'failed' };
    },
  };
}

/** Synapse's `reason`, when the body is its JSON ErrorResponse. */
function reasonOf(answer: HttpAnswer): string | undefined {
  try {
    const parsed = ErrorResponse.safeParse(JSON.parse(answer.body));
    return parsed.success ? parsed.data.reason.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** A 4xx that gives a reason is quoted and not retried; anything else is described by its status. */
function answerError(answer: HttpAnswer): ExternalServiceError {
  const reason = reasonOf(answer);
  const clientError = answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429;
  if (!clientError || reason === undefined) return statusError(SERVICE, answer.url, answer.status, answer.body);
  const host = new URL(answer.url).host;
  return new ExternalServiceError(
    SERVICE,
    `Synapse at ${host} refused the request (HTTP ${answer.status}): ${reason}`,
    {
      retryable: false,
    },
  );
}
