export const zh = {
  'recovery.heading': '数据库需要恢复',
  'recovery.intro': '程序无法打开学员与考试数据库。为避免丢失数据，程序没有改动该文件。管理员可以选择一个完好的备份进行恢复，损坏的文件会另存保留。',
  'recovery.problem': '问题：{problem}',
  'recovery.backups': '可用备份（最新在前）',
  'recovery.none': '没有可用的备份。请联系技术支持，并保留数据目录中的全部文件。',
  'recovery.bad': '已损坏，不能使用',
  'recovery.admin': '管理员工号',
  'recovery.password': '管理员密码（该备份中的密码）',
  'recovery.restore': '从所选备份恢复',
  'recovery.done': '已从 {file} 恢复；损坏的文件另存为 {aside}。',
  'recovery.continue': '进入程序',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'recovery.heading': 'The database needs to be restored',
  'recovery.intro': 'The app cannot open the learner and exam database. To lose nothing it has not changed that file. An administrator can restore a good backup; the damaged file is kept aside.',
  'recovery.problem': 'Problem: {problem}',
  'recovery.backups': 'Available backups (newest first)',
  'recovery.none': 'There is no usable backup. Contact support and keep every file in the data folder.',
  'recovery.bad': 'damaged, cannot be used',
  'recovery.admin': 'Administrator employee id',
  'recovery.password': 'Administrator password (as in that backup)',
  'recovery.restore': 'Restore the selected backup',
  'recovery.done': 'Restored from {file}; the damaged file was kept as {aside}.',
  'recovery.continue': 'Open the app',
};
