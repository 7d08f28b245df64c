/** `1 file`, `2 files`; `nouns` for irregular plurals. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** A span of time as people say it: `40 s`, `25 min`, `5 h`, `3 days`. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/** A timestamp a remote service gave (ISO 8601) in Slack's date formatting; the text as it came when it is not one. */
export function readableDate(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : slackDate(at);
}

/** Slack's date formatting: every reader sees the time in their own zone. */
export function slackDate(epochMs: number, format = '{date_short_pretty} {time}'): string {
  const seconds = Math.floor(epochMs / 1000);
  return `<!date^${seconds}^${format}|${new Date(epochMs).toISOString()}>`;
}

const BYTE_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB'];

/**
 * `512 bytes`, `3.4 GB`: multiples of 1024 under the AWS console's labels, as the `*_MB` settings count
 * (1 MB = 1,048,576 bytes).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}
