import type { CallName } from '../shared/contract';
import type { SystemInfo } from '../shared/types';
import { formatInfo } from './format';

export interface CliCommand {
  name: string;
  usage: string;
  help: string;
  toCall(args: string[], argv: string[]): { call: CallName; input: unknown };
  format(value: unknown): string;
}

/** CLI commands; each is a thin mapping onto one contract call. */
export const commands: CliCommand[] = [
  {
    name: 'info',
    usage: 'info',
    help: '数据库路径、版本与课程统计 / database paths, versions and course counts',
    toCall: () => ({ call: 'system.info', input: {} }),
    format: (v) => formatInfo(v as SystemInfo),
  },
];
