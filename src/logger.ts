import { systemClock } from './clock.js';
import type { LogLevel } from './config.js';
import type { Redactor } from './redactor.js';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
  child(name: string): Logger;
  /** Whether a line at this level would be written: callers skip building costly messages when not. */
  enabled(level: LogLevel): boolean;
}

export type LogSink = (line: string) => void;

export interface LoggerOptions {
  level: LogLevel;
  redactor: Redactor;
  sink?: LogSink;
  now?: () => number;
  name?: string;
}

/** A JSON-lines logger whose every line passes through the redactor. */
export function createLogger(options: LoggerOptions): Logger {
  const { level, redactor, sink = (line) => process.stdout.write(`${line}\n`), now = systemClock.now, name } = options;
  const enabled = (at: LogLevel) => LEVELS[at] >= LEVELS[level];
  const write = (at: LogLevel, message: string, meta?: Record<string, unknown>) => {
    if (!enabled(at)) return;
    const entry = { time: new Date(now()).toISOString(), level: at, ...(name ? { name } : {}), msg: message, ...meta };
    sink(redactor.redact(JSON.stringify(entry, errorReplacer)));
  };
  return {
    debug: (m, meta) => write('debug', m, meta),
    info: (m, meta) => write('info', m, meta),
    warn: (m, meta) => write('warn', m, meta),
    error: (m, meta) => write('error', m, meta),
    child: (childName) => createLogger({ ...options, name: name ? `${name}.${childName}` : childName }),
    enabled,
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** Adapts a Logger to the shape Bolt and @slack/web-api expect (variadic arguments, level accessors). */
export function toSlackLogger(logger: Logger, level: LogLevel) {
  const join = (args: unknown[]) =>
    args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : safeJson(a))).join(' ');
  let name = 'slack';
  const log =
    (at: LogLevel) =>
    (...args: unknown[]) => {
      if (logger.enabled(at)) logger[at](join(args), { source: name });
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: () => undefined,
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
}

/** Adapts a Logger to the AWS SDK's logger shape. */
export function toAwsLogger(logger: Logger) {
  const log =
    (at: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      logger[at](args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '), { source: 'aws-sdk' });
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), trace: log('debug') };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, errorReplacer) ?? String(value);
  } catch {
    return String(value);
  }
}
