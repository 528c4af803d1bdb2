import { describe, expect, it } from 'vitest'
import { catalogSourceInput } from '../../../shared/dto/catalog'

describe('an APT catalog source', () => {
  const add = (baseUrl: string) =>
    catalogSourceInput.safeParse({ name: 'sec', baseUrl, suite: 'bookworm-security' })

  it('refuses credentials in the archive URL, naming the field, since they would be stored in plain text', () => {
    for (const url of ['https://user:pw@127.0.0.1/debian', 'http://token@127.0.0.1/debian']) {
      const r = add(url)
      expect(r.success, url).toBe(false)
      expect(r.error?.issues[0]).toMatchObject({
        path: ['baseUrl'],
        message: expect.stringMatching(/must not carry a user name or password/),
      })
    }
  })

  it('takes a plain archive URL and drops its trailing slash', () => {
    const r = add('http://127.0.0.1:8080/debian-security/')
    expect(r.success && r.data.baseUrl).toBe('http://127.0.0.1:8080/debian-security')
    expect(add('http://127.0.0.1/pool/a@b').success).toBe(true) // an @ in the path is not a credential
  })
})
