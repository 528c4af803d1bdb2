import { createRoot } from 'react-dom/client'
import { App } from './app'
import { RootStore } from './shell/root-store'
import { pickTransport } from './transport/pick-transport'

const root = new RootStore(pickTransport())
void root.start()
window.addEventListener('beforeunload', () => root.dispose())
createRoot(document.getElementById('root')!).render(<App root={root} />)
