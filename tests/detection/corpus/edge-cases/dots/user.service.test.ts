import { describe, expect, it } from 'vitest'
import { UserService } from './user.service'

describe('UserService', () => {
  it('normalises e-mail addresses', () => {
    const service = new UserService()
    expect(service.normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com')
  })
})
