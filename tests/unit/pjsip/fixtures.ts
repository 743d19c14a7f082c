import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function fixture(name: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../../fixtures/conf/${name}`, import.meta.url)),
    'utf8',
  );
}

/** Lines with their own endings, so CRLF/LF differences show up in line-by-line assertions. */
export function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
