import { z } from 'zod';

/** `GET /submissionEnvelopes/search/findByUuidUuid`: only the state is read ("Archiving", "Graph valid", …). */
export const SubmissionEnvelopeResponse = z.object({ submissionState: z.string().min(1) });
