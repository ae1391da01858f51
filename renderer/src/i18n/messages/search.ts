export const zh = {
  'search.label': '搜索课程和练习题',
  'search.placeholder': '搜索：关键词、拼音或首字母（按 / 聚焦）',
  'search.hint': '输入一个字即可开始搜索；支持拼音和首字母（如 tousu、ts）、繁体字和同义词（如“抱怨”也会找到“投诉”）。',
  'search.sections': '章节内容',
  'search.questions': '练习题',
  'search.noResults': '没有找到与“{query}”相关的内容。换个说法，或只输入其中的关键词试试。',
  'search.searching': '正在搜索…',
  'search.questionIn': '练习题 · 所属小节：{section}',
  'search.pinyin': '按拼音“{query}”查找：{terms}',
  'search.keys': '↑↓ 选择 · Enter 打开 · Esc 关闭',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'search.label': 'Search the course and practice questions',
  'search.placeholder': 'Search: words, pinyin or initials (press / )',
  'search.hint': 'Results appear from the first character. Pinyin and initials (tousu, ts), Traditional characters and synonyms (抱怨 also finds 投诉) work too.',
  'search.sections': 'Course sections',
  'search.questions': 'Practice questions',
  'search.noResults': 'Nothing found for “{query}”. Try other words, or just the key word.',
  'search.searching': 'Searching…',
  'search.questionIn': 'Practice question · section: {section}',
  'search.pinyin': 'Pinyin “{query}” read as: {terms}',
  'search.keys': '↑↓ select · Enter open · Esc close',
};
