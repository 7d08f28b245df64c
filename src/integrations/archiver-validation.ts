import { JSONParser, TokenType, type ParsedElementInfo, type ParsedTokenInfo } from '@streamparser/json';

/** One submittable of `/validationErrors` (its URL, or "NoSubmittable") and the messages of each validation author. */
export interface ValidationEntry {
  submittable: string;
  messages: Record<string, string[]>;
}

/** A body that is not the JSON `/validationErrors` sends; `what` completes "The archiver … answered with …". */
export class MalformedValidationErrors extends Error {
  readonly what: string;

  constructor(what: string) {
    super(what);
    this.name = 'MalformedValidationErrors';
    this.what = what;
  }
}

type Kind = 'object' | 'array' | 'other';

/** The kind of each member of the body's top-level object, seen from the tokens as they stream past. */
class TopLevelKinds {
  readonly kinds = new Map<string, Kind>();
  rootIsObject = false;
  private depth = 0;
  private expectingKey = false;
  private key: string | undefined;

  see({ token, value }: ParsedTokenInfo): void {
    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        if (this.depth === 0) this.rootIsObject = token === TokenType.LEFT_BRACE;
        if (this.depth === 1) this.member(token === TokenType.LEFT_BRACE ? 'object' : 'array');
        this.depth += 1;
        this.expectingKey = this.depth === 1 && this.rootIsObject;
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.depth -= 1;
        return;
      case TokenType.COMMA:
        if (this.depth === 1) this.expectingKey = true;
        return;
      case TokenType.COLON:
        return;
      default:
        if (this.depth !== 1) return;
        if (this.expectingKey && typeof value === 'string') {
          this.key = value;
          this.expectingKey = false;
        } else {
          this.member('other');
        }
    }
  }

  private member(kind: Kind): void {
    if (this.key !== undefined) this.kinds.set(this.key, kind);
    this.key = undefined;
  }
}

/** The first errorMessages map of one submittable; undefined when it is not `[{author: [message…]}, …]`. */
function firstMessages(maps: unknown): Record<string, string[]> | undefined {
  if (!Array.isArray(maps)) return undefined;
  const first: unknown = maps[0] ?? {};
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return undefined;
  const authors = Object.entries(first);
  if (!authors.every(([, lines]) => Array.isArray(lines))) return undefined;
  return Object.fromEntries(
    authors.map(([author, lines]) => [author, (lines as unknown[]).filter((l): l is string => typeof l === 'string')]),
  );
}

/**
 * Parses a `/validationErrors` body as it arrives (`{"errors": {<submittable>: [{<author>: [message…]}, …]},
 * "pending": […]}`): each submittable with messages goes to `onEntry` as soon as it is complete and is not kept, so a
 * 100,000-error body never sits in memory whole. The archiver keeps one errorMessages map per submittable: the first.
 * `write` and `end` throw MalformedValidationErrors.
 */
export function validationErrorsParser(onEntry: (entry: ValidationEntry) => void) {
  const parser = new JSONParser({ paths: ['$.errors.*', '$.pending.*'], keepStack: false });
  const top = new TopLevelKinds();
  let pendingCount = 0;
  const shape = (where: string, expected: string) =>
    new MalformedValidationErrors(`JSON of an unexpected shape (${where}: expected ${expected})`);

  parser.onToken = (token) => top.see(token);
  parser.onValue = ({ value, key, stack }: ParsedElementInfo) => {
    if (stack[1]?.key === 'pending') {
      if (top.kinds.get('pending') !== 'array') throw shape('pending', 'an array');
      pendingCount += 1;
      return;
    }
    if (top.kinds.get('errors') !== 'object') throw shape('errors', 'an object');
    const submittable = String(key);
    const messages = firstMessages(value);
    if (messages === undefined) throw shape(`errors.${submittable}`, '[{author: [messages]}]');
    if (Object.keys(messages).length > 0) onEntry({ submittable, messages });
  };

  const guarded = (step: () => void) => {
    try {
      step();
    } catch (error) {
      if (error instanceof MalformedValidationErrors) throw error;
      throw new MalformedValidationErrors('malformed JSON');
    }
  };

  return {
    write(chunk: Uint8Array): void {
      guarded(() => parser.write(chunk));
    },
    /** Checks that the body was complete and had both members; how many validation results are still pending. */
    end(): { pendingCount: number } {
      guarded(() => {
        if (!parser.isEnded) parser.end();
      });
      if (!top.rootIsObject) throw shape('the body', 'an object');
      if (top.kinds.get('errors') !== 'object') throw shape('errors', 'an object');
      if (top.kinds.get('pending') !== 'array') throw shape('pending', 'an array');
      return { pendingCount };
    },
  };
}
