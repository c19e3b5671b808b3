import { describe, expectTypeOf, it } from 'vitest'
import type {
  ElementsObject,
  OnOfficeClient,
  OnOfficeRecord,
  TypedRecord,
} from '../../../src/index.ts'
import type { EstateFields } from '../../fixtures/fields/fake.golden.ts'

declare const client: OnOfficeClient

describe('typed field names (generated EstateFields)', () => {
  it('estates.get<EstateFields> checks the names in data and types the elements as onOffice sends them', async () => {
    const e = await client.estates.get<EstateFields>(4711, {
      data: ['objekttitel', 'kaufpreis', 'objektart', 'heizungsart'],
    })
    expectTypeOf(e!.elements.objekttitel).toEqualTypeOf<string | undefined>()
    // Numbers arrive as strings ("250000.00"); select keys as the keys; multiselects as arrays or |a||b|.
    expectTypeOf(e!.elements.kaufpreis).toEqualTypeOf<string | undefined>()
    expectTypeOf(e!.elements.objektart).toEqualTypeOf<
      (EstateFields['objektart'] & string) | '' | undefined
    >()
    expectTypeOf(e!.elements.heizungsart).toEqualTypeOf<
      EstateFields['heizungsart'] | string | undefined
    >()
    // @ts-expect-error: a misspelt field name is a compile error
    await client.estates.get<EstateFields>(4711, { data: ['objektitel'] })
    // @ts-expect-error: names are case-sensitive
    await client.estates.get<EstateFields>(4711, { data: ['Objekttitel'] })
  })

  it('without a type argument everything is as before', async () => {
    const e = await client.estates.get(4711, { data: ['objektitel', 'anything'] })
    expectTypeOf(e).toEqualTypeOf<OnOfficeRecord<ElementsObject> | null>()
  })

  it('the typed view infers exactly the picked names: Pick<EstateFields, …>, normalised', async () => {
    const estates = client.estates.typed<EstateFields>()
    const e = await estates.get(4711, { data: ['objekttitel', 'kaufpreis'] })
    expectTypeOf(e).toEqualTypeOf<TypedRecord<
      Pick<EstateFields, 'objekttitel' | 'kaufpreis'>
    > | null>()
    expectTypeOf(e!.elements).toEqualTypeOf<Pick<EstateFields, 'objekttitel' | 'kaufpreis'>>()
    expectTypeOf(e!.elements.kaufpreis).toEqualTypeOf<number | null>()
    // @ts-expect-error: a field that was not picked is not there
    void e!.elements.objektart
    // @ts-expect-error: a misspelt name in the typed view
    await estates.get(4711, { data: ['kaufpreiss'] })
    const list = await estates.read({ data: ['objektart', 'heizungsart'], listlimit: 10 })
    expectTypeOf(list[0]!.elements.heizungsart).toEqualTypeOf<EstateFields['heizungsart']>()
    await estates.modify(4711, { objektart: 'haus', kaufpreis: 1 })
    // @ts-expect-error: a value outside the select keys
    await estates.modify(4711, { objektart: 'villa' })
    // @ts-expect-error: a misspelt name in a write
    await estates.modify(4711, { objektitel: 'x' })
  })
})
