import type { StoredFile, StoredMessage } from './slack-stand-in.js';

/** How rendered text is decorated. Plain and ANSI read the same once ANSI codes are stripped. */
export interface Style {
  bold(text: string): string;
  italic(text: string): string;
  strike(text: string): string;
  code(text: string): string;
  dim(text: string): string;
}

export const PLAIN_STYLE: Style = {
  bold: (t) => t,
  italic: (t) => t,
  strike: (t) => t,
  code: (t) => `\`${t}\``,
  dim: (t) => t,
};

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

export const ANSI_STYLE: Style = {
  bold: sgr(1, 22),
  italic: sgr(3, 23),
  strike: sgr(9, 29),
  code: (t) => sgr(36, 39)(`\`${t}\``),
  dim: sgr(2, 22),
};

export interface RenderContext {
  style: Style;
  /** The sandbox clock's reading, for "today" and "3 minutes ago". */
  now: number;
  /** IANA zone dates are shown in; the terminal's own when absent. */
  timeZone?: string;
  /** The number a message's button is pressed by (`click N`); buttons without one are listed unnumbered. */
  buttonNumber?: (message: StoredMessage, actionId: string, value: string) => number | undefined;
}

/** What a message or an ephemeral answer holds. */
export type MessageContent = Pick<StoredMessage, 'text' | 'blocks' | 'files'>;

/** How many edits of each message (by `channel/ts`) the terminal has shown. */
export type Shown = ReadonlyMap<string, number>;

const EMOJI: Record<string, string> = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  no_entry_sign: '🚫',
  arrows_counterclockwise: '🔄',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  raised_hand: '✋',
  large_green_circle: '🟢',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  repeat: '🔁',
  bell: '🔔',
  calendar: '📅',
  date: '📆',
  zzz: '💤',
  package: '📦',
  mag: '🔍',
  lock: '🔒',
  rocket: '🚀',
  information_source: 'ℹ️',
  rotating_light: '🚨',
  ballot_box_with_check: '☑️',
  question: '❓',
};

const FILE_PREVIEW_LINES = 5;
const SUMMARY_LENGTH = 60;
const DAY_MS = 86_400_000;

/** Slack mrkdwn as terminal text: styles, mentions, links, dates, emoji and entities made readable. */
export function renderMrkdwn(text: string, context: RenderContext): string {
  const token = /```([\s\S]*?)```|`([^`\n]+)`|<([^<>\n]+)>/g;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(token)) {
    out += renderInline(text.slice(last, match.index), context.style);
    const [, block, code, special] = match;
    if (block !== undefined) out += '```' + unescape(block) + '```';
    else if (code !== undefined) out += context.style.code(unescape(code));
    else out += renderSpecial(special!, context);
    last = match.index + match[0].length;
  }
  return out + renderInline(text.slice(last), context.style);
}

function renderInline(text: string, style: Style): string {
  const styled = emojify(text)
    .replace(/(^|[^\p{L}\p{N}*])\*(?!\s)([^*\n]+?)\*(?![\p{L}\p{N}*])/gu, (_m, before: string, inner: string) =>
      before.concat(style.bold(inner)),
    )
    .replace(/(^|[^\p{L}\p{N}_])_(?!\s)([^_\n]+?)_(?![\p{L}\p{N}_])/gu, (_m, before: string, inner: string) =>
      before.concat(style.italic(inner)),
    )
    .replace(/(^|[^\p{L}\p{N}~])~(?!\s)([^~\n]+?)~(?![\p{L}\p{N}~])/gu, (_m, before: string, inner: string) =>
      before.concat(style.strike(inner)),
    );
  return unescape(styled);
}

function emojify(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** `<@U1>`, `<#C1|ops>`, `<!here>`, `<!date^…|…>`, `<url|label>`. */
function renderSpecial(inner: string, context: RenderContext): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : unescape(inner.slice(bar + 1));
  if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!date^')) return renderDate(target, label, context);
  if (target.startsWith('!subteam^')) return label ?? '@team';
  if (target.startsWith('!')) return `@${target.slice(1)}`;
  const url = unescape(target);
  return label && label !== url ? `${label} (${url})` : url;
}

/** `<!date^SECONDS^FORMAT[^link]|fallback>` in the reader's zone, as Slack shows it. */
function renderDate(target: string, fallback: string | undefined, context: RenderContext): string {
  const [, seconds, format = ''] = target.split('^');
  const at = Number(seconds) * 1000;
  if (!Number.isFinite(at)) return fallback ?? target;
  return format.replace(/\{(\w+)\}/g, (token, name: string) => dateToken(name, at, context) ?? token);
}

function dateToken(name: string, at: number, context: RenderContext): string | undefined {
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { ...options, timeZone: context.timeZone }).format(at);
  const pretty = /^(date(?:_short|_long)?)_pretty$/.exec(name);
  if (pretty) return relativeDay(at, context) ?? dateToken(pretty[1]!, at, context);
  switch (name) {
    case 'date_num':
      return dayKey(at, context.timeZone);
    case 'date':
      return format({ day: 'numeric', month: 'long', year: 'numeric' });
    case 'date_short':
      return format({ day: 'numeric', month: 'short', year: 'numeric' });
    case 'date_long':
      return `${format({ weekday: 'long' })} ${format({ day: 'numeric', month: 'long', year: 'numeric' })}`;
    case 'time':
      return format({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    case 'time_secs':
      return format({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    case 'ago':
      return ago(context.now - at);
    default:
      return undefined;
  }
}

function dayKey(at: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);
}

function relativeDay(at: number, context: RenderContext): string | undefined {
  const day = dayKey(at, context.timeZone);
  const names: [number, string][] = [
    [0, 'today'],
    [-1, 'yesterday'],
    [1, 'tomorrow'],
  ];
  return names.find(([offset]) => dayKey(context.now + offset * DAY_MS, context.timeZone) === day)?.[1];
}

function ago(ms: number): string {
  const units: [string, number][] = [
    ['day', DAY_MS],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  const found = units.find(([, size]) => Math.abs(ms) >= size);
  if (!found) return 'just now';
  const count = Math.floor(Math.abs(ms) / found[1]);
  const amount = `${count} ${found[0]}${count === 1 ? '' : 's'}`;
  return ms < 0 ? `in ${amount}` : `${amount} ago`;
}

interface TextObject {
  type: string;
  text: string;
}

interface Element {
  type: string;
  text?: TextObject;
  action_id?: string;
  value?: string;
  style?: string;
  url?: string;
  alt_text?: string;
  confirm?: { title?: TextObject };
  initial_date?: string;
}

interface Block {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: Element;
  elements?: (Element | TextObject)[];
  alt_text?: string;
  label?: TextObject;
  hint?: TextObject;
  element?: Element;
}

function renderText(object: TextObject | undefined, context: RenderContext): string {
  if (!object) return '';
  return object.type === 'mrkdwn' ? renderMrkdwn(object.text, context) : emojify(object.text);
}

function renderElement(element: Element, context: RenderContext, number?: number): string {
  const { style } = context;
  const label = renderText(element.text, context);
  if (element.type !== 'button') return style.dim(`[${element.type}${label ? `: ${label}` : ''}]`);
  const notes = [
    element.style,
    element.confirm ? `asks "${renderText(element.confirm.title, context)}" first` : undefined,
    element.url ? `opens ${element.url}` : undefined,
  ].filter((n): n is string => !!n);
  const key = number === undefined ? '[ ]' : `[${number}]`;
  return `${style.bold(key)} ${label}${notes.length > 0 ? style.dim(` (${notes.join(', ')})`) : ''}`;
}

function renderBlock(
  block: Block,
  context: RenderContext,
  numberOf: (element: Element) => number | undefined,
): string[] {
  const { style } = context;
  switch (block.type) {
    case 'section':
      return [
        ...(block.text ? [renderText(block.text, context)] : []),
        ...(block.fields ?? []).map((field) => renderText(field, context)),
        ...(block.accessory ? [renderElement(block.accessory, context, numberOf(block.accessory))] : []),
      ];
    case 'header':
      return [style.bold(renderText(block.text, context))];
    case 'context':
      return [
        style.dim(
          (block.elements ?? [])
            .map((e) => ('text' in e && typeof e.text === 'string' ? renderText(e as TextObject, context) : ''))
            .filter((t) => t.length > 0)
            .join('  '),
        ),
      ];
    case 'actions':
      return (block.elements ?? []).map((e) => renderElement(e as Element, context, numberOf(e as Element)));
    case 'input': {
      const element = block.element ?? { type: 'input' };
      const field = element.type === 'datepicker' ? 'date picker' : element.type;
      return [
        `${renderText(block.label, context)}: ${style.dim(`[${field}${element.initial_date ? `: ${element.initial_date}` : ''}]`)}`,
        ...(block.hint ? [style.dim(renderText(block.hint, context))] : []),
      ];
    }
    case 'divider':
      return [style.dim('────────────────')];
    case 'image':
      return [style.dim(`[image: ${block.alt_text ?? ''}]`)];
    default:
      return [style.dim(`[${block.type} block]`)];
  }
}

function renderFile(file: StoredFile, context: RenderContext): string[] {
  const lines = file.content.replace(/\n$/, '').split('\n');
  const title = file.title && file.title !== file.filename ? ` — ${file.title}` : '';
  const more = lines.length - FILE_PREVIEW_LINES;
  return [
    `📎 ${context.style.bold(file.filename)}${title} ${context.style.dim(`(${lines.length} lines)`)}`,
    ...lines.slice(0, FILE_PREVIEW_LINES).map((line) => context.style.dim(`│ ${line}`)),
    ...(more > 0
      ? [
          context.style.dim(
            `│ … ${more} more line${more === 1 ? '' : 's'} (\`/sandbox file ${file.filename}\` shows all)`,
          ),
        ]
      : []),
  ];
}

/** The lines of one message: its blocks (or its text when it has none), then its files. */
export function renderContent(
  content: MessageContent,
  context: RenderContext,
  numberOf: (actionId: string, value: string) => number | undefined = () => undefined,
): string[] {
  const blocks = (content.blocks ?? []) as Block[];
  const body =
    blocks.length > 0
      ? blocks.flatMap((block) => renderBlock(block, context, (e) => numberOf(e.action_id ?? '', e.value ?? '')))
      : content.text
        ? [renderMrkdwn(content.text, context)]
        : [];
  const files = (content.files ?? []).flatMap((file) => renderFile(file, context));
  return [...body, ...files].flatMap((line) => line.split('\n'));
}

function indent(lines: readonly string[], by: number): string[] {
  return lines.map((line) => ' '.repeat(by) + line);
}

function where(channel: string): string {
  return channel.startsWith('D') ? `DM ${channel}` : `#${channel}`;
}

function messageKey(message: Pick<StoredMessage, 'channel' | 'ts'>): string {
  return `${message.channel}/${message.ts}`;
}

function summary(message: StoredMessage | undefined, context: RenderContext): string {
  if (!message) return 'a message that is gone';
  const first = renderMrkdwn(message.text.split('\n')[0] ?? '', { ...context, style: PLAIN_STYLE });
  return first.length > SUMMARY_LENGTH ? `${first.slice(0, SUMMARY_LENGTH - 1)}…` : first;
}

/**
 * What changed in the channels since `shown`: new and edited root messages, each followed by its new or edited
 * thread replies indented under it. With an empty `shown` it is the whole conversation.
 */
export function renderChanges(
  messages: readonly StoredMessage[],
  shown: Shown,
  context: RenderContext,
): { text: string; shown: Map<string, number> } {
  const next = new Map(shown);
  const changed = (m: StoredMessage) => shown.get(messageKey(m)) !== m.edits;
  const threads = new Map<string, { root?: StoredMessage; replies: StoredMessage[] }>();
  for (const message of messages) {
    const key = message.threadTs ? `${message.channel}/${message.threadTs}` : messageKey(message);
    const thread = threads.get(key) ?? { replies: [] };
    if (message.threadTs) thread.replies.push(message);
    else thread.root = message;
    threads.set(key, thread);
  }
  const { style } = context;
  const render = (m: StoredMessage, by: number) => {
    next.set(messageKey(m), m.edits);
    return indent(
      renderContent(m, context, (actionId, value) => context.buttonNumber?.(m, actionId, value)),
      by,
    );
  };
  const edited = (m: StoredMessage) => (shown.has(messageKey(m)) ? ' (edited)' : '');
  const out: string[] = [];
  for (const { root, replies } of threads.values()) {
    const newReplies = replies.filter(changed);
    if (root && changed(root)) {
      out.push(style.dim(`${where(root.channel)} · bot${edited(root)}`), ...render(root, 2));
    } else if (newReplies.length > 0) {
      out.push(style.dim(`${where(newReplies[0]!.channel)} · thread of "${summary(root, context)}"`));
    }
    for (const reply of newReplies) {
      out.push(style.dim(`  ↳ bot in the thread${edited(reply)}`), ...render(reply, 4));
    }
  }
  return { text: out.join('\n'), shown: next };
}

/**
 * An answer only one user sees: the ack of a command, or a post to a response_url. `numberOf` numbers its buttons
 * when they can be pressed.
 */
export function renderEphemeral(
  body: Record<string, unknown>,
  viewer: string,
  context: RenderContext,
  numberOf?: (actionId: string, value: string) => number | undefined,
): string {
  const header =
    body.delete_original === true
      ? 'deletes the message you clicked'
      : body.replace_original === true
        ? 'replaces the message you clicked'
        : body.response_type === 'in_channel'
          ? 'posted in the channel'
          : `only visible to you (${viewer})`;
  const content: MessageContent = {
    text: typeof body.text === 'string' ? body.text : '',
    blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
  };
  return [context.style.dim(header), ...indent(renderContent(content, context, numberOf), 2)].join('\n');
}

/** A modal the bot opened for a user: its title, its blocks and its inputs with their current values. */
export function renderModal(view: Record<string, unknown>, viewer: string, context: RenderContext): string {
  const title = renderText(view.title as TextObject | undefined, context);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  const header = context.style.dim(`form "${title}" opened for ${viewer}`);
  return [header, ...indent(renderContent({ text: '', blocks }, context), 2)].join('\n');
}

/** A JSON log line of the bot as one short line: level, logger, message, then the other fields. */
export function renderLogLine(line: string, style: Style): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return style.dim(line);
  }
  const { level, name, msg } = entry;
  const fields = Object.entries(entry)
    .filter(([k]) => !['time', 'level', 'name', 'msg'].includes(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const mark = level === 'error' ? '✗' : level === 'warn' ? '⚠' : '·';
  return style.dim(
    `${mark} bot ${String(level)}${name ? ` ${String(name)}` : ''}: ${String(msg)}${fields.length > 0 ? ` · ${fields.join(' · ')}` : ''}`,
  );
}
