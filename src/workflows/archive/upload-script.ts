import type { UploadJob } from '../../integrations/archiver.js';

/** The SOP's memory for a conversion when the inputs' sizes are unknown. */
export const FALLBACK_MEMORY_MB = 64000;
const MEMORY_WITHOUT_CONVERSION_MB = 1000;
const CONVERSION_HEADROOM_MB = 10000;

/** The size of each conversion input by its cloud URL, or why it could not be read. */
export type InputSizes = Record<string, { bytes: number } | { error: string }>;

export interface ScriptJob {
  index: number;
  manifestId: string;
  memoryMb: number;
  /** Set when the memory is the SOP's fallback because an input's size could not be read. */
  memoryNote?: string;
}

export interface UploadScript {
  script: string;
  jobs: ScriptJob[];
  skipped: { manifestId: string; reason: string }[];
}

export interface ScriptOptions {
  dspUuid: string;
  image: string;
  aapUrl: string;
}

/** The cloud URLs whose sizes the script needs: every input of every conversion. */
export function conversionInputs(jobs: readonly UploadJob[]): string[] {
  return [...new Set(jobs.flatMap((job) => job.conversion?.inputs.map((i) => i.cloudUrl ?? '') ?? []).filter(Boolean))];
}

/** Memory for one job, as batch_file_archiver sized it: largest input in decimal MB plus 10 GB. */
function memoryFor(job: UploadJob, sizes: InputSizes): Pick<ScriptJob, 'memoryMb' | 'memoryNote'> {
  if (!job.conversion) return { memoryMb: MEMORY_WITHOUT_CONVERSION_MB };
  let largest = 0;
  for (const input of job.conversion.inputs) {
    const size = input.cloudUrl ? sizes[input.cloudUrl] : undefined;
    if (!size || 'error' in size) {
      const why = size && 'error' in size ? size.error : `input ${input.name} has no cloud URL`;
      return { memoryMb: FALLBACK_MEMORY_MB, memoryNote: `the size of ${input.name} could not be read (${why})` };
    }
    largest = Math.max(largest, size.bytes);
  }
  return { memoryMb: Math.trunc(largest / 1e6 + CONVERSION_HEADROOM_MB) };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One self-contained `submit-jobs.sh`: it takes the work directory, writes `job<i>.json` for each job (plan order) from
 * quoted heredocs, and submits one `bsub` per job. Credentials are only referenced as environment variables, inside
 * single quotes, so they expand in the job and never appear in the script or in LSF's record of the command.
 */
export function uploadScript(jobs: readonly UploadJob[], sizes: InputSizes, options: ScriptOptions): UploadScript {
  const skipped: UploadScript['skipped'] = [];
  const scriptJobs: ScriptJob[] = [];
  const sections: string[] = [];
  for (const job of jobs) {
    if (job.conversion && job.conversion.schema === null) {
      skipped.push({
        manifestId: job.manifestId,
        reason: 'its conversion schema is null (a non-leaf 10x term), which fastq2bam cannot convert',
      });
      continue;
    }
    const index = scriptJobs.length;
    const memory = memoryFor(job, sizes);
    scriptJobs.push({ index, manifestId: job.manifestId, ...memory });
    const delimiter = `JOB_${index}_JSON`;
    const command = [
      'singularity run -B $WORK_DIR:/data',
      /^[a-z]+:\/\//.test(options.image) ? options.image : `docker://${options.image}`,
      '-d=/data',
      `-f=/data/job${index}.json`,
      `-l=${options.aapUrl}`,
      '-u="$AAP_USERNAME" -p="$AAP_PASSWORD" -a="$AWS_ACCESS_KEY_ID" -s="$AWS_SECRET_ACCESS_KEY"',
    ].join(' ');
    sections.push(
      [
        `# job ${index}: manifest ${job.manifestId}${memory.memoryNote ? ` (memory: SOP fallback, ${memory.memoryNote})` : ''}`,
        `cat > "$WORK_DIR/job${index}.json" <<'${delimiter}'`,
        JSON.stringify({ jobs: [job.raw] }),
        delimiter,
        `bsub -J ${shellQuote(`hca-archive-${options.dspUuid.slice(0, 8)}-${index}`)} -M ${memory.memoryMb} \\`,
        `  -o "$WORK_DIR/job${index}.out" -e "$WORK_DIR/job${index}.err" \\`,
        `  ${shellQuote(command)}`,
      ].join('\n'),
    );
  }
  const script = [
    ...preamble('submit-jobs.sh', `File archiver jobs for DSP submission ${options.dspUuid} on the EBI cluster`),
    ...sections.flatMap((s) => [s, '']),
    `echo "Submitted ${scriptJobs.length} job(s); logs in $WORK_DIR/job<i>.out"`,
    '',
  ].join('\n');
  return { script, jobs: scriptJobs, skipped };
}

/** The plan as the archiver gave it, for the record and for running the file archiver by hand. */
export function planJson(jobs: readonly UploadJob[]): string {
  return `${JSON.stringify(planOf(jobs), null, 2)}\n`;
}

function planOf(jobs: readonly UploadJob[]) {
  return { jobs: jobs.map((job) => job.raw) };
}

/**
 * The SOP's wrangler-EC2 route for plans without BAM conversion: one `docker run` of the file archiver over the whole
 * plan. Credentials pass from the caller's environment by name (`--env NAME`), never written in the script.
 */
export function ec2Script(jobs: readonly UploadJob[], options: ScriptOptions): string {
  const image = options.image.replace(/^docker:\/\//, '');
  return [
    ...preamble('run-on-ec2.sh', `File archiver for DSP submission ${options.dspUuid} on the wrangler EC2 (docker)`),
    `cat > "$WORK_DIR/FILE_UPLOAD_INFO.json" <<'PLAN_JSON'`,
    JSON.stringify(planOf(jobs)),
    'PLAN_JSON',
    'docker run --rm -v "$WORK_DIR":/data \\',
    '  --env BASE_DIR=/data --env UPLOAD_PLAN_PATH=/data/FILE_UPLOAD_INFO.json \\',
    `  --env AAP_USERNAME --env AAP_PASSWORD --env AAP_URL=${shellQuote(options.aapUrl)} \\`,
    '  --env AWS_ACCESS_KEY_ID --env AWS_SECRET_ACCESS_KEY \\',
    `  ${shellQuote(image)}`,
    '',
  ].join('\n');
}

/** The start of each generated script: what it is, its one argument, and a check that the credentials are exported. */
function preamble(name: string, what: string): string[] {
  return [
    '#!/usr/bin/env bash',
    `# ${what}, generated by hca-ops-bot.`,
    `# Usage: ${name} WORK_DIR   (export AAP_USERNAME, AAP_PASSWORD, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY first)`,
    'set -euo pipefail',
    `WORK_DIR="\${1:?usage: ${name} WORK_DIR}"`,
    'for name in AAP_USERNAME AAP_PASSWORD AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY; do',
    `  if [ -z "\${!name:-}" ]; then echo "${name}: export $name first" >&2; exit 1; fi`,
    'done',
    'mkdir -p "$WORK_DIR"',
    'WORK_DIR="$(cd "$WORK_DIR" && pwd)"',
    'export WORK_DIR',
    '',
  ];
}
