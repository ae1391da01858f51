/**
 * npm run web [-- --port N] [--data-dir DIR] — the app in a browser: the same API as the desktop app,
 * over HTTP on 127.0.0.1, serving the built renderer. Prints the URL to open (with its per-run token).
 */
import { openRunning, type Running } from '../api/open';
import { startBridge } from './server';
import { nodePdfRenderer } from '../services/records/pdfRenderer';
import { BUNDLED_CONTENT_DB, RENDERER_DIR, dataDirFrom, option, reportFatal } from './entry';

async function main(argv: string[]): Promise<void> {
  const portText = option(argv, 'port');
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`错误：端口号无效：${portText}\nError: invalid port: ${portText}`);
    process.exit(2);
  }
  let running: Running | undefined;
  try {
    const dataDir = dataDirFrom(argv);
    running = await openRunning({ dataDir, bundledContentDb: BUNDLED_CONTENT_DB, pdf: nodePdfRenderer() });
    const bridge = await startBridge({ gateway: running.gateway, rendererDir: RENDERER_DIR, port, token: option(argv, 'token') });
    if (running.mode() === 'recovery') {
      console.error('警告：user.db 已损坏，程序以恢复模式运行，请管理员在界面中从备份恢复。\nWarning: user.db is damaged; running in recovery mode — an administrator can restore a backup in the app.');
    }
    console.log(`客服岗位技能认证 已启动 / running at ${bridge.url}`);
    console.log(`数据目录 / data: ${dataDir}`);
    const stop = () => {
      void bridge.close().finally(() => {
        running?.close();
        process.exit(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    running?.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`错误：端口 ${port} 已被占用，请换一个端口（--port）或不指定端口。\nError: port ${port} is already in use; choose another with --port or omit it.`);
      process.exit(2);
    }
    process.exit(reportFatal(e));
  }
}

void main(process.argv.slice(2));
