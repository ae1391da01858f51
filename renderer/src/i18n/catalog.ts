/**
 * All UI strings. Each feature keeps its Chinese and English strings side by side in ./messages/;
 * the English record is typed by the Chinese keys, so a missing translation does not compile.
 */
import type { Locale } from '../../../electron/shared/errors';
import * as common from './messages/common';
import * as study from './messages/study';
import * as profiles from './messages/profiles';
import * as recovery from './messages/recovery';
import * as admin from './messages/admin';
import * as practice from './messages/practice';
import * as search from './messages/search';
import * as exam from './messages/exam';
import * as proctor from './messages/proctor';
import * as bank from './messages/bank';
import * as records from './messages/records';
import * as bundles from './messages/bundles';

const zhCN = { ...common.zh, ...study.zh, ...profiles.zh, ...recovery.zh, ...admin.zh, ...practice.zh, ...search.zh, ...exam.zh, ...proctor.zh, ...bank.zh, ...records.zh, ...bundles.zh };
export type MessageKey = keyof typeof zhCN;
const en: Record<MessageKey, string> = { ...common.en, ...study.en, ...profiles.en, ...recovery.en, ...admin.en, ...practice.en, ...search.en, ...exam.en, ...proctor.en, ...bank.en, ...records.en, ...bundles.en };

export const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
