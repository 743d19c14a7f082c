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
 * end of the line: a `;` inside a password would otherwise leave its tail visible. Run over the
 * whole text (a diff of a 10,000-extension pjsip.conf masks 580,000 lines) as if each line (up to
 * a `\n`) were matched on its own: the key starts a line or follows a character that is not part
 * of a word (a `\n` is not), and nothing after it crosses a `\n`.
 */
const SECRET = new RegExp(
  `(?<![A-Za-z0-9_])(${[...SECRET_OPTIONS].join('|')})([^\\S\\n]*=>?)([^\\r\\n]*)`,
  'gi',
);
/** A line that opens a section, `[name]` after blanks, matched after the `\n` before it. */
const SECTION = /\n[^\S\n]*\[([^\]\r\n]*)\]/g;

/**
 * The text with every credential value replaced; `mark(section, key, value)` may add to the
 * mask (the value never leaves this function). A secret's section is that of the last line
 * opening one, at or before the secret's own line.
 */
function maskLines(
  text: string,
  mark: (section: string, key: string, value: string) => string = () => '',
): string {
  const headers: Array<{ at: number; name: string }> = [];
  // The `\n` put first stands for the start of the text; its offsets are then line starts.
  for (const m of `\n${text}`.matchAll(SECTION)) headers.push({ at: m.index, name: m[1]! });
  let h = 0;
  let section = '';
  return text.replace(SECRET, (_m, key: string, eq: string, value: string, at: number) => {
    while (h < headers.length && headers[h]!.at <= at) section = headers[h++]!.name;
    return `${key}${eq}${MASK}${mark(section, key.toLowerCase(), value)}`;
  });
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
