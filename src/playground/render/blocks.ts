import type { Json } from '../workspace';
import { escapeHtml, mrkdwnToHtml, type Names, plainToHtml } from './mrkdwn';

/**
 * Block Kit to HTML, for the blocks the bot sends: header, section (text, fields, accessory),
 * context, actions (buttons with style and confirm, static_select with initial_option), divider.
 * Interactive elements carry their block_id and action_id, so a click names exactly what the
 * message shows; anything else is shown as a plain note rather than guessed at.
 */

function textObject(value: unknown, names: Names): string {
  const text = value as Json | undefined;
  if (!text || typeof text.text !== 'string') return '';
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text, names) : plainToHtml(text.text, text.emoji !== false);
}

/** Plain text of a text object, for titles and attribute values. */
function textOf(value: unknown): string {
  const text = value as Json | undefined;
  return typeof text?.text === 'string' ? text.text : '';
}

function confirmAttribute(confirm: unknown, names: Names): string {
  if (!confirm || typeof confirm !== 'object') return '';
  const c = confirm as Json;
  const dialog = {
    title: textOf(c.title),
    html: textObject(c.text, names),
    confirm: textOf(c.confirm) || 'Yes',
    deny: textOf(c.deny) || 'Cancel',
    style: c.style === 'danger' || c.style === 'primary' ? c.style : '',
  };
  return ` data-confirm="${escapeHtml(JSON.stringify(dialog))}"`;
}

function ids(blockId: string, element: Json): string {
  return `data-block-id="${escapeHtml(blockId)}" data-action-id="${escapeHtml(String(element.action_id ?? ''))}"`;
}

function option(item: Json, selectedValue: string | undefined): string {
  const value = String(item.value ?? '');
  return `<option value="${escapeHtml(value)}"${value === selectedValue ? ' selected' : ''}>${escapeHtml(textOf(item.text))}</option>`;
}

function staticSelect(blockId: string, element: Json, names: Names): string {
  const selected = (element.initial_option as Json | undefined)?.value as string | undefined;
  const placeholder = textOf(element.placeholder) || 'Select an item';
  const options = ((element.options as Json[] | undefined) ?? []).map((o) => option(o, selected)).join('');
  const groups = ((element.option_groups as Json[] | undefined) ?? [])
    .map((g) => `<optgroup label="${escapeHtml(textOf(g.label))}">${((g.options as Json[] | undefined) ?? []).map((o) => option(o, selected)).join('')}</optgroup>`)
    .join('');
  const prompt = selected === undefined ? `<option value="" disabled selected>${escapeHtml(placeholder)}</option>` : '';
  return `<select class="blk-select" aria-label="${escapeHtml(placeholder)}" ${ids(blockId, element)}${confirmAttribute(element.confirm, names)}>${prompt}${options}${groups}</select>`;
}

function button(blockId: string, element: Json, names: Names): string {
  const style = element.style === 'primary' || element.style === 'danger' ? ` blk-${element.style}` : '';
  return `<button type="button" class="blk-button${style}" ${ids(blockId, element)}${confirmAttribute(element.confirm, names)}>${textObject(element.text, names)}</button>`;
}

export function elementHtml(blockId: string, element: Json, names: Names): string {
  switch (element.type) {
    case 'button':
      return button(blockId, element, names);
    case 'static_select':
      return staticSelect(blockId, element, names);
    case 'image':
      return `<span class="blk-image" role="img">[image${element.alt_text ? `: ${escapeHtml(String(element.alt_text))}` : ''}]</span>`;
    case 'mrkdwn':
    case 'plain_text':
      return `<span class="blk-context-text">${textObject(element, names)}</span>`;
    default:
      return `<span class="blk-unsupported">[${escapeHtml(String(element.type))}: not shown in the playground]</span>`;
  }
}

function section(block: Json, names: Names): string {
  const blockId = String(block.block_id ?? '');
  const text = block.text ? `<div class="blk-text">${textObject(block.text, names)}</div>` : '';
  const fields = Array.isArray(block.fields)
    ? `<div class="blk-fields">${(block.fields as Json[]).map((f) => `<div class="blk-field">${textObject(f, names)}</div>`).join('')}</div>`
    : '';
  const accessory = block.accessory ? `<div class="blk-accessory">${elementHtml(blockId, block.accessory as Json, names)}</div>` : '';
  return `<div class="blk blk-section"><div class="blk-section-main">${text}${fields}</div>${accessory}</div>`;
}

/** Rich text, read as plain text: enough to show what it says. */
function richText(block: Json, names: Names): string {
  const parts: string[] = [];
  const walk = (node: Json): void => {
    if (node.type === 'text' && typeof node.text === 'string') parts.push(escapeHtml(node.text));
    else if (node.type === 'link') parts.push(mrkdwnToHtml(`<${String(node.url)}|${String(node.text ?? node.url)}>`, names));
    else if (node.type === 'user') parts.push(mrkdwnToHtml(`<@${String(node.user_id)}>`, names));
    else if (node.type === 'channel') parts.push(mrkdwnToHtml(`<#${String(node.channel_id)}>`, names));
    else if (node.type === 'emoji') parts.push(mrkdwnToHtml(`:${String(node.name)}:`, names));
    for (const child of (node.elements as Json[] | undefined) ?? []) walk(child);
  };
  walk(block);
  return `<div class="blk blk-text">${parts.join('').replace(/\n/g, '<br>')}</div>`;
}

export function blockHtml(block: Json, names: Names): string {
  const blockId = String(block.block_id ?? '');
  switch (block.type) {
    case 'header':
      return `<div class="blk blk-header">${textObject(block.text, names)}</div>`;
    case 'section':
      return section(block, names);
    case 'context':
      return `<div class="blk blk-context">${((block.elements as Json[] | undefined) ?? []).map((e) => elementHtml(blockId, e, names)).join('')}</div>`;
    case 'actions':
      return `<div class="blk blk-actions">${((block.elements as Json[] | undefined) ?? []).map((e) => elementHtml(blockId, e, names)).join('')}</div>`;
    case 'divider':
      return '<hr class="blk blk-divider">';
    case 'markdown':
      return `<div class="blk blk-text">${mrkdwnToHtml(String(block.text ?? ''), names)}</div>`;
    case 'rich_text':
      return richText(block, names);
    case 'image':
      return `<div class="blk">${elementHtml(blockId, block, names)}</div>`;
    default:
      return `<div class="blk blk-unsupported">[${escapeHtml(String(block.type))} block: not shown in the playground]</div>`;
  }
}

/** A message's body: its blocks, or its text when it has none (as Slack shows it). */
export function messageBodyHtml(text: string, blocks: Json[], names: Names): string {
  if (blocks.length === 0) return `<div class="blk blk-text">${mrkdwnToHtml(text, names)}</div>`;
  return blocks.map((block) => blockHtml(block, names)).join('');
}
