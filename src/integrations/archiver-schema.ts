import { z } from 'zod';

/** The ingest `ArchiveSubmission` record as `/latestArchiveSubmission` returns it (only the fields the bot reads). */
export interface ArchiveSubmissionRecord {
  created: string;
  dspUuid: string | null;
  dspUrl: string | null;
  submissionUuid: string;
  errors: { errorCode: string; message: string }[];
}

export interface BlockersSummary {
  notReadyFileCount: number;
  totalMetadataBlockers: number;
  emptySubmission: boolean;
  anyPendingValidationResult: boolean;
  /** By DSP data type id: display name and count. */
  issuesPerDataType: Record<string, { displayName: string; count: number }>;
}

export interface PlanFile {
  name: string;
  readIndex?: string;
  cloudUrl?: string;
}

export interface UploadJob {
  manifestId: string;
  files: PlanFile[];
  conversion: { outputName: string; schema: string | null; inputs: PlanFile[] } | null;
  /** The job exactly as the archiver sent it, for the generated job<i>.json files. */
  raw: Record<string, unknown>;
}

/** `jobs` that is not an array (the transitional `{"jobs":{"jobs":[]}}`) means the plan is not written yet. */
export type FileUploadPlan = { ready: false } | { ready: true; jobs: UploadJob[] };

export interface ArchiveEntity {
  type: string;
  alias: string;
  accession: string | null;
}

export interface EntitiesPage {
  entities: ArchiveEntity[];
  page: { size: number; totalElements: number; totalPages: number; number: number };
}

/** `/latestArchiveSubmission/<uuid>`: a record without `dspUuid` is the `no_entities` case. */
export const ArchiveSubmissionResponse = z
  .object({
    created: z.string(),
    dspUuid: z.string().nullish(),
    dspUrl: z.string().nullish(),
    submissionUuid: z.string(),
    errors: z.array(z.object({ errorCode: z.string(), message: z.string().nullish() })).nullish(),
  })
  .transform((record): ArchiveSubmissionRecord => ({
    created: record.created,
    dspUuid: record.dspUuid ?? null,
    dspUrl: record.dspUrl ?? null,
    submissionUuid: record.submissionUuid,
    errors: (record.errors ?? []).map((e) => ({ errorCode: e.errorCode, message: e.message ?? '' })),
  }));

/** `/blockers`: DSP's submissionBlockersSummary; the per-type map may be missing when nothing blocks. */
export const BlockersResponse = z
  .object({
    notReadyFileCount: z.number().int(),
    totalMetadataBlockers: z.number().int(),
    emptySubmission: z.boolean(),
    anyPendingValidationResult: z.boolean(),
    validationIssuesPerDataTypeId: z
      .record(z.string(), z.object({ displayName: z.string(), count: z.number().int() }))
      .nullish(),
  })
  .transform((body): BlockersSummary => ({
    notReadyFileCount: body.notReadyFileCount,
    totalMetadataBlockers: body.totalMetadataBlockers,
    emptySubmission: body.emptySubmission,
    anyPendingValidationResult: body.anyPendingValidationResult,
    issuesPerDataType: body.validationIssuesPerDataTypeId ?? {},
  }));

// Loose objects keep the fields we do not read, so each job's `raw` is the job as the archiver sent it.
const PlanFileBody = z.looseObject({
  name: z.string(),
  read_index: z.string().nullish(),
  cloud_url: z.string().nullish(),
});
type PlanFileBody = z.infer<typeof PlanFileBody>;

function planFile(file: PlanFileBody): PlanFile {
  return {
    name: file.name,
    ...(file.read_index ? { readIndex: file.read_index } : {}),
    ...(file.cloud_url ? { cloudUrl: file.cloud_url } : {}),
  };
}

const PlanJob = z
  .looseObject({
    manifest_id: z.string(),
    files: z.array(PlanFileBody),
    conversion: z
      .looseObject({ output_name: z.string(), schema: z.string().nullish(), inputs: z.array(PlanFileBody) })
      .nullish(),
  })
  .transform((job): UploadJob => ({
    manifestId: job.manifest_id,
    files: job.files.map(planFile),
    conversion: job.conversion
      ? {
          outputName: job.conversion.output_name,
          schema: job.conversion.schema ?? null,
          inputs: job.conversion.inputs.map(planFile),
        }
      : null,
    raw: job,
  }));
const PlanJobs = z.array(PlanJob);

/** The stored plan before the archiver writes its jobs: `{"jobs": []}`, served wrapped as `{"jobs": {"jobs": []}}`. */
const TransitionalPlan = z.object({ jobs: z.array(z.unknown()).length(0) });

/**
 * `/fileUploadPlan`: `{"jobs": [...]}`, or not yet written in the transitional `{"jobs":{"jobs":[]}}`. Anything else
 * (`{"jobs":"nope"}`) is an answer of the wrong shape, not a plan still being written.
 */
export const FileUploadPlanResponse = z.object({ jobs: z.unknown() }).transform((body, ctx): FileUploadPlan => {
  if (TransitionalPlan.safeParse(body.jobs).success) return { ready: false };
  if (!Array.isArray(body.jobs)) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a list of jobs, or {"jobs": []} while the plan is being written',
      path: ['jobs'],
    });
    return z.NEVER;
  }
  const jobs = PlanJobs.safeParse(body.jobs);
  if (jobs.success) return { ready: true, jobs: jobs.data };
  for (const issue of jobs.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: ['jobs', ...issue.path] });
  }
  return z.NEVER;
});

/** `/entities`: one page of archive entities; `accession` stays null until completion. */
export const EntitiesResponse = z
  .object({
    entities: z.array(z.object({ type: z.string(), alias: z.string(), accession: z.string().nullish() })),
    page: z.object({
      size: z.number().int(),
      totalElements: z.number().int(),
      totalPages: z.number().int(),
      number: z.number().int(),
    }),
  })
  .transform((body): EntitiesPage => ({
    entities: body.entities.map((e) => ({ type: e.type, alias: e.alias, accession: e.accession ?? null })),
    page: body.page,
  }));
