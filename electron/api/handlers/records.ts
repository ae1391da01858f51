import type { recordsCalls } from '../../shared/calls/records';
import { examTick } from '../../services/examLifecycle';
import { verifyCertificate } from '../../services/records/certificate';
import { cancelExport, exportStatus, fetchExport, startExport, startReport } from '../../services/records/exportJobs';
import { recordDetail } from '../../services/records/recordDetail';
import { scopeOf } from '../../services/records/recordQuery';
import { listRecords, personHistory, recordFilterOptions } from '../../services/records/records.service';
import { recordStats } from '../../services/records/statistics';
import type { CallContext, HandlersFor } from './types';

/** Records are current: the exam tick runs first (clock check, expired attempts finalised), as in proctor views. */
const ticked = <I, O>(fn: (input: I, ctx: CallContext) => O) => (input: I, ctx: CallContext): O => {
  examTick(ctx.app);
  return fn(input, ctx);
};

export const recordsHandlers: HandlersFor<typeof recordsCalls> = {
  'records.list': ticked(({ filter, offset, limit }, { app, caller }) => listRecords(app, filter, scopeOf(caller), offset, limit)),
  'records.filterOptions': (_i, { app, caller }) => recordFilterOptions(app, scopeOf(caller)),
  'records.person': ticked(({ employeeId }, { app, caller }) => personHistory(app, scopeOf(caller), employeeId)),
  'records.attempt': ticked(({ uid }, { app, caller }) => recordDetail(app, scopeOf(caller), uid)),
  'records.stats': ticked(({ filter }, { app, caller }) => recordStats(app, filter, scopeOf(caller))),
  'records.exportStart': ticked(({ format, filter }, { app, caller }) => startExport(app, scopeOf(caller), format, filter)),
  'records.reportStart': ticked((input, { app, caller }) => startReport(app, scopeOf(caller), input)),
  'records.exportStatus': ({ id }, { app, caller }) => exportStatus(app, scopeOf(caller), id),
  'records.exportCancel': ({ id }, { app, caller }) => cancelExport(app, scopeOf(caller), id),
  'records.exportFetch': ({ id, offset }, { app, caller }) => fetchExport(app, scopeOf(caller), id, offset),
  'records.verifyCertificate': ({ number, code }, { app }) => verifyCertificate(app, number, code),
};
