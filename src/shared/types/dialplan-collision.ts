/** How a number a hand-written pattern handles gets its dialplan: the user's answer. */
export type DialplanChoice = 'take-over' | 'leave-pattern';

/** The details of a DIALPLAN_PATTERN_COLLISION refusal, as they reach the renderer. */
export interface PatternCollision {
  number: string;
  context: string;
  pattern: string;
  line: number;
  application: string;
}

/** The collision an error's code and details describe, or null when it is another error. */
export function patternCollisionOf(
  code: string,
  details: Record<string, unknown>,
): PatternCollision | null {
  if (code !== 'DIALPLAN_PATTERN_COLLISION') return null;
  const { number, context, pattern, line, application } = details;
  if (
    typeof number !== 'string' ||
    typeof context !== 'string' ||
    typeof pattern !== 'string' ||
    typeof line !== 'number'
  )
    return null;
  return {
    number,
    context,
    pattern,
    line,
    application: typeof application === 'string' ? application : '',
  };
}
