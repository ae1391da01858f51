/**
 * npm run kb -- <command> [--json] [--data-dir DIR]
 * Admin and scripting access to the same router the app uses.
 */
import { openRunning, type Running } from '../api/open';
import { BUNDLED_CONTENT_DB, dataDirFrom, reportFatal } from '../bridge/entry';
import type { Caller } from '../api/registry';
import { commands } from './commands';
import { nodePdfRenderer } from '../services/records/pdfRenderer';

const CLI_CALLER: Caller = { role: 'admin', personId: null };

const USAGE = `用法 / usage: npm run kb -- <command> [options] [--json] [--data-dir DIR]
${commands.map((c) => `  ${c.usage.padEnd(34)} ${c.help}`).join('\n')}`;

async function run(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const positional = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--data-dir');
  const [name, ...rest] = positional;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(name ? `未知命令 / unknown command: ${name}\n${USAGE}` : USAGE);
    return name ? 2 : 0;
  }
  let running: Running | undefined;
  try {
    running = await openRunning({ dataDir: dataDirFrom(argv), bundledContentDb: BUNDLED_CONTENT_DB, pdf: nodePdfRenderer() });
    const { call, input } = command.toCall(rest, argv);
    const result = await running.gateway.callAs(CLI_CALLER, call, input);
    if (!result.ok) {
      if (json) console.log(JSON.stringify(result, null, 2));
      console.error(`错误：${result.error.message['zh-CN']}\nError: ${result.error.message.en}`);
      for (const i of result.error.issues ?? []) console.error(`  ${i.path}: ${i.message}`);
      return 2;
    }
    const gateway = running.gateway;
    const value = command.afterCall ? await command.afterCall(result.value, argv, (name, input) => gateway.callAs(CLI_CALLER, name, input)) : result.value;
    console.log(json ? JSON.stringify(value, null, 2) : command.format(value));
    return command.exitCode?.(value) ?? 0;
  } catch (e) {
    return reportFatal(e);
  } finally {
    running?.close();
  }
}

process.exitCode = await run(process.argv.slice(2));
