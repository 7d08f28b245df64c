import { z } from 'zod';

/**
 * `GET /submissionEnvelopes/search/findByUuidUuid`: the state ("Archiving", "Graph valid", …) and where its upload
 * area is (`stagingDetails.stagingAreaLocation.value`, absent until ingest's staging manager has made it).
 */
export const SubmissionEnvelopeResponse = z.object({
  submissionState: z.string().min(1),
  stagingDetails: z.object({ stagingAreaLocation: z.object({ value: z.string() }).nullish() }).nullish(),
});
