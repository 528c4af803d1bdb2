import { createRoot } from 'react-dom/client'
import { App, parseRoute } from './app'
import { RootStore } from './shell/root-store'
import { pickTransport } from './transport/pick-transport'

const root = new RootStore(pickTransport())
// A Resource Explorer window shows no console tree, so it does not load the tree's child nodes.
void root.start({ tree: parseRoute(location.pathname, location.hash).page === 'console' })
window.addEventListener('beforeunload', () => root.dispose())
createRoot(document.getElementById('root')!).render(<App root={root} />)
