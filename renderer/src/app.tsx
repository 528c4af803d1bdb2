import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { ConsoleShell } from './components/console-shell'
import { ResourceExplorer } from './components/resource-explorer'
import { StoreContext } from './store-context'
import type { RootStore } from './stores/root-store'

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
  const route = parseRoute(location.pathname, location.hash)
  const theme = root.prefs.theme === 'dark' ? webDarkTheme : webLightTheme
  return (
    <StoreContext.Provider value={root}>
      <FluentProvider
        theme={theme}
        style={{ height: '100%' }}
        data-theme={root.prefs.theme}
        data-testid="app"
      >
        {route.page === 'resource' ? <ResourceExplorer resourceId={route.id} /> : <ConsoleShell />}
      </FluentProvider>
    </StoreContext.Provider>
  )
})
