/** The fixed query mix: what staff type between calls, by kind. `literal` queries are compared with a substring scan. */
export interface BenchQuery {
  kind: '1-char' | '2-char' | 'term' | 'phrase' | 'pinyin' | 'traditional' | 'question';
  q: string;
  literal: boolean;
}

const mk = (kind: BenchQuery['kind'], literal: boolean, qs: string[]): BenchQuery[] => qs.map((q) => ({ kind, q, literal }));

export const QUERY_MIX: BenchQuery[] = [
  ...mk('1-char', true, ['客', '诉', '礼', '压', '挽', '笑', '名', '费']),
  ...mk('2-char', true, ['投诉', '客户', '礼仪', '压力', '聆听', '提问', '异议', '挽留', '宽带', '服务']),
  ...mk('term', true, ['服务关键时刻', '首问负责', '情绪劳动', '顾问式销售', '客服代表', '呼叫中心', '满意度', 'MOT', 'FAB', '10000']),
  ...mk('phrase', true, ['先处理情绪，再处理事情', '把投诉转化为商机', '接打电话的礼仪', '客户的不满', '处理投诉', '电话营销']),
  ...mk('pinyin', false, ['ts', 'tousu', 'kh', 'liyi', 'yali', 'wanliu']),
  ...mk('traditional', true, ['投訴', '禮儀', '壓力', '電話營銷']),
  ...mk('question', false, ['如何处理客户投诉', '怎样缓解工作压力', '客户为什么会投诉', '电话营销中如何处理价格异议', '名片怎么递']),
];
