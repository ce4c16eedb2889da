import type { SlackMessage } from './message.js';

/** Slack refuses a section block whose text is longer than this, and with it the whole message. */
export const SECTION_TEXT_LIMIT = 3_000;

/**
 * The message within Slack's limits: each section's text, and the top-level text (shown as it is when there are no
 * blocks), clipped to 3,000 characters with an ellipsis. An ECS event reason or a long refused input would otherwise
 * make Slack refuse the result, and the user would see nothing.
 *
 * @example
 * fitForSlack({ text: 'x'.repeat(5_000) }).text.length; // 3000
 */
export function fitForSlack<T extends SlackMessage | Record<string, unknown>>(message: T): T {
  if (typeof message !== 'object' || message === null) return message;
  const fitted: Record<string, unknown> = { ...message };
  if (typeof fitted.text === 'string') fitted.text = clip(fitted.text);
  if (Array.isArray(fitted.blocks)) {
    fitted.blocks = fitted.blocks.map((block: { type?: string; text?: { text?: unknown } }) =>
      block?.type === 'section' && typeof block.text?.text === 'string' ? { ...block, text: { ...block.text, text: clip(block.text.text) } } : block,
    );
  }
  return fitted as T;
}

function clip(text: string): string {
  return text.length <= SECTION_TEXT_LIMIT ? text : `${text.slice(0, SECTION_TEXT_LIMIT - 1)}…`;
}
