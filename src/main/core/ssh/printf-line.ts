/**
 * A write's changed middle, when it is small, as one line of stdin that write.sh turns back into
 * its bytes with the shell's own `printf` (M = "=<n>"): a `head -c` process per file costs more
 * on a PBX than reading a few KiB a byte at a time. The line is a printf format that prints
 * exactly these bytes: printable ASCII stands for itself, every other byte and `\` and `%` is a
 * three-digit octal escape (three digits, so a digit that follows is never taken into it), and
 * so is a `-` that would start the line (printf would take it for an option). It holds no
 * newline, so `read -r` takes it whole.
 */
export const PRINTF_LINE_MAX_BYTES = 4096;

const BACKSLASH = 0x5c;
const PERCENT = 0x25;
const DASH = 0x2d;

export function printfLine(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const plain = b >= 0x20 && b < 0x7f && b !== BACKSLASH && b !== PERCENT;
    if (plain && !(b === DASH && out === '')) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}
