/**
 * Checks a Block Kit surface against the limits Slack enforces (reference/slack-platform.md §2.5): block counts, text
 * lengths, element counts, unique block ids, and the overall payload size. Returns the problems found.
 */
export function blockKitProblems(surface: { type: string; blocks?: unknown[] }): string[] {
  const problems: string[] = [];
  const blocks = (surface.blocks ?? []) as Record<string, unknown>[];
  const maxBlocks = surface.type === 'home' || surface.type === 'modal' ? 100 : 50;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (limit ${maxBlocks})`);
  if (JSON.stringify(surface).length > 250_000) problems.push('view larger than 250 kB');
  const blockIds = new Set<string>();
  const text = (where: string, value: unknown, limit: number, types = ['plain_text', 'mrkdwn']) => {
    const object = value as { type?: string; text?: unknown } | undefined;
    if (!object || !types.includes(object.type ?? '') || typeof object.text !== 'string') {
      problems.push(`${where}: not a ${types.join(' or ')} text object`);
      return;
    }
    if (object.text.length < 1 || object.text.length > limit) {
      problems.push(`${where}: ${object.text.length} characters (1–${limit})`);
    }
  };
  blocks.forEach((block, i) => {
    const where = `block ${i} (${String(block.type)})`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) problems.push(`${where}: block_id too long`);
      if (blockIds.has(block.block_id)) problems.push(`${where}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        text(where, block.text, 150, ['plain_text']);
        break;
      case 'section':
        text(where, block.text, 3000);
        break;
      case 'divider':
        break;
      case 'context': {
        const elements = (block.elements ?? []) as unknown[];
        if (elements.length < 1 || elements.length > 10) problems.push(`${where}: ${elements.length} elements (1–10)`);
        elements.forEach((e, j) => text(`${where} element ${j}`, e, 3000));
        break;
      }
      case 'actions': {
        const elements = (block.elements ?? []) as { action_id?: string; value?: string; text?: unknown }[];
        if (elements.length < 1 || elements.length > 25) problems.push(`${where}: ${elements.length} elements (1–25)`);
        for (const e of elements) {
          text(`${where} button`, e.text, 75, ['plain_text']);
          if ((e.value ?? '').length > 2000) problems.push(`${where}: button value over 2,000 characters`);
          if ((e.action_id ?? '').length > 255) problems.push(`${where}: action_id too long`);
        }
        break;
      }
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  return problems;
}

/** Every mrkdwn and plain text of a message's blocks (or its fallback text when it has none), one per line. */
export function textOf(message: { text?: string; blocks?: unknown[] }): string {
  if (!message.blocks?.length) return message.text ?? '';
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(collect);
    if (typeof value !== 'object' || value === null) return;
    const object = value as Record<string, unknown>;
    if ((object.type === 'mrkdwn' || object.type === 'plain_text') && typeof object.text === 'string') {
      texts.push(object.text);
      return;
    }
    Object.values(object).forEach(collect);
  };
  collect(message.blocks);
  return texts.join('\n');
}
