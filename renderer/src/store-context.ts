import { createContext, useContext } from 'react'
import type { RootStore } from './shell/root-store'

/** Context carrying the RootStore to every view. */
export const StoreContext = createContext<RootStore | null>(null)

/** The RootStore of the console. */
export function useRoot(): RootStore {
  const root = useContext(StoreContext)
  if (!root) throw new Error('useRoot outside StoreContext')
  return root
}
