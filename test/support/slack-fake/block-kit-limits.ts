/**
 * Slack's Block Kit limits (../shared/slack-platform.md §3), checked on every message a test
 * sees, so a message Slack would refuse with invalid_blocks / msg_blocks_too_long fails here.
 */

type Json = Record<string, unknown>;

const BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'divider', 'rich_text', 'image', 'markdown']);
const AGGREGATE_TEXT = 12_000;

function length(text: unknown): number {
  return typeof text === 'string' ? [...text].length : 0;
}

class Checker {
  readonly problems: string[] = [];
  private aggregate = 0;

  problem(where: string, what: string): void {
    this.problems.push(`${where}: ${what}`);
  }

  textObject(where: string, value: unknown, max: number, plainOnly = false): void {
    const t = value as Json | undefined;
    if (!t || typeof t !== 'object') {
      this.problem(where, 'text object missing');
      return;
    }
    if (t.type !== 'plain_text' && t.type !== 'mrkdwn') this.problem(where, `text type ${String(t.type)}`);
    if (plainOnly && t.type !== 'plain_text') this.problem(where, 'must be plain_text');
    const n = length(t.text);
    if (n === 0) this.problem(where, 'text is empty');
    if (n > max) this.problem(where, `text is ${n} characters (max ${max})`);
    this.aggregate += n;
  }

  confirm(where: string, confirm: unknown): void {
    if (confirm === undefined) return;
    const c = confirm as Json;
    this.textObject(`${where}.confirm.title`, c.title, 100, true);
    this.textObject(`${where}.confirm.text`, c.text, 300);
    this.textObject(`${where}.confirm.confirm`, c.confirm, 30, true);
    this.textObject(`${where}.confirm.deny`, c.deny, 30, true);
  }

  element(where: string, element: Json, actionIds: Set<string>): void {
    const id = element.action_id;
    if (typeof id === 'string') {
      if (id.length > 255) this.problem(where, 'action_id over 255');
      if (actionIds.has(id)) this.problem(where, `action_id ${id} repeated in the block`);
      actionIds.add(id);
    }
    switch (element.type) {
      case 'button':
        this.textObject(`${where}.text`, element.text, 75, true);
        if (length(element.value) > 2000) this.problem(where, 'button value over 2000');
        if (length(element.url) > 3000) this.problem(where, 'button url over 3000');
        if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') this.problem(where, `style ${String(element.style)}`);
        this.confirm(where, element.confirm);
        return;
      case 'static_select': {
        const options = (element.options as Json[] | undefined) ?? [];
        if (options.length === 0 || options.length > 100) this.problem(where, `${options.length} options (1–100)`);
        options.forEach((option, i) => {
          this.textObject(`${where}.options[${i}]`, option.text, 75, true);
          if (length(option.value) > 75) this.problem(`${where}.options[${i}]`, 'value over 75');
        });
        if (element.placeholder !== undefined) this.textObject(`${where}.placeholder`, element.placeholder, 150, true);
        const initial = element.initial_option as Json | undefined;
        if (initial && !options.some((o) => o.value === initial.value)) this.problem(where, 'initial_option is not one of the options');
        this.confirm(where, element.confirm);
        return;
      }
      case 'overflow': {
        const options = (element.options as Json[] | undefined) ?? [];
        if (options.length < 1 || options.length > 5) this.problem(where, `${options.length} overflow options (1–5)`);
        return;
      }
      default:
        this.problem(where, `unexpected element type ${String(element.type)}`);
    }
  }

  block(index: number, block: Json, blockIds: Set<string>): void {
    const where = `blocks[${index}] (${String(block.type)})`;
    if (!BLOCK_TYPES.has(String(block.type))) this.problem(where, 'unknown block type');
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) this.problem(where, 'block_id over 255');
      if (blockIds.has(block.block_id)) this.problem(where, `block_id ${block.block_id} repeated`);
      blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    switch (block.type) {
      case 'header':
        this.textObject(`${where}.text`, block.text, 150, true);
        break;
      case 'section': {
        if (block.text === undefined && block.fields === undefined) this.problem(where, 'needs text or fields');
        if (block.text !== undefined) this.textObject(`${where}.text`, block.text, 3000);
        const fields = (block.fields as unknown[] | undefined) ?? [];
        if (fields.length > 10) this.problem(where, `${fields.length} fields (max 10)`);
        fields.forEach((field, i) => this.textObject(`${where}.fields[${i}]`, field, 2000));
        if (block.accessory) this.element(`${where}.accessory`, block.accessory as Json, actionIds);
        break;
      }
      case 'context': {
        const elements = (block.elements as Json[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > 10) this.problem(where, `${elements.length} elements (1–10)`);
        elements.forEach((element, i) => this.textObject(`${where}.elements[${i}]`, element, 3000));
        break;
      }
      case 'actions': {
        const elements = (block.elements as Json[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > 25) this.problem(where, `${elements.length} elements (1–25)`);
        elements.forEach((element, i) => this.element(`${where}.elements[${i}]`, element, actionIds));
        break;
      }
      default:
        break;
    }
  }

  message(message: Json): void {
    const text = message.text;
    if (typeof text !== 'string' || text.length === 0) this.problem('text', 'top-level fallback text missing');
    else if (length(text) > 4000) this.problem('text', `${length(text)} characters (keep ≤ 4000)`);
    this.blocks(message.blocks, 50);
  }

  /** A Home tab or modal (views.publish / views.open): 100 blocks, and the view's own fields. */
  view(view: Json): void {
    if (view.type !== 'home' && view.type !== 'modal') this.problem('type', `view type ${String(view.type)}`);
    if (view.type === 'modal') this.textObject('title', view.title, 24, true);
    if (length(view.private_metadata) > 3000) this.problem('private_metadata', 'over 3000 characters');
    if (length(view.callback_id) > 255) this.problem('callback_id', 'over 255 characters');
    if (length(view.external_id) > 255) this.problem('external_id', 'over 255 characters');
    this.blocks(view.blocks, 100);
  }

  private blocks(value: unknown, max: number): void {
    const blocks = (value as Json[] | undefined) ?? [];
    if (blocks.length > max) this.problem('blocks', `${blocks.length} blocks (max ${max})`);
    const blockIds = new Set<string>();
    blocks.forEach((block, i) => this.block(i, block, blockIds));
    // Slack documents no aggregate limit for views; the message figure is kept as a safe ceiling.
    if (this.aggregate > AGGREGATE_TEXT) this.problem('blocks', `${this.aggregate} characters of text in all (Slack refuses around 13k; keep ≤ ${AGGREGATE_TEXT})`);
  }
}

export function blockKitProblems(message: unknown): string[] {
  const checker = new Checker();
  checker.message((message ?? {}) as Json);
  return checker.problems;
}

export function expectValidMessage(message: unknown): void {
  const problems = blockKitProblems(message);
  if (problems.length > 0) throw new Error(`Block Kit limits broken:\n- ${problems.join('\n- ')}`);
}

export function viewProblems(view: unknown): string[] {
  const checker = new Checker();
  checker.view((view ?? {}) as Json);
  return checker.problems;
}

export function expectValidView(view: unknown): void {
  const problems = viewProblems(view);
  if (problems.length > 0) throw new Error(`Block Kit limits broken:\n- ${problems.join('\n- ')}`);
}
