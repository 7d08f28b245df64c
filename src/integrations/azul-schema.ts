import { z } from 'zod';

/** `GET /index/catalogs`: each catalog's atlas and whether it is internal (`dcp43-it`); plugins are not read. */
export const CatalogsResponse = z
  .object({ catalogs: z.record(z.string(), z.object({ atlas: z.string(), internal: z.boolean() })) })
  .transform((body) =>
    Object.entries(body.catalogs).map(([name, catalog]) => ({
      name,
      atlas: catalog.atlas,
      internal: catalog.internal,
    })),
  );
export type AzulCatalog = z.output<typeof CatalogsResponse>[number];

/**
 * `GET /index/projects/{uuid}?catalog=…`: one hit. The cell count is the project's estimate, else the sum of its
 * cell suspensions' totals; `accessible: false` is a managed-access project, listed all the same.
 */
export const ProjectHit = z
  .object({
    entryId: z.string(),
    projects: z
      .array(
        z.object({
          projectTitle: z.string().nullish(),
          projectShortname: z.string().nullish(),
          estimatedCellCount: z.number().nullish(),
          accessible: z.boolean().nullish(),
        }),
      )
      .min(1),
    fileTypeSummaries: z.array(z.object({ format: z.string().nullish(), count: z.number() })).nullish(),
    cellSuspensions: z.array(z.object({ totalCells: z.number().nullish() })).nullish(),
  })
  .transform((hit) => {
    const [project] = hit.projects as [(typeof hit.projects)[number]];
    const suspended = (hit.cellSuspensions ?? []).map((c) => c.totalCells ?? 0).reduce((a, b) => a + b, 0);
    return {
      uuid: hit.entryId.toLowerCase(),
      title: project.projectTitle || null,
      shortName: project.projectShortname || null,
      cellCount: project.estimatedCellCount ?? (suspended > 0 ? suspended : null),
      fileTypes: (hit.fileTypeSummaries ?? []).map((f) => ({ format: f.format || 'unknown', count: f.count })),
      accessible: project.accessible ?? true,
    };
  });
export type AzulProject = z.output<typeof ProjectHit>;

/** Chalice's error body: `{"Code": "NotFoundError", "Message": "…"}`. */
export const AzulErrorBody = z.object({ Code: z.string(), Message: z.string() });
