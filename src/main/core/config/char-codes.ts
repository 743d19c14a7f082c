/** Character codes the config readers compare `charCodeAt` with (no string per character). */
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const HASH = 35;
export const LPAREN = 40;
export const PLUS = 43;
export const DASH = 45;
export const SEMI = 59;
export const EQ = 61;
export const GT = 62;
export const LBRACKET = 91;
export const BACKSLASH = 92;
export const RBRACKET = 93;
