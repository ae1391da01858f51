/**
 * HTML → PDF through Chromium's PDF engine. The App holds one PdfRenderer (AppOptions.pdf): the desktop
 * app passes Electron's printToPDF (electron/main/pdf.ts); the bridge, the CLI and the tests use this Node
 * implementation, which drives the system Chromium with playwright-core. One browser per renderer,
 * started on the first report and closed with the App.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { AppError } from '../../shared/errors';

export interface PdfRenderer {
  /** A self-contained HTML page (no external resources) → PDF bytes. */
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  return process.env.KB_CHROMIUM ?? CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
}

export function nodePdfRenderer(): PdfRenderer {
  let browser: Promise<Browser> | null = null;
  const launch = async (): Promise<Browser> => {
    const executablePath = chromiumPath();
    if (!executablePath) {
      throw new AppError('internal', {
        'zh-CN': '找不到 Chromium，无法生成 PDF（可用环境变量 KB_CHROMIUM 指定路径）。',
        en: 'Chromium was not found, so no PDF can be made (set KB_CHROMIUM to its path).',
      });
    }
    // Loaded only when a PDF is asked for: the app starts without it.
    const { chromium } = await import('playwright-core');
    return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'] });
  };
  return {
    async render(html) {
      browser ??= launch().catch((e: unknown) => {
        browser = null;
        throw e;
      });
      const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}
