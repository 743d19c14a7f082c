/** Options whose values are credentials: never listed, never shown in a diff. */
export const SECRET_OPTIONS: ReadonlySet<string> = new Set([
  'password',
  'md5_cred',
  'oauth_secret',
  'refresh_token',
  'password_digest',
]);

export const MASK = '********';

/**
 * `key =` of a credential anywhere on a line: an option, a `;password=…` comment, or inside a
 * `;-- --;` block comment (a commented-out secret is still the secret). The value runs to the
 * end of the line: a `;` inside a password would otherwise leave its tail visible.
 */
const SECRET = new RegExp(
  `(^|[^A-Za-z0-9_])(${[...SECRET_OPTIONS].join('|')})(\\s*=>?)([^\\r\\n]*)`,
  'gi',
);
const SECTION = /^\s*\[([^\]\r\n]*)\]/;

/**
 * Each line with every credential value replaced; `mark(section, key, value)` may add to the
 * mask (the value never leaves this function).
 */
function maskLines(
  text: string,
  mark: (section: string, key: string, value: string) => string = () => '',
): string {
  let section = '';
  return text
    .split('\n')
    .map((line) => {
      const s = SECTION.exec(line);
      if (s) section = s[1]!;
      return line.replace(
        SECRET,
        (_m, pre: string, key: string, eq: string, value: string) =>
          `${pre}${key}${eq}${MASK}${mark(section, key.toLowerCase(), value)}`,
      );
    })
    .join('\n');
}

/** The text with every credential value replaced, the rest byte for byte. */
export function maskSecrets(text: string): string {
  return maskLines(text);
}

/**
 * Both sides of a diff masked, a secret that differs (by section and key) shown as
 * `password=******** (changed)` on the new side, so a changed password is a changed line of the
 * diff without either value in it.
 */
export function maskSecretsPair(before: string, after: string): [string, string] {
  const had = new Set<string>();
  const masked = maskLines(before, (section, key, value) => {
    had.add(`${section}\0${key}\0${value.trim()}`);
    return '';
  });
  return [
    masked,
    maskLines(after, (section, key, value) =>
      had.has(`${section}\0${key}\0${value.trim()}`) ? '' : ' (changed)',
    ),
  ];
}
