/**
 * npm run web [-- --port N] [--data-dir DIR] — the app in a browser: the same API as the desktop app,
 * over HTTP on 127.0.0.1, serving the built renderer. Prints the URL to open (with its per-run token).
 */
import { openApp, type App } from '../services/app';
import { createGateway } from '../api/gateway';
import { startBridge } from './server';
import { BUNDLED_CONTENT_DB, RENDERER_DIR, dataDirFrom, option, reportFatal } from './entry';

async function main(argv: string[]): Promise<void> {
  const portText = option(argv, 'port');
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`错误：端口号无效：${portText}\nError: invalid port: ${portText}`);
    process.exit(2);
  }
  let app: App | undefined;
  try {
    app = await openApp({ dataDir: dataDirFrom(argv), bundledContentDb: BUNDLED_CONTENT_DB });
    const bridge = await startBridge({ gateway: createGateway(app), rendererDir: RENDERER_DIR, port, token: option(argv, 'token') });
    console.log(`客服岗位技能认证 已启动 / running at ${bridge.url}`);
    console.log(`数据目录 / data: ${app.paths.dataDir}`);
    const stop = () => {
      void bridge.close().finally(() => {
        app?.close();
        process.exit(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    app?.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`错误：端口 ${port} 已被占用，请换一个端口（--port）或不指定端口。\nError: port ${port} is already in use; choose another with --port or omit it.`);
      process.exit(2);
    }
    process.exit(reportFatal(e));
  }
}

void main(process.argv.slice(2));
