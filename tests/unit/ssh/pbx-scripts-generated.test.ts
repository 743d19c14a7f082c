import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compactScript,
  GENERATED_FILE,
  parseContract,
  renderPbxScripts,
  SCRIPTS_DIR,
} from '../../../scripts/gen-pbx-scripts';
import {
  READ_SCRIPT,
  SCRIPT_EXIT,
  WRITE_SCRIPT,
} from '../../../src/main/core/ssh/scripts/pbx-scripts.generated';

describe('the PBX scripts generated from the .sh files', () => {
  it('are up to date (run `npx tsx scripts/gen-pbx-scripts.ts` after editing a .sh file)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(renderPbxScripts());
  });

  it('take every exit code from contract.sh, each used by a script', () => {
    const { codes } = parseContract(readFileSync(join(SCRIPTS_DIR, 'contract.sh'), 'utf8'));
    expect(Object.entries(SCRIPT_EXIT)).toEqual(codes);
    for (const [name] of codes) {
      expect(`${READ_SCRIPT}\n${WRITE_SCRIPT}`).toMatch(new RegExp(`"\\$E_${name}"`));
    }
  });

  it('are one line each that sh and bash parse', () => {
    for (const s of [READ_SCRIPT, WRITE_SCRIPT]) {
      expect(s).not.toContain('\n');
      execFileSync('sh', ['-n', '-c', s]);
      execFileSync('bash', ['-n', '-c', s]);
    }
  });

  it('joins lines with `;` except after a keyword or operator that continues the command', () => {
    expect(
      compactScript(
        '# comment\nf() {\n  if a; then\n    b ||\n      c\n  fi\n  case $x in\n    y) z ;;\n  esac\n}\n',
      ),
    ).toBe('f() { if a; then b || c; fi; case $x in y) z ;; esac; }');
  });
});
