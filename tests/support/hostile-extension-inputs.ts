/**
 * The hostile extension inputs of the hostile-input set: each a field a user (or a file) could
 * give an extension, and the field its refusal must name. Shared by the schema test (one add or
 * update each) and the bulk import's dry run (one row each).
 */
export const TEN_KB = 'a'.repeat(10 * 1024);

/** Fields over a valid new extension `{ number: '1002', password: 'GoodPass-123' }`. */
export const HOSTILE_EXTENSION_ADDS: Array<
  [name: string, field: string, over: Record<string, unknown>]
> = [
  ['newline in a display name', 'displayName', { displayName: 'Ali\n[evil]\ntype=endpoint' }],
  ['CR in a display name', 'displayName', { displayName: 'Ali\rRezaei' }],
  ['quote that closes the callerid', 'displayName', { displayName: 'Ali" <666>' }],
  ['"<" in a display name', 'displayName', { displayName: 'Ali <1002>' }],
  ['";" in a display name', 'displayName', { displayName: 'Ali ; comment' }],
  ['NUL in a display name', 'displayName', { displayName: 'Ali\u0000' }],
  ['zero-width space in a display name', 'displayName', { displayName: 'Ali\u200b' }],
  ['RTL override in a display name', 'displayName', { displayName: '\u202eilA' }],
  ['10 kB display name', 'displayName', { displayName: TEN_KB }],
  ['"]" in a number', 'number', { number: '10]02' }],
  ['"[" in a number', 'number', { number: '[1002' }],
  ['newline in a number', 'number', { number: '1002\n[x]' }],
  ['letters in a number', 'number', { number: '10a2' }],
  ['empty number', 'number', { number: '' }],
  ['21-digit number', 'number', { number: '1'.repeat(21) }],
  ['Arabic-Indic digits in a number', 'number', { number: '١٠٠٢' }],
  ['number given as a JSON number', 'number', { number: 1002 }],
  ['";" in a password', 'password', { password: 'abc;defgh' }],
  ['"#" in a password', 'password', { password: 'abc#include' }],
  ['space in a password', 'password', { password: 'abc defgh' }],
  ['tab in a password', 'password', { password: 'abcd\tefgh' }],
  ['NUL in a password', 'password', { password: 'abcdefgh\u0000' }],
  ['7-character password', 'password', { password: 'short12' }],
  ['accented letters in a password', 'password', { password: 'pässwörd123' }],
  ['password starting with ">" (reads as =>)', 'password', { password: '>abcdefgh' }],
  ['10 kB password', 'password', { password: TEN_KB }],
  ['#include in a codec', 'codecs', { codecs: ['ulaw', '#include /etc/shadow'] }],
  ['";" in a codec', 'codecs', { codecs: ['ulaw;x'] }],
  ['unicode codec name', 'codecs', { codecs: ['ülaw'] }],
  ['newline in a codec', 'codecs', { codecs: ['ulaw\nallow=all'] }],
  ['empty codec list', 'codecs', { codecs: [] }],
  ['duplicate codecs', 'codecs', { codecs: ['ulaw', 'ulaw'] }],
  ['"=>" in a context', 'context', { context: 'from=>internal' }],
  ['"=" in a context', 'context', { context: 'a=b' }],
  ['newline in a context', 'context', { context: 'ctx\n[x]' }],
  ['empty context', 'context', { context: '' }],
  ['space in a context', 'context', { context: 'from internal' }],
  ['"]" in a transport', 'transport', { transport: 'transport]' }],
  ['negative max contacts', 'maxContacts', { maxContacts: -1 }],
  ['fractional max contacts', 'maxContacts', { maxContacts: 1.5 }],
  ['max contacts as a string', 'maxContacts', { maxContacts: '1' }],
  ['huge qualify frequency', 'qualifyFrequency', { qualifyFrequency: 1e9 }],
  ['natFriendly as "yes"', 'natFriendly', { natFriendly: 'yes' }],
  ['unknown field smuggling an option', 'type', { type: 'friend' }],
];

/** Patches of the existing extension 1001. */
export const HOSTILE_EXTENSION_UPDATES: Array<
  [name: string, field: string, patch: Record<string, unknown>]
> = [
  ['update: newline in a display name', 'displayName', { displayName: 'X\ntype=aor' }],
  ['update: ";" in a password', 'password', { password: 'new;password' }],
  ['update: the number cannot be changed', 'number', { number: '2002' }],
];
