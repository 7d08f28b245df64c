import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../clock.js';
import type { Environment } from '../environments.js';
import { SecretLookupError, errorMessage } from '../errors.js';
import type { Redactor } from '../redactor.js';

/** Where an environment's archiver API key lives: never the key itself. */
export interface SecretLocation {
  secretId: string;
  field: string;
}

/** The archiver API key per environment, fetched on first use and cached. */
export interface ArchiverKeySource {
  locate(env: Environment): SecretLocation;
  key(env: Environment): Promise<string>;
  /** Drops a cached key (after the archiver answered 401), so the next `key` fetches it again. */
  forget(env: Environment): void;
}

export interface ArchiverKeySourceOptions {
  client: SecretsManagerClient;
  secretIdTemplate: string;
  fieldTemplate: string;
  cacheTtlMs: number;
  clock: Clock;
  redactor: Redactor;
}

const NOT_RETRYABLE = new Set([
  'ResourceNotFoundException',
  'AccessDeniedException',
  'DecryptionFailure',
  'InvalidParameterException',
  'InvalidRequestException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

export function createArchiverKeySource(options: ArchiverKeySourceOptions): ArchiverKeySource {
  const { client, secretIdTemplate, fieldTemplate, cacheTtlMs, clock, redactor } = options;
  const cache = new Map<Environment, { key: string; expiresAt: number }>();
  const locate = (env: Environment): SecretLocation => ({
    secretId: secretIdTemplate.replaceAll('{env}', env),
    field: fieldTemplate.replaceAll('{env}', env),
  });

  async function fetchKey(env: Environment): Promise<string> {
    const { secretId, field } = locate(env);
    const where = `secret "${secretId}", field "${field}"`;
    let secretString: string | undefined;
    try {
      const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      secretString = output.SecretString;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const explanation =
        name === 'ResourceNotFoundException'
          ? 'does not exist in Secrets Manager (an operator checks the secret id and the AWS region the bot is set up with; see the README)'
          : name === 'AccessDeniedException'
            ? 'may not be read by the bot’s AWS identity (it needs secretsmanager:GetSecretValue on it)'
            : `could not be read (${name}: ${errorMessage(error)})`;
      throw new SecretLookupError(`The archiver API key (${where}) ${explanation}.`, {
        cause: error,
        retryable: !NOT_RETRYABLE.has(name),
      });
    }
    let value: unknown;
    try {
      const parsed: unknown = secretString === undefined ? undefined : JSON.parse(secretString);
      value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined;
    } catch {
      throw new SecretLookupError(`The archiver API key (${where}) cannot be read: the secret is not a JSON object.`);
    }
    if (typeof value !== 'string' || value.length === 0) {
      throw new SecretLookupError(`The archiver API key (${where}) is missing: the secret has no such field.`);
    }
    redactor.add(value);
    return value;
  }

  return {
    locate,
    async key(env) {
      const cached = cache.get(env);
      if (cached && cached.expiresAt > clock.now()) return cached.key;
      const key = await fetchKey(env);
      cache.set(env, { key, expiresAt: clock.now() + cacheTtlMs });
      return key;
    },
    forget(env) {
      cache.delete(env);
    },
  };
}
