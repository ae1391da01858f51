/** UI strings, Simplified Chinese (the default). Every key must also exist in en.ts. */
export const zhCN = {
  'app.title': '客服岗位技能认证',
  'app.subtitle': '10000号客服代表学习与认证',
  'nav.study': '学习',
  'nav.main': '主导航',
  'lang.switch': 'English',
  'lang.switchLabel': '切换到英文界面',
  'common.loading': '正在加载…',
  'common.retry': '重试',
  'common.back': '返回',
  'study.heading': '课程学习',
  'study.intro': '共 {chapters} 章。选择一章开始学习。',
  'study.chapterNo': '第 {n} 章',
  'study.sections': '{n} 节',
  'study.questions': '{n} 道练习题',
  'study.open': '开始学习',
  'chapter.toc': '本章目录',
  'chapter.objectives': '学习目标',
  'chapter.sources': '资料来源：{list}',
  'chapter.backToList': '返回章节列表',
  'error.title': '出错了',
} as const;

export type MessageKey = keyof typeof zhCN;
