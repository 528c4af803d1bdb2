const key = 'patchbay-token'

/**
 * The browser-mode token this page holds. The printed address carries it once as `?token=`: it is kept in this
 * tab's sessionStorage (readable only by this origin, copied to windows the page opens) and removed from the
 * address bar and history. Answers '' when the page was opened without it.
 */
export function takePageToken(win: Window = window): string {
  const url = new URL(win.location.href)
  const given = url.searchParams.get('token')
  if (given) {
    win.sessionStorage.setItem(key, given)
    url.searchParams.delete('token')
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash)
  }
  return win.sessionStorage.getItem(key) ?? ''
}
