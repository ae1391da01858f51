import type { systemCalls } from '../../shared/calls/system';
import { systemInfo } from '../../services/system.service';
import type { HandlersFor } from './types';

export const systemHandlers: HandlersFor<typeof systemCalls> = {
  'system.info': (_input, { app }) => systemInfo(app),
};
