import type { Reason } from '@handoff/contracts';

const LEADING_CODE = /^([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+)\s*[:\-–]?\s*(.*)$/s;

/**
 * Operators type a reason; the ops events carry `{code, message}`. A reason that starts with a
 * dotted code (`VENDOR.RECOVERED: INC-4711`) keeps it, any other gets the action's generic code.
 */
export function toReason(text: string, fallbackCode: string): Reason {
  const match = LEADING_CODE.exec(text.trim());
  if (match) return { code: match[1], message: match[2] || match[1] };
  return { code: fallbackCode, message: text.trim() };
}
