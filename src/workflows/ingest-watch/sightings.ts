import type { Sighting, SightingKey } from '../../store/watch.js';

export interface SightingChanges {
  /** In the state now and not seen there before (or back after leaving): each starts an episode. */
  entered: string[];
  /** Open sightings whose submission is no longer in the state: closing them lets a return be noticed again. */
  left: Sighting[];
}

/** Compares the open sightings of one environment and state with the submissions a search found there now. */
export function reconcile(open: readonly Sighting[], present: readonly string[]): SightingChanges {
  const seen = new Set(open.map((s) => s.submissionUuid));
  const now = new Set(present);
  return {
    entered: [...now].filter((uuid) => !seen.has(uuid)),
    left: open.filter((s) => !now.has(s.submissionUuid)),
  };
}

/**
 * The key that makes a notice unique across restarts and processes: whoever records it first posts it. A notice
 * is about one stay in one state, so a later episode gets a notice of its own.
 */
export function noticeKey(sighting: SightingKey): string {
  return `${sighting.env}:${sighting.state}:${sighting.submissionUuid}:${sighting.episode}`;
}

/** The sighting a notice key names; undefined when the text is not one. */
export function parseNoticeKey(key: string): SightingKey | undefined {
  const match = /^(dev|staging|prod):(archiving|exporting):([0-9a-f-]{36}):(\d+)$/.exec(key);
  if (!match) return undefined;
  const [, env, state, submissionUuid, episode] = match as unknown as [
    string,
    string,
    SightingKey['state'],
    string,
    string,
  ];
  return { env, state, submissionUuid, episode: Number(episode) };
}

/**
 * What the watcher does with an open sighting this interval: an Archiving one not yet noticed is posted as ready;
 * an Exporting one not yet noticed has its export jobs looked at; a noticed one needs nothing more.
 */
export function pendingWork(sighting: Sighting): 'notice-ready' | 'check-export' | 'none' {
  if (sighting.noticedAt !== null) return 'none';
  return sighting.state === 'archiving' ? 'notice-ready' : 'check-export';
}

/**
 * A refused token is said once, not every interval: post when refused and not yet said; once the token works
 * again, forget it so that the next refusal is said too.
 */
export function tokenNotice(refused: boolean, alreadySaid: boolean): 'post' | 'forget' | 'none' {
  if (refused) return alreadySaid ? 'none' : 'post';
  return alreadySaid ? 'forget' : 'none';
}
