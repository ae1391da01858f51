import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { AppError, type ErrorCode, type Result } from '../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import type { Gateway } from '../api/gateway';

/** Large enough for a content pack of the whole course, small enough to refuse floods. */
export const MAX_BODY_BYTES = 8 << 20;

export interface BridgeOptions {
  gateway: Gateway;
  /** Built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  unknown_call: 404,
  not_found: 404,
  invalid_input: 400,
  payload_too_large: 413,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  internal: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendResult(res: http.ServerResponse, result: Result<unknown>): void {
  sendJson(res, result.ok ? 200 : (STATUS[result.error.code] ?? 400), result);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AppError('payload_too_large'));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Serves the built renderer and the API on 127.0.0.1. API calls must carry the per-run token (which
 * only the page opened from the printed URL knows) and a loopback Host header (against DNS rebinding).
 */
export function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const root = path.resolve(opts.rendererDir);
  let port = 0;

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false });
    let file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(root + path.sep) && file !== root) return sendJson(res, 404, { ok: false });
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('界面尚未构建：请运行 npm run web。\nThe UI is not built: run npm run web.');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, name: string) => {
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: new AppError('invalid_input').toBody() });
    const given = req.headers['x-kb-token'];
    if (typeof given !== 'string' || !sameToken(given, token)) {
      return sendResult(res, { ok: false, error: new AppError('unauthenticated').toBody() });
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError('invalid_input', { 'zh-CN': '请求内容不是有效的 JSON。', en: 'The request body is not valid JSON.' });
      return sendResult(res, { ok: false, error: err.toBody() });
    }
    const session = req.headers['x-kb-session'];
    sendResult(res, await opts.gateway.call(name, input, typeof session === 'string' ? session : undefined));
  };

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return sendJson(res, 421, { ok: false });
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    } catch {
      return sendJson(res, 400, { ok: false });
    }
    const api = /^\/api\/([^/]{1,100})$/.exec(pathname);
    const work = api ? handleApi(req, res, decodeURIComponent(api[1])) : Promise.resolve(serveStatic(req, res, pathname));
    work.catch((e) => {
      console.error(e);
      if (!res.headersSent) sendResult(res, { ok: false, error: new AppError('internal').toBody() });
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        // A page left open keeps polling over keep-alive connections, which would hold close() open for
        // as long as the browser lives: drop them (every answer is committed before its response).
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
