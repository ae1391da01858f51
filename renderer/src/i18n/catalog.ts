/**
 * All UI strings. Each feature keeps its Chinese and English strings side by side in ./messages/;
 * the English record is typed by the Chinese keys, so a missing translation does not compile.
 */
import type { Locale } from '../../../electron/shared/errors';
import * as common from './messages/common';
import * as study from './messages/study';
import * as profiles from './messages/profiles';

const zhCN = { ...common.zh, ...study.zh, ...profiles.zh };
export type MessageKey = keyof typeof zhCN;
const en: Record<MessageKey, string> = { ...common.en, ...study.en, ...profiles.en };

export const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
