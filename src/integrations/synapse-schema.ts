import { z } from 'zod';

/** `POST /repo/v1/principal/alias` → PrincipalAliasResponse; only the id is read. */
export const PrincipalAliasResponse = z
  .object({ principalId: z.union([z.number().int(), z.string().regex(/^[0-9]+$/)]) })
  .transform((body) => String(body.principalId));

/**
 * `GET /repo/v1/user/{id}/certifiedUserPassingRecord` → PassingRecord. `certified` (passed and not revoked) is
 * newer than `passed`; when it is missing the bot derives it (turn2-facts.md §5).
 */
export const PassingRecordResponse = z.object({
  passed: z.boolean(),
  passedOn: z.string().nullish(),
  revoked: z.boolean().nullish(),
  revokedOn: z.string().nullish(),
  certified: z.boolean().nullish(),
});
