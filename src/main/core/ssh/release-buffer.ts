/**
 * Gives a large Buffer's memory back now instead of at some later garbage collection.
 *
 * A 50 MB file read into a Buffer and decoded to a string is garbage once decoded, but V8 frees
 * an ArrayBuffer's memory only when a full collection finds it unreachable, which on a large
 * file came after the next 50 MB had been allocated: the bytes and the text (and what the edit
 * builds next) all at once. Transferring the ArrayBuffer to a closed MessageChannel port detaches
 * it (every view of it becomes empty) and drops its memory with the undeliverable message.
 *
 * Only for a Buffer that is the sole view of its own ArrayBuffer (not a slice of Node's shared
 * pool, nor of a chunk someone else holds), and that nothing reads afterwards.
 */
export function releaseBuffer(buf: Buffer): void {
  const ab = buf.buffer;
  if (!(ab instanceof ArrayBuffer) || buf.byteOffset !== 0 || ab.byteLength !== buf.length) return;
  try {
    const { port1, port2 } = new MessageChannel();
    port1.close();
    port2.close();
    port1.postMessage(null, [ab]);
  } catch {
    // Not detachable here: the collector frees it in its own time.
  }
}
