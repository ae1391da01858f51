import type { recordsCalls } from '../../shared/calls/records';
import { AppError } from '../../shared/errors';
import type { HandlersFor } from './types';

// TEMPORARY during development: each handler is replaced by its service call.
const todo = () => {
  throw new AppError('internal');
};

export const recordsHandlers: HandlersFor<typeof recordsCalls> = {
  'records.list': todo,
  'records.filterOptions': todo,
  'records.person': todo,
  'records.attempt': todo,
  'records.stats': todo,
  'records.exportStart': todo,
  'records.reportStart': todo,
  'records.exportStatus': todo,
  'records.exportCancel': todo,
  'records.exportFetch': todo,
  'records.verifyCertificate': todo,
};
