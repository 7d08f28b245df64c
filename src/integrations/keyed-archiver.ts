import type { Environment } from '../environments.js';
import { ArchiverAuthError, SecretLookupError } from '../errors.js';
import type {
  ArchiveSubmissionRecord,
  ArchiverClient,
  BlockersSummary,
  CreateArchiveSubmission,
  EntitiesPage,
  FileUploadPlan,
} from './archiver.js';
import type { ValidationEntry } from './archiver-validation.js';
import type { ArchiverKeySource } from './secrets.js';

/** One environment's archiver with its API key handled: what the archiving workflow sees. */
export interface EnvironmentArchiver {
  latestArchiveSubmission(submissionUuid: string): Promise<ArchiveSubmissionRecord | null>;
  createArchiveSubmission(request: CreateArchiveSubmission): Promise<void>;
  validationErrors(dspUuid: string, onEntry: (entry: ValidationEntry) => void): Promise<{ pendingCount: number }>;
  blockers(dspUuid: string): Promise<BlockersSummary>;
  fileUploadPlan(dspUuid: string): Promise<FileUploadPlan>;
  entities(dspUuid: string, page: number, size: number): Promise<EntitiesPage>;
  complete(dspUuid: string): Promise<void>;
}

/**
 * Binds an archiver to its environment's key. On a 401 the cached key is dropped, fetched once more and the call
 * retried once (a 401 is refused before the archiver does anything, so even a POST is safe to repeat); a second 401
 * fails naming the secret id and field, never the key.
 */
export function keyedArchiver(client: ArchiverClient, keys: ArchiverKeySource, env: Environment): EnvironmentArchiver {
  async function withKey<T>(call: (apiKey: string) => Promise<T>): Promise<T> {
    try {
      return await call(await keys.key(env));
    } catch (error) {
      if (!(error instanceof ArchiverAuthError)) throw error;
      keys.forget(env);
    }
    try {
      return await call(await keys.key(env));
    } catch (error) {
      if (!(error instanceof ArchiverAuthError)) throw error;
      const { secretId, field } = keys.locate(env);
      throw new SecretLookupError(
        `The ${env} archiver refused the API key from secret "${secretId}", field "${field}", even after fetching it again. Check that the secret holds the archiver's current key.`,
        { cause: error },
      );
    }
  }
  return {
    latestArchiveSubmission: (uuid) => withKey((key) => client.latestArchiveSubmission(uuid, key)),
    createArchiveSubmission: (request) => withKey((key) => client.createArchiveSubmission(request, key)),
    validationErrors: (dsp, onEntry) => withKey((key) => client.validationErrors(dsp, key, onEntry)),
    blockers: (dsp) => withKey((key) => client.blockers(dsp, key)),
    fileUploadPlan: (dsp) => withKey((key) => client.fileUploadPlan(dsp, key)),
    entities: (dsp, page, size) => withKey((key) => client.entities(dsp, key, page, size)),
    complete: (dsp) => withKey((key) => client.complete(dsp, key)),
  };
}
