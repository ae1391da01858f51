/** Typed errors shared by every transport. Messages are given in both UI languages. */
export type Locale = 'zh-CN' | 'en';
export type Messages = Record<Locale, string>;

export const errorMessages = {
  unknown_call: { 'zh-CN': '未知的操作。', en: 'Unknown operation.' },
  invalid_input: { 'zh-CN': '输入内容不符合要求。', en: 'The input is not valid.' },
  payload_too_large: { 'zh-CN': '提交的数据过大。', en: 'The request is too large.' },
  unauthenticated: { 'zh-CN': '请先登录。', en: 'Please sign in first.' },
  forbidden: { 'zh-CN': '当前身份无权执行此操作。', en: 'Your role is not allowed to do this.' },
  not_found: { 'zh-CN': '找不到请求的内容。', en: 'The requested item was not found.' },
  db_corrupt: {
    'zh-CN': '数据库文件已损坏，未做任何修改。请联系管理员从备份恢复。',
    en: 'The database file is damaged; nothing was changed. Ask an administrator to restore a backup.',
  },
  db_too_new: {
    'zh-CN': '数据库来自更新版本的程序，请升级本程序后再打开。',
    en: 'The database was written by a newer version of the app. Please update the app.',
  },
  db_unreadable: {
    'zh-CN': '无法打开数据库文件，请检查文件是否存在以及读写权限。',
    en: 'The database file cannot be opened. Check that it exists and can be read and written.',
  },
  content_missing: {
    'zh-CN': '找不到课程数据（content.db），请先运行 npm run content:build。',
    en: 'Course data (content.db) is missing. Run npm run content:build first.',
  },
  conflict: { 'zh-CN': '该记录已存在。', en: 'That record already exists.' },
  bad_credentials: { 'zh-CN': '工号或密码不正确。', en: 'Wrong employee id or password.' },
  locked: { 'zh-CN': '尝试次数过多，账户暂时锁定，请稍后再试。', en: 'Too many failed tries: the account is locked for a while.' },
  already_set_up: { 'zh-CN': '管理员账户已经创建。', en: 'The administrator account already exists.' },
  attempt_submitted: { 'zh-CN': '本次作答已经交卷，不能再修改或重复交卷。', en: 'This attempt has already been submitted; it cannot be changed or submitted again.' },
  attempt_expired: { 'zh-CN': '考试时间已到，已按保存的答案自动交卷，不能再作答。', en: 'Time is up: the attempt was submitted with its saved answers and takes no more answers.' },
  internal: { 'zh-CN': '程序内部错误，操作未完成，数据未改动。', en: 'Internal error: the operation did not complete and no data was changed.' },
} satisfies Record<string, Messages>;

export type ErrorCode = keyof typeof errorMessages;

export interface ApiErrorBody {
  code: ErrorCode;
  message: Messages;
  /** Field-level problems for invalid_input. */
  issues?: { path: string; message: string }[];
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: Messages,
    readonly issues?: ApiErrorBody['issues'],
  ) {
    super(detail?.en ?? errorMessages[code].en);
    this.name = 'AppError';
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.detail ?? errorMessages[this.code] };
    if (this.issues) body.issues = this.issues;
    return body;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
