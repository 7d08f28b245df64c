import type { ThreadMessage } from '../../integrations/slack.js';
import { escapeMrkdwn, fallbackText, lineSections, message } from '../kit/blocks.js';
import { duration, slackDate } from '../kit/wording.js';
import type { LiveCheck } from './live.js';
import { releaseEstimateText, type ReleaseEstimate } from './releases.js';

/** A button that starts `/hca portal <project-uuid> --watch`; its value is the project UUID. */
export const WATCH_PORTAL_ACTION = 'portal_watch_start';

/** What ingest or Azul knows to call a project. */
export interface ProjectNames {
  title: string | null;
  shortName: string | null;
}

/** The portal page to send to the contributor. */
export function portalLink(portalUrl: string, projectUuid: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/explore/projects/${projectUuid}`;
}

/** `*Title* (\`short_name\`)`, as much of it as is known; empty when nothing is. */
export function projectLabel(names: ProjectNames | null | undefined): string {
  const title = names?.title ? `*${escapeMrkdwn(names.title)}*` : '';
  const short = names?.shortName ? `\`${escapeMrkdwn(names.shortName)}\`` : '';
  return title && short ? `${title} (${short})` : title || short;
}

/** A project UUID followed by its short name where one is known: `` `uuid` (heart-atlas) ``. */
export function projectRef(projectUuid: string, shortName: string | null | undefined): string {
  return shortName ? `\`${projectUuid}\` (${escapeMrkdwn(shortName)})` : `\`${projectUuid}\``;
}

function fileTypesText(fileTypes: readonly { format: string; count: number }[]): string {
  if (fileTypes.length === 0) return 'none listed';
  return fileTypes.map((f) => `${escapeMrkdwn(f.format)} (${f.count.toLocaleString('en-GB')})`).join(', ');
}

export interface PortalAnswer {
  projectUuid: string;
  check: LiveCheck;
  portalUrl: string;
  /** The first available release, for a project that is not live yet. */
  estimate?: ReleaseEstimate;
  cadenceDays: number;
}

/** The answer to "is it live?": where, what the portal shows, and the link for the contributor; or when to expect it. */
export function portalLines(answer: PortalAnswer): string[] {
  const { projectUuid, check } = answer;
  if (!check.live) {
    const checked = check.releases.length ? `checked ${check.releases.join(', ')}` : 'Azul lists no release catalog';
    const expected = answer.estimate
      ? [
          `If it was exported before the next release, it is ${releaseEstimateText(answer.estimate, answer.cadenceDays)}.`,
        ]
      : [];
    return [
      `:hourglass_flowing_sand: Project \`${projectUuid}\` is not on the HCA Data Portal yet (${checked}).`,
      ...expected,
    ];
  }
  const { catalog, project } = check.live;
  const label = projectLabel(project);
  const cells = project.cellCount === null ? 'not given' : Math.round(project.cellCount).toLocaleString('en-GB');
  return [
    `:white_check_mark: Project \`${projectUuid}\`${label ? ` ${label}` : ''} is live on the HCA Data Portal in ${catalog}.`,
    `Cells: ${cells} · File types: ${fileTypesText(project.fileTypes)}`,
    ...(project.accessible
      ? []
      : ['Managed access: the portal lists the project, and its files are open to approved users only.']),
    `Link for the contributor: ${portalLink(answer.portalUrl, projectUuid)}`,
  ];
}

/** A portal answer as a thread message. */
export function portalMessage(answer: PortalAnswer): ThreadMessage {
  const lines = portalLines(answer);
  return message(fallbackText(lines[0]!), lineSections(lines));
}

/** Said once when a watch starts on a project that is not live yet. */
export function watchingText(intervalMs: number, until: number): string {
  return `Watching: the bot asks Azul again every ${duration(intervalMs)} until the project is live, or until ${slackDate(until, '{date_long}')}.`;
}

/** The note in a closed reminder's thread. */
export function releasedNote(args: {
  projectUuid: string;
  shortName: string | null;
  catalog: string;
  link: string;
  reminderRef: string;
  runRef: string;
}): string {
  return `:white_check_mark: Project ${projectRef(args.projectUuid, args.shortName)} is live on the HCA Data Portal in ${args.catalog}: ${args.link}\n${args.reminderRef} is marked released (found by ${args.runRef}'s portal watch).`;
}

/** The end of a watch that never saw the project live. */
export function notLiveInTime(maxDays: number): string {
  return `The project was not live on the HCA Data Portal within ${maxDays} days; the watch stopped. \`/hca retry\` watches again.`;
}
