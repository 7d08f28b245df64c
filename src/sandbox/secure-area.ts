import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { hcaWorkbook } from './hca-workbook.js';

/** The sandbox's managed-access area (hca-util's secure bucket) and the ingest submission it belongs to. */
export const SANDBOX_AREA = '5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b';
export const SANDBOX_SUBMISSION = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
export const SANDBOX_AREA_NAME = 'Sandbox liver atlas (managed access)';
/** Above the sandbox's lowered multipart threshold (6 MB), under fauxqs's 11 MB request limit. */
export const SANDBOX_LARGE_BYTES = 10 * 1024 * 1024;

/** What the area holds: fastqs (one nested, with a space and `+`), one file above the multipart threshold. */
export const SANDBOX_AREA_FILES: Record<string, { bytes: number; contentType: string }> = {
  'cells_R1.fastq.gz': { bytes: 1_200, contentType: 'application/gzip' },
  'cells_R2.fastq.gz': { bytes: 1_300, contentType: 'application/gzip' },
  'run 2/cells+lane2_R1.fastq.gz': { bytes: 900, contentType: 'application/gzip' },
  'aligned/cells.bam': { bytes: SANDBOX_LARGE_BYTES, contentType: 'application/x-bam' },
};

/** The spreadsheet declares one file that is not in the area (`cells_I1.fastq.gz`). */
export const SANDBOX_SPREADSHEET = 'metadata.xlsx';

/** Creates `bucket` (if needed) and puts the secure area in it: marker, files and metadata spreadsheet. */
export async function seedSecureArea(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  const put = (key: string, body: Uint8Array | string, contentType?: string, tagging?: string) =>
    client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, Tagging: tagging }),
    );
  await put(`${SANDBOX_AREA}/`, new Uint8Array(), undefined, `name=${encodeURIComponent(SANDBOX_AREA_NAME)}&perms=ux`);
  for (const [name, { bytes, contentType }] of Object.entries(SANDBOX_AREA_FILES)) {
    await put(`${SANDBOX_AREA}/${name}`, Buffer.alloc(bytes, name.length), contentType);
  }
  const workbook = await hcaWorkbook([
    { name: 'Donor organism', otherValues: ['SANDBOX-DONOR-1', 'SANDBOX-DONOR-2'] },
    {
      name: 'Sequence file',
      fileNameHeader: 'sequence_file.file_core.file_name',
      fileNames: ['cells_R1.fastq.gz', 'cells_R2.fastq.gz', 'cells_I1.fastq.gz', 'run 2/cells+lane2_R1.fastq.gz'],
    },
    { name: 'Analysis file', fileNameHeader: 'analysis_file.file_core.file_name', fileNames: ['aligned/cells.bam'] },
  ]);
  await put(
    `${SANDBOX_AREA}/${SANDBOX_SPREADSHEET}`,
    workbook,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
}
