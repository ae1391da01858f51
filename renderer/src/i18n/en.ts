import type { MessageKey } from './zh-CN';

export const en: Record<MessageKey, string> = {
  'app.title': 'CSR Skills Certification',
  'app.subtitle': 'Study and certification for 10000-hotline agents',
  'nav.study': 'Study',
  'nav.main': 'Main navigation',
  'lang.switch': '中文',
  'lang.switchLabel': 'Switch to Chinese',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.back': 'Back',
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
  'error.title': 'Something went wrong',
};
