import { ENVIRONMENTS, type Environment } from '../../environments.js';
import { errorMessage } from '../../errors.js';
import type { AzulClient, AzulProject } from '../../integrations/azul.js';
import type { ExportJob, IngestClient, SubmissionEnvelope } from '../../integrations/ingest.js';
import type { AuditEntry } from '../../store/audit.js';
import type { KnownProjects } from '../../store/known-projects.js';
import type { Reminder } from '../../store/reminders.js';
import type { Run } from '../../store/runs.js';
import type { Sighting } from '../../store/watch.js';
import type { RunDescription } from '../engine/workflow.js';
import { exportVerdict, type ExportVerdict } from '../export/verdict.js';
import { escapeMrkdwn } from '../kit/blocks.js';
import { ARCHIVED_OR_LATER, EXPORTED_OR_LATER, normalState } from '../kit/ingest-state.js';
import { duration, slackDate } from '../kit/wording.js';
import { portalLink, projectLabel } from '../portal/messages.js';
import {
  firstAvailableRelease,
  releaseCatalogs,
  releaseEstimateText,
  type ReleaseSettings,
} from '../portal/releases.js';

const RUNS_SHOWN = 6;
const REMINDERS_SHOWN = 3;
const AUDIT_SHOWN = 6;

/** Where the story's facts come from: the bot's own tables, and ingest and Azul read in parallel. */
export interface StoryPorts {
  runs: { mentioning(uuid: string, limit: number): Run[] };
  describe(run: Run): RunDescription;
  reminders: { forProject(projectUuid: string, limit: number): Reminder[] };
  audit: { mentioning(text: string, runIds: readonly number[], limit: number): AuditEntry[] };
  watch: { latest(submissionUuid: string): Sighting | undefined };
  projects: KnownProjects;
  /** Undefined when no ingest token is configured. */
  ingest?: Record<Environment, IngestClient>;
  azul: AzulClient;
  defaultEnvironment: Environment;
  settings: ReleaseSettings & { portalUrl: string; stuckAfterMs: number };
}

/** A read that may fail: its failure is a line of the story, not the end of it. */
type Read<T> = { ok: true; value: T } | { ok: false; error: string };

async function read<T>(call: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

const valueOf = <T>(r: Read<T> | undefined): T | undefined => (r?.ok ? r.value : undefined);

/** What one environment's ingest says a UUID is: a submission, a project (its submissions), or a DSP submission's. */
async function lookUp(ingest: IngestClient | undefined, uuid: string) {
  const [asSubmission, asProject, asDsp] = await Promise.all([
    ingest ? read(() => ingest.submission(uuid)) : undefined,
    ingest ? read(() => ingest.projectSubmissions(uuid)) : undefined,
    ingest ? read(() => ingest.submissionOfDsp(uuid)) : undefined,
  ]);
  return { asSubmission, asProject, asDsp, found: !!(valueOf(asSubmission) || valueOf(asProject) || valueOf(asDsp)) };
}

interface Portal {
  live: { catalog: string; project: AzulProject } | null;
  newest: string | undefined;
  releases: string[];
}

/** Asks the newest release catalog only: releases add up, so a project not there is not live. */
async function portalOf(azul: AzulClient, projectUuid: string): Promise<Portal> {
  const releases = releaseCatalogs(await azul.catalogs());
  const [newest] = releases;
  const project = newest ? await azul.project(projectUuid, newest) : null;
  return { live: project && newest ? { catalog: newest, project } : null, newest, releases };
}

/** Everything known about one UUID, gathered in two parallel rounds. */
export interface StoryFacts {
  uuid: string;
  kind: 'ingest submission' | 'project' | 'DSP submission' | 'unknown';
  env: Environment;
  submissionUuid?: string;
  projectUuid?: string;
  names?: { title: string | null; shortName: string | null };
  envelope?: Read<SubmissionEnvelope>;
  sighting?: Sighting;
  jobs?: Read<ExportJob[]>;
  portal?: Read<Portal>;
  runs: Run[];
  reminders: Reminder[];
  audit: AuditEntry[];
  ingestReadable: boolean;
}

export async function gatherStory(ports: StoryPorts, uuid: string, now: number): Promise<StoryFacts> {
  const runs = ports.runs.mentioning(uuid, RUNS_SHOWN);
  const known = ports.projects.lookup(uuid);
  const preferred =
    (runs.find((r) => r.environment)?.environment as Environment | undefined) ?? ports.defaultEnvironment;
  const environments = [preferred, ...ENVIRONMENTS.filter((e) => e !== preferred)];
  // Azul's catalog list is read meanwhile (it is kept an hour), so that the project's check waits for nothing else.
  const [lookups] = await Promise.all([
    Promise.all(environments.map((env) => lookUp(ports.ingest?.[env], uuid))),
    ports.azul.catalogs().catch(() => undefined),
  ]);
  const found = lookups.findIndex((l) => l.found);
  const env = environments[Math.max(found, 0)]!;
  const ingest = ports.ingest?.[env];
  const { asSubmission, asProject, asDsp } = lookups[Math.max(found, 0)]!;
  const projectSubmissions = valueOf(asProject) ?? null;
  const dspOf = valueOf(asDsp) ?? undefined;
  const asRun = runs.some((r) => r.subject === uuid);
  const submissionUuid = valueOf(asSubmission)
    ? uuid
    : (dspOf ?? projectSubmissions?.at(-1)?.uuid ?? (asRun ? uuid : undefined));
  const envelope =
    valueOf(asSubmission) || !submissionUuid || !ingest
      ? asSubmission
      : await read(() => ingest.submission(submissionUuid));
  const envelopeValue = valueOf(envelope);
  /** Nothing else knows it: it may be a project only Azul has. */
  const projectGuess = projectSubmissions || known?.projectUuid === uuid || !submissionUuid ? uuid : undefined;
  const knownProject = projectGuess ?? known?.projectUuid;
  const [related, jobs, guessedPortal] = await Promise.all([
    envelopeValue && ingest && !knownProject ? read(() => ingest.relatedProject(envelopeValue.id)) : undefined,
    envelopeValue && ingest ? read(() => ingest.exportJobs(envelopeValue.id)) : undefined,
    knownProject ? read(() => portalOf(ports.azul, knownProject)) : undefined,
  ]);
  const project = valueOf(related);
  const portal = guessedPortal ?? (project ? await read(() => portalOf(ports.azul, project.uuid)) : undefined);
  const live = valueOf(portal)?.live;
  const isProject = !!projectSubmissions || known?.projectUuid === uuid || (!submissionUuid && !!live);
  const kind: StoryFacts['kind'] =
    valueOf(asSubmission) || (asRun && !isProject)
      ? 'ingest submission'
      : isProject
        ? 'project'
        : dspOf
          ? 'DSP submission'
          : 'unknown';
  const projectUuid = isProject ? uuid : (project?.uuid ?? known?.projectUuid);
  const names = project ?? valueOf(portal)?.live?.project ?? known;
  if (projectUuid && names && names !== known) {
    const under = submissionUuid ? [submissionUuid] : [];
    ports.projects.remember({ projectUuid, title: names.title, shortName: names.shortName }, now, under);
  }
  const runIds = runs.map((r) => r.id);
  return {
    uuid,
    kind,
    env,
    submissionUuid,
    projectUuid,
    names: names ? { title: names.title, shortName: names.shortName } : undefined,
    envelope,
    sighting: submissionUuid ? ports.watch.latest(submissionUuid) : undefined,
    jobs,
    portal: projectUuid ? portal : undefined,
    runs,
    reminders: projectUuid ? ports.reminders.forProject(projectUuid, REMINDERS_SHOWN) : [],
    audit: ports.audit.mentioning(uuid, runIds, AUDIT_SHOWN),
    ingestReadable: ingest !== undefined,
  };
}

const ACTIVE = new Set(['running', 'waiting', 'awaiting_approval']);

function ingestLine(facts: StoryFacts, now: number): string {
  if (!facts.ingestReadable) return `*Ingest:* not read (the bot has no ingest token).`;
  if (!facts.submissionUuid) return '*Ingest:* no submission found for it.';
  const envelope = facts.envelope;
  if (!envelope) return `*Ingest:* submission \`${facts.submissionUuid}\`.`;
  if (!envelope.ok) return `*Ingest (${facts.env}):* could not be read: ${escapeMrkdwn(envelope.error)}`;
  const sighting = facts.sighting;
  const since =
    sighting && sighting.leftAt === null && normalState(envelope.value.state) === sighting.state
      ? ` since at least ${slackDate(sighting.firstSeenAt)} (${duration(now - sighting.firstSeenAt)}, the watcher)`
      : '';
  return `*Ingest (${facts.env}):* submission \`${envelope.value.uuid}\` is ${escapeMrkdwn(envelope.value.state)}${since}.`;
}

function runLines(facts: StoryFacts, describe: (run: Run) => RunDescription): string[] {
  if (facts.runs.length === 0) return ['*Runs:* none.'];
  return [
    '*Runs:*',
    ...facts.runs.map((run) => {
      const description = describe(run);
      const when = run.finishedAt ? `ended ${slackDate(run.finishedAt)}` : `since ${slackDate(run.createdAt)}`;
      const dsp = (run.state.dsp as { dspUuid?: string } | undefined)?.dspUuid;
      const status = run.status.replace('_', ' ');
      return `• ${run.ref} ${escapeMrkdwn(description.title)}${run.environment ? ` · ${run.environment}` : ''} — ${status === 'succeeded' ? 'done' : status}, ${when}${dsp ? ` · DSP submission \`${dsp}\`` : ''}`;
    }),
  ];
}

function verdictOf(facts: StoryFacts, now: number, stuckAfterMs: number): ExportVerdict | undefined {
  return facts.jobs?.ok ? exportVerdict(facts.jobs.value, now, stuckAfterMs) : undefined;
}

function exportLine(facts: StoryFacts, verdict: ExportVerdict | undefined): string | undefined {
  if (!facts.jobs) return undefined;
  if (!facts.jobs.ok) return `*Export:* could not be read: ${escapeMrkdwn(facts.jobs.error)}`;
  if (!verdict || verdict.kind === 'none') return '*Export:* no export job yet.';
  const { job } = verdict;
  const stuck = verdict.kind === 'stuck' ? ` · :warning: looks stuck (${verdict.reasons.join(', ')})` : '';
  const total = job.totalAssayCount === null ? '' : ` · ${job.totalAssayCount} assays`;
  return `*Export:* latest job ${job.status}, updated ${slackDate(job.updatedAt)}${total}${stuck}.`;
}

function portalLine(facts: StoryFacts, now: number, settings: StoryPorts['settings']): string | undefined {
  if (!facts.portal || !facts.projectUuid) return undefined;
  if (!facts.portal.ok) return `*Portal:* Azul could not be asked: ${escapeMrkdwn(facts.portal.error)}`;
  const { live, newest, releases } = facts.portal.value;
  if (live) return `*Portal:* live in ${live.catalog}: ${portalLink(settings.portalUrl, facts.projectUuid)}`;
  const estimate = firstAvailableRelease(releases, now, settings);
  const expected = estimate ? `; ${releaseEstimateText(estimate, settings.cadenceDays)}` : '';
  return `*Portal:* not live yet${newest ? ` (not in ${newest})` : ''}${expected}.`;
}

function reminderLines(facts: StoryFacts): string[] {
  if (facts.reminders.length === 0) return [];
  return [
    '*Reminders:*',
    ...facts.reminders.map(
      (r) => `• ${r.ref} release date ${r.releaseDate} — ${r.status === 'done' ? 'released' : r.status}`,
    ),
  ];
}

/** Looking something up is not doing it: `/hca status` itself is left out. */
function auditLines(facts: StoryFacts): string[] {
  const done = facts.audit.filter((e) => e.action !== '/hca status');
  if (done.length === 0) return [];
  return [
    '*Who did what:*',
    ...done.map(
      (e) =>
        `• ${slackDate(e.at)} <@${e.userId}> ${escapeMrkdwn(e.action)} ${escapeMrkdwn(e.arguments)} → ${escapeMrkdwn(e.outcome)}`,
    ),
  ];
}

/** What comes next, and who does it, from where the submission and project stand. */
export function nextStep(facts: StoryFacts, now: number, settings: StoryPorts['settings']): string {
  const portal = facts.portal?.ok ? facts.portal.value : undefined;
  const active = facts.runs.find((r) => ACTIVE.has(r.status));
  if (portal?.live && facts.projectUuid) {
    const reminder = facts.reminders.find((r) => r.status === 'scheduled' || r.status === 'sent');
    const close = reminder ? `, then mark ${reminder.ref} released` : '';
    return `Wrangler: verify the project on the portal and send the link to the contributor${close}.`;
  }
  if (active) return `${active.ref} is working on it (step \`${active.step}\`); its thread says who acts next.`;
  const state = facts.envelope?.ok ? normalState(facts.envelope.value.state) : undefined;
  const sub = facts.submissionUuid;
  if (state === 'archiving') return `Operators: start archiving with \`/hca archive ${sub} ${facts.env}\`.`;
  if (state && EXPORTED_OR_LATER.has(state)) {
    const watch = facts.projectUuid ? ` \`/hca portal ${facts.projectUuid} --watch\` watches for it.` : '';
    return `Wrangler: fill in the data release import form if it is not done; the project appears with the next release.${watch}`;
  }
  if (state && ARCHIVED_OR_LATER.has(state)) {
    const verdict = verdictOf(facts, now, settings.stuckAfterMs);
    return verdict?.kind === 'stuck'
      ? `Ingest developers: the export looks stuck; \`/hca export ${sub} ${facts.env}\` shows why and what the runbook suggests.`
      : `The exporter is on it: \`/hca export ${sub} ${facts.env}\` follows it to Exported.`;
  }
  if (state)
    return `Wrangler: the submission is ${facts.envelope?.ok ? facts.envelope.value.state : state}; it must be submitted and reach Archiving first.`;
  if (facts.kind === 'unknown')
    return 'Nothing the bot can see knows this UUID: check that it is an ingest submission, project or DSP submission UUID.';
  return 'Nothing for the bot to do: ask a wrangler where it stands.';
}

/** The story of one UUID across every system the bot sees, in one message. */
export function storyLines(
  facts: StoryFacts,
  describe: (run: Run) => RunDescription,
  now: number,
  settings: StoryPorts['settings'],
): string[] {
  const label = projectLabel(facts.names);
  const noun = facts.kind === 'unknown' ? 'UUID' : facts.kind;
  const kind = `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
  const project = facts.projectUuid && facts.projectUuid !== facts.uuid ? ` · project \`${facts.projectUuid}\`` : '';
  const verdict = verdictOf(facts, now, settings.stuckAfterMs);
  return [
    `*The story of \`${facts.uuid}\`* (${kind})${label ? ` · ${label}` : ''}${project}`,
    ingestLine(facts, now),
    ...runLines(facts, describe),
    ...[exportLine(facts, verdict), portalLine(facts, now, settings)].filter((l): l is string => l !== undefined),
    ...reminderLines(facts),
    ...auditLines(facts),
    `*Next:* ${nextStep(facts, now, settings)}`,
  ];
}
