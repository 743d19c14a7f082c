import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The decoded path of a request URL, or null when it is not a valid URL or percent-encoding. */
export function requestPath(reqUrl: string | undefined): string | null {
  try {
    const url = new URL(reqUrl ?? '/', 'http://x');
    return decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return null;
  }
}

/**
 * Serves the built renderer. index.html gets its CSP's connect-src widened to exactly this
 * bridge's WebSocket; everything else is served as built. Nothing outside `root` is reachable.
 */
export function staticHandler(root: string, wsOrigin: () => string) {
  const base = path.resolve(root);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rel = requestPath(req.url);
    if (rel === null) {
      // A malformed URL (`/%`, `//`) is the client's mistake: answering it must never throw,
      // since a throw here would end the whole bridge (the handler runs outside any try).
      res.writeHead(400).end();
      return;
    }
    const file = path.resolve(base, `.${rel}`);
    if (!file.startsWith(base + path.sep) || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (file.endsWith('index.html')) {
      body = Buffer.from(
        body.toString('utf8').replace(/connect-src 'self'/, `connect-src 'self' ${wsOrigin()}`),
      );
    }
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    res.end(body);
  };
}
