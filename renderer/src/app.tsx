import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useSyncExternalStore } from 'react'
import { ConsoleShell } from './shell/console-shell'
import { ResourceExplorerPage } from './features/resources/explorer/resource-explorer-page'
import { StoreContext } from './store-context'
import type { RootStore } from './shell/root-store'

/** The route a location names: the console, or Resource Explorer for one resource. */
export function parseRoute(
  pathname: string,
  hash = '',
): { page: 'console' } | { page: 'resource'; id: number } {
  const m = /\/resource\/(\d+)\/?$/.exec(pathname) ?? /^#\/resource\/(\d+)\/?$/.exec(hash)
  return m ? { page: 'resource', id: Number(m[1]) } : { page: 'console' }
}

/** The application: theme provider, store context and route. */
export const App = observer(function App({ root }: { root: RootStore }) {
  // The hash form of the route (`#/resource/:id`) may change without a page load.
  const hash = useSyncExternalStore(
    (notify) => {
      window.addEventListener('hashchange', notify)
      return () => window.removeEventListener('hashchange', notify)
    },
    () => location.hash,
  )
  const route = parseRoute(location.pathname, hash)
  const theme = root.prefs.theme === 'dark' ? webDarkTheme : webLightTheme
  return (
    <StoreContext.Provider value={root}>
      <FluentProvider
        theme={theme}
        style={{ height: '100%' }}
        data-theme={root.prefs.theme}
        data-testid="app"
      >
        {route.page === 'resource' ? <ResourceExplorerPage resourceId={route.id} /> : <ConsoleShell />}
      </FluentProvider>
    </StoreContext.Provider>
  )
})
