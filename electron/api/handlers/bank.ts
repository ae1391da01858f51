import type { bankCalls } from '../../shared/calls/bank';
import { bankTemplate, exportBank } from '../../services/bankExport.service';
import { importBank, previewBankImport } from '../../services/bankImport.service';
import type { HandlersFor } from './types';

export const bankHandlers: HandlersFor<typeof bankCalls> = {
  'bank.template': (_input, { app }) => bankTemplate(app),
  'bank.previewImport': (input, { app }) => previewBankImport(app, input),
  'bank.import': (input, { app, caller }) => importBank(app, input, caller.personId),
  'bank.export': ({ format }, { app }) => exportBank(app, format),
};
