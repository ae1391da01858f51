import type { CallName } from '../shared/contract';
import type { Handler } from './handlers/types';
import { systemHandlers } from './handlers/system';
import { contentHandlers } from './handlers/content';
import { authHandlers } from './handlers/auth';
import { studyHandlers } from './handlers/study';
import { maintenanceHandlers } from './handlers/maintenance';
import { practiceHandlers } from './handlers/practice';
import { examHandlers } from './handlers/exam';
import { proctorHandlers } from './handlers/proctor';
import { searchHandlers } from './handlers/search';
import { bankHandlers } from './handlers/bank';
import { recordsHandlers } from './handlers/records';
import { bundleHandlers } from './handlers/bundles';

export type { Caller, CallContext } from './handlers/types';

/** One handler per contract call; the mapped type makes a missing one a compile error. */
export const handlers: { [N in CallName]: Handler<N> } = {
  ...systemHandlers,
  ...contentHandlers,
  ...authHandlers,
  ...studyHandlers,
  ...maintenanceHandlers,
  ...practiceHandlers,
  ...examHandlers,
  ...proctorHandlers,
  ...searchHandlers,
  ...bankHandlers,
  ...recordsHandlers,
  ...bundleHandlers,
};
