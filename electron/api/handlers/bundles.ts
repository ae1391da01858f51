import type { bundleCalls } from '../../shared/calls/bundles';
import { AppError } from '../../shared/errors';
import type { HandlersFor } from './types';

// TEMPORARY during development: each handler is replaced by its service call.
const todo = () => {
  throw new AppError('internal');
};

export const bundleHandlers: HandlersFor<typeof bundleCalls> = {
  'bundles.identity': todo,
  'bundles.identityFile': todo,
  'bundles.setLabel': todo,
  'bundles.trusted': todo,
  'bundles.trust': todo,
  'bundles.untrust': todo,
  'bundles.export': todo,
  'bundles.preview': todo,
  'bundles.import': todo,
  'bundles.pending': todo,
  'bundles.approve': todo,
  'bundles.reject': todo,
  'bundles.exportSession': todo,
  'bundles.previewSession': todo,
  'bundles.importSession': todo,
};
