export const REDACTED = '[redacted]';

/** A text with its secrets replaced, and whether any were. */
export interface Redaction {
  text: string;
  redacted: boolean;
}

/**
 * Credentials recognised by their shape, known to the bot or not: AWS access key ids, Slack bot/user/app tokens and
 * PEM private keys (a block cut off before its END line is redacted to the end of the text).
 */
const CREDENTIAL_SHAPES = new RegExp(
  [
    String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`,
    String.raw`\bxox[abpr]-[A-Za-z0-9-]{6,}`,
    String.raw`\bxapp-[A-Za-z0-9-]{6,}`,
    String.raw`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\s\S]*)`,
  ].join('|'),
  'g',
);

/** Something that says AWS credentials are near: an access key id, or the name of a secret key or session token. */
const AWS_CREDENTIALS_NEARBY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|secret[_ ]?access[_ ]?key|session[_ ]?token/i;

/** A base64 run of 40 characters or more standing alone: an AWS secret access key (40) or session token is one. */
const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40,}={0,2}(?![A-Za-z0-9/+=])/g;

/**
 * Replaces secrets in text: every value the bot knows (configuration, keys fetched at run time with `add`) and every
 * string shaped like a well-known credential. Logs, stored rows and Slack posts of user-supplied text go through it.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(initial: Iterable<string> = []) {
    for (const secret of initial) this.add(secret);
  }

  add(secret: string): void {
    if (secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    return this.redaction(text).text;
  }

  /** A copy of `value` (JSON: a message, its blocks, a form, a file) with every string in it redacted. */
  redactEvery<T>(value: T): T {
    return JSON.parse(JSON.stringify(value), (_key, inner: unknown) =>
      typeof inner === 'string' ? this.redact(inner) : inner,
    ) as T;
  }

  /** The redacted text, and whether anything was replaced (so that a reply can say so). */
  redaction(text: string): Redaction {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    // Base64 runs are too common to redact everywhere: only where AWS credentials are near.
    const nearAwsCredentials = AWS_CREDENTIALS_NEARBY.test(out);
    out = out.replace(CREDENTIAL_SHAPES, REDACTED);
    if (nearAwsCredentials) out = out.replace(AWS_SECRET_SHAPE, REDACTED);
    return { text: out, redacted: out !== text };
  }
}
