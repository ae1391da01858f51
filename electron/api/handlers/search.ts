import type { searchCalls } from '../../shared/calls/search';
import { DEFAULT_LIMIT, listSynonyms, search, setSynonyms } from '../../services/search.service';
import type { HandlersFor } from './types';

export const searchHandlers: HandlersFor<typeof searchCalls> = {
  'search.query': ({ query, limit }, { app }) => search(app, query, limit ?? DEFAULT_LIMIT),
  'search.listSynonyms': (_input, { app }) => listSynonyms(app),
  'search.setSynonyms': ({ groups }, { app, caller }) => setSynonyms(app, groups, caller.personId),
};
