import { createContext, useContext } from 'react';
import type { CoreClient, CoreState } from './CoreClient.js';
import { useStore } from '../state/createStore.js';

export const CoreClientContext = createContext<CoreClient | null>(null);

export function useCoreClient(): CoreClient {
  const client = useContext(CoreClientContext);
  if (!client) throw new Error('useCoreClient outside <CoreClientContext.Provider>');
  return client;
}

export function useCoreState<S>(select: (state: CoreState) => S): S {
  return useStore(useCoreClient().store, select);
}
