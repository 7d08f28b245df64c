import type { Dispatcher } from 'undici';
import { ExternalServiceError, UserInputError } from '../errors.js';
import { answerError, jsonMessage, parseAnswer, send, type HttpAnswer } from './http.js';
import { PassingRecordResponse, PrincipalAliasResponse } from './synapse-schema.js';

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
 * The two Synapse REST calls the HTAN checklist needs, with a personal access token when one is configured and
 * anonymous otherwise. A 404 on the alias rejects with SynapseUserNotFoundError; 5xx, HTML pages, malformed JSON and
 * timeouts with a retryable ExternalServiceError; 401 and 403 with a non-retryable one saying what an operator can do
 * about the token; other 4xx with a non-retryable one quoting Synapse's reason.
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
  /** A Synapse personal access token (view scope), sent as a Bearer token. */
  token?: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export function createSynapseClient(options: SynapseClientOptions): SynapseClient {
  const { baseUrl, token, timeoutMs, dispatcher } = options;
  const headers = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const refusal = (answer: HttpAnswer) =>
    answer.status === 401 || answer.status === 403
      ? loginError(answer, token !== undefined)
      : answerError(SERVICE, answer);
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
      if (isNotFound(answer)) throw new SynapseUserNotFoundError(username);
      if (answer.status !== 200) throw refusal(answer);
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
      if (isNotFound(answer)) return { status: 'never-passed' };
      if (answer.status !== 200) throw refusal(answer);
      const record = parseAnswer(SERVICE, answer, PassingRecordResponse);
      if (record.revoked) return { status: 'revoked', ...(record.revokedOn ? { revokedOn: record.revokedOn } : {}) };
      if (record.certified ?? record.passed) {
        return { status: 'certified', ...(record.passedOn ? { passedOn: record.passedOn } : {}) };
      }
      return { status: 'failed' };
    },
  };
}

/** Synapse's own 404 (a JSON `{"reason"}`), not the HTML page of a wrong base URL. */
function isNotFound(answer: HttpAnswer): boolean {
  return answer.status === 404 && jsonMessage(answer.body) !== undefined;
}

/** Synapse wants a login, or refuses the bot's: only an operator can change that, so a retry would not help. */
function loginError(answer: HttpAnswer, withToken: boolean): ExternalServiceError {
  const host = new URL(answer.url).host;
  const said = jsonMessage(answer.body);
  const what = withToken
    ? `refused the bot's access token (HTTP ${answer.status}${said ? `: ${said}` : ''}). It may have expired or lack the view scope; an operator can give the bot a new one (README, HTAN).`
    : `answers only with a login (HTTP ${answer.status}). An operator can give the bot a Synapse personal access token with the view scope (README, HTAN).`;
  return new ExternalServiceError(SERVICE, `${SERVICE} at ${host} ${what}`, { retryable: false });
}
