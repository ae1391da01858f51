/**
 * PDF reports in the desktop app: Chromium's PDF engine through Electron's printToPDF, in a hidden
 * offscreen window with scripts off that loads the report's self-contained HTML and nothing else. The
 * page goes through a temporary file: a session report of many candidates can exceed Chromium's 2 MB
 * limit on data: URLs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import type { PdfRenderer } from '../services/records/pdfRenderer';
import { SECURE_WEB_PREFERENCES } from './security';

export function electronPdfRenderer(): PdfRenderer {
  return {
    async render(html) {
      const file = path.join(os.tmpdir(), `kb-report-${crypto.randomBytes(8).toString('hex')}.html`);
      fs.writeFileSync(file, html);
      const url = pathToFileURL(file).href;
      const win = new BrowserWindow({
        show: false,
        webPreferences: { ...SECURE_WEB_PREFERENCES, offscreen: true, javascript: false, devTools: false, partition: 'kb-pdf' },
      });
      try {
        win.webContents.session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== url }));
        await win.loadURL(url);
        return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        win.destroy();
        fs.rmSync(file, { force: true });
      }
    },
    async close() {},
  };
}
