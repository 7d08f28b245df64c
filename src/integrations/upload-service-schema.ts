import { z } from 'zod';

/** `GET /v1/area/<uuid>/<file>/checksum`: only the status is read (UNSCHEDULED, SCHEDULED, CHECKSUMMING, CHECKSUMMED). */
export const ChecksumStatusResponse = z.object({ checksum_status: z.string().min(1) });
