import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackStandIn } from './loopback.js';

/**
 * A loopback stand-in of AWS Secrets Manager's GetSecretValue (JSON 1.1 protocol), as the SDK calls it through
 * AWS_ENDPOINT_URL_SECRETS_MANAGER. Missing secrets answer ResourceNotFoundException like the real service.
 */
export class SecretsManagerStandIn extends LoopbackStandIn {
  readonly secrets = new Map<string, string>();
  readonly requests: { target: string; secretId: string; at: number }[] = [];

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
    const secretId = body.SecretId ?? '';
    this.requests.push({ target, secretId, at: Date.now() });
    if (target !== 'secretsmanager.GetSecretValue') {
      return reply(res, 400, { __type: 'UnknownOperationException', message: `unsupported: ${target}` });
    }
    const value = this.secrets.get(secretId);
    if (value === undefined) {
      return reply(res, 400, {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      });
    }
    reply(res, 200, {
      ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secretId}-AbCdEf`,
      Name: secretId,
      SecretString: value,
      VersionId: '00000000-0000-4000-8000-000000000000',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_700_000_000.123,
    });
  }
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (status !== 200) headers['x-amzn-errortype'] = String(body.__type);
  res.writeHead(status, headers).end(JSON.stringify(body));
}
