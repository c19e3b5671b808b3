import { describe, expect, it } from 'vitest'
import { ACTION_IDS, hmacV2 } from '../../src/index.ts'

const TOK32 = '0123456789abcdef0123456789abcdef'
const SEC64 = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'

// Golden vectors from reference §8 (T1 printed by the official SDK's unit test, T2–T4 computed by the official PHP code).
describe('hmacV2 golden vectors', () => {
  it('T1 (official SDK unit test)', async () => {
    expect(
      await hmacV2(
        'mgjIQkNRnaqggVzy9cZW',
        'yOJobbhGLXdp90XxvxedFhH7073L9U',
        123456789,
        'estateCategories',
        ACTION_IDS.get,
      ),
    ).toBe('dsvg3r4AFcQXges0MZ+3auzQVfnEB39pLkKSgmm9Wvg=')
  })
  it('T2 (apidoc example inputs)', async () => {
    expect(
      await hmacV2('dX5hkIIU6W', 'dhY8h7FeU9', 123456789, 'estateCategories', ACTION_IDS.get),
    ).toBe('F9OXyaJv7p+bLkwGDGV7ZUmfYgjH2E24zpsxY5/nVDk=')
  })
  it('T3 (estate read)', async () => {
    expect(await hmacV2(TOK32, SEC64, 1700000000, 'estate', ACTION_IDS.read)).toBe(
      '4cyMQlrCcgQy471P4TbqJJYvjYc57rMvagvH6a2PlTo=',
    )
  })
  it('T4 (unlockProvider do)', async () => {
    expect(await hmacV2(TOK32, SEC64, 1700000000, 'unlockProvider', ACTION_IDS.do)).toBe(
      '8FtJ6J4zmGHRY/CrC+0tcGnvaR9A+Gb12DWastX5bto=',
    )
  })
})
