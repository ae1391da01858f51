export const zh = {
  'app.title': '客服岗位技能认证',
  'app.subtitle': '10000号客服代表学习与认证',
  'nav.main': '主导航',
  'lang.switch': 'English',
  'lang.switchLabel': '切换到英文界面',
  'common.loading': '正在加载…',
  'common.retry': '重试',
  'common.back': '返回',
  'error.title': '出错了',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'app.title': 'CSR Skills Certification',
  'app.subtitle': 'Study and certification for 10000-hotline agents',
  'nav.main': 'Main navigation',
  'lang.switch': '中文',
  'lang.switchLabel': 'Switch to Chinese',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.back': 'Back',
  'error.title': 'Something went wrong',
};
