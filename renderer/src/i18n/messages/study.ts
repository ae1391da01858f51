export const zh = {
  'nav.study': '学习',
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
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.study': 'Study',
  'study.heading': 'Course',
  'study.intro': '{chapters} chapters. Pick one to start studying.',
  'study.chapterNo': 'Chapter {n}',
  'study.sections': '{n} sections',
  'study.questions': '{n} practice questions',
  'study.open': 'Start',
  'chapter.toc': 'Contents',
  'chapter.objectives': 'Learning objectives',
  'chapter.sources': 'Sources: {list}',
  'chapter.backToList': 'Back to chapters',
};
