import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { Redactor } from '../src/redactor.js';

// Shaped like real credentials, built at run time so that no scanner mistakes this file for a leak.
const ACCESS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const SESSION_KEY_ID = ['ASIA', 'Y34FZKBOKMUTVV7A'].join('');
const SECRET_ACCESS_KEY = ['wJalrXUtnFEMI', '/K7MDENG/bPxRfiCYEXAMPLEKEY'].join('');
const BOT_TOKEN = ['xoxb', '1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
const USER_TOKEN = ['xoxp', '1234567890-0987654321-1122334455-abcdef0123456789'].join('-');
const APP_TOKEN = ['xapp', '1-A0HCAOPS-1234567890-abcdef0123456789abcdef'].join('-');
const PRIVATE_KEY = [
  `-----BEGIN RSA ${'PRIVATE'} KEY-----`,
  'MIIEowIBAAKCAQEAvS6Xl0gm1S3bqg0Z2p7sU7m0a4f1M3Qx0gk6m1zq8W2YV9rC',
  'bW9yZSBiYXNlNjQgdGhhdCBsb29rcyBsaWtlIGEga2V5IGJvZHkgaW4gUEVNIGZvcm0=',
  `-----END RSA ${'PRIVATE'} KEY-----`,
].join('\n');

describe('Redactor', () => {
  it('replaces every value it knows, given at start or learnt later, and says so', () => {
    const redactor = new Redactor(['config-signing-secret']);
    redactor.add('fetched-archiver-key');

    const result = redactor.redaction(
      'signed with config-signing-secret, key fetched-archiver-key, again config-signing-secret',
    );

    expect(result).toEqual({ text: 'signed with [redacted], key [redacted], again [redacted]', redacted: true });
  });

  it.each([
    ['an AWS access key id', `key ${ACCESS_KEY_ID} here`, 'key [redacted] here'],
    ['a temporary AWS access key id', `key ${SESSION_KEY_ID}.`, 'key [redacted].'],
    ['a Slack bot token', `token=${BOT_TOKEN}&x=1`, 'token=[redacted]&x=1'],
    ['a Slack user token', `use ${USER_TOKEN}`, 'use [redacted]'],
    ['a Slack app-level token', `SLACK_APP_TOKEN=${APP_TOKEN}`, 'SLACK_APP_TOKEN=[redacted]'],
    ['a PEM private key block', `here:\n${PRIVATE_KEY}\nthanks`, 'here:\n[redacted]\nthanks'],
    [
      'a PEM private key cut off before its END line',
      `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU`,
      '[redacted]',
    ],
    [
      'an AWS secret access key next to its key id',
      `id ${ACCESS_KEY_ID} secret ${SECRET_ACCESS_KEY}`,
      'id [redacted] secret [redacted]',
    ],
    [
      'an AWS secret access key under its variable name',
      `AWS_SECRET_ACCESS_KEY=${SECRET_ACCESS_KEY}`,
      'AWS_SECRET_ACCESS_KEY=[redacted]',
    ],
  ])('replaces %s the bot does not know', (_name, text, expected) => {
    expect(new Redactor().redaction(text)).toEqual({ text: expected, redacted: true });
  });

  it.each([
    ['plain words', 'release on 2027-03-03, ask U0APPROVER'],
    ['UUIDs and run ids', 'R42 for 8f4c2a9e-1b2c-4d3e-8f9a-0b1c2d3e4f5a'],
    ['a 40-character base64 run with no AWS credential near', `checksum ${SECRET_ACCESS_KEY}`],
    ['a git commit id', 'fixed in 0123456789abcdef0123456789abcdef01234567'],
    ['words that start like tokens', 'xoxo and xapple'],
  ])('leaves %s alone and says nothing was redacted', (_name, text) => {
    expect(new Redactor().redaction(text)).toEqual({ text, redacted: false });
  });

  it('redacts unknown credentials in log lines too', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', redactor: new Redactor(), sink: (line) => lines.push(line) });

    logger.info('user note', { note: `use ${BOT_TOKEN} and ${ACCESS_KEY_ID}` });

    expect(lines[0]).toContain('"note":"use [redacted] and [redacted]"');
  });
});
