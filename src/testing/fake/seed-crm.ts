/** Demo CRM data of the fake: contacts, search criteria, relations, tasks, appointments, agents log, imprint, regions. */
import {
  emptyCrm,
  type CrmState,
  type FakeContact,
  type FakeMultiselectValue,
  type FakeRegion,
} from './crm.ts'
import type { FakeState } from './state.ts'

/** Relation type URNs the seed uses (the client's `RELATION_TYPES` lists them all). */
const OWNER = 'urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:owner'
const INTERESTED = 'urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:interested'
const CONTACT_PERSON = 'urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:contactPerson'

function contacts(state: FakeState, crm: CrmState): void {
  for (const a of state.addresses.values()) {
    const list: FakeContact[] = []
    if (a.fields.Email)
      list.push({
        id: crm.nextId.contact++,
        kind: 'email',
        subtype: '',
        value: a.fields.Email,
        isDefault: true,
        comment: '',
      })
    if (a.fields.Telefon1)
      list.push({
        id: crm.nextId.contact++,
        kind: 'phone',
        subtype: 'business',
        value: a.fields.Telefon1,
        isDefault: true,
        comment: 'Büro',
      })
    if (a.id % 2 === 1)
      list.push({
        id: crm.nextId.contact++,
        kind: 'mobile',
        subtype: '',
        value: `+49 170 55${a.id}0`,
        isDefault: false,
        comment: '',
      })
    crm.contacts.set(a.id, list)
  }
}

const REGIONS: FakeRegion[] = [
  {
    id: 'Verkaufsgebiet C',
    name: 'Rheinland',
    description: 'Rheinland',
    postalcodes: [['52000', '53000']],
    state: 'NRW',
    country: 'Deutschland',
    children: [
      {
        id: 'indMulti1274Select5431',
        name: 'Aachen',
        description: null,
        postalcodes: [['52060', '52074']],
        state: 'Nordrhein-Westfalen',
        country: 'Deutschland',
        children: [],
      },
      {
        id: 'indMulti1274Select5437',
        name: 'Köln',
        description: null,
        postalcodes: [['50650', '51150']],
        state: 'Nordrhein-Westfalen',
        country: 'Deutschland',
        children: [
          {
            id: 'indMulti1274Select5440',
            name: 'Chorweiler',
            description: 'Stadtbezirk im Norden von Köln',
            postalcodes: ['50765'],
            state: 'Nordrhein-Westfalen',
            country: 'Deutschland',
            children: [],
          },
          {
            id: 'indMulti1274Select5438',
            name: 'Nippes',
            description: 'Stadtbezirk 5 von Köln',
            postalcodes: ['50733'],
            state: 'Nordrhein-Westfalen',
            country: 'Deutschland',
            children: [],
          },
        ],
      },
    ],
  },
  {
    id: 'Verkaufsgebiet N',
    name: 'Norddeutschland',
    description: null,
    postalcodes: [['20000', '22999']],
    state: 'Hamburg',
    country: 'Deutschland',
    children: [],
  },
]

function values(
  entries: Array<[string, string, number, string | null]>,
  firstId: number,
): FakeMultiselectValue[] {
  return entries.map(([field, fieldcontent, level, parent], i) => ({
    id: firstId + i,
    field,
    fieldcontent,
    active: true,
    position: i + 1,
    level,
    parent,
    default: false,
  }))
}

/** Replaces `state.crm` in place with the demo data (or empties it). */
export function seedCrm(state: FakeState, opts: { enabled: boolean }): void {
  const crm = emptyCrm()
  const maxKey = (m: Map<number, unknown>) => Math.max(0, ...m.keys())
  crm.nextId.estate = maxKey(state.estates) + 1
  crm.nextId.address = maxKey(state.addresses) + 1
  crm.nextId.contact = 13021
  crm.nextId.searchcriteria = 131
  crm.nextId.task = 451
  crm.nextId.calendar = 407
  crm.nextId.agentslog = 131745
  if (opts.enabled) {
    contacts(state, crm)
    const criterion = (
      addressId: number,
      fields: Record<string, string | string[]>,
      editdate: string,
    ) => {
      const id = crm.nextId.searchcriteria++
      crm.searchCriteria.set(id, {
        id,
        addressId,
        fields,
        advisor: 17,
        creator: 17,
        creationdate: '2025-01-15',
        editdate,
        status: '1',
      })
    }
    criterion(
      101,
      {
        objektart: 'haus',
        vermarktungsart: 'kauf',
        kaufpreis__von: '200000',
        kaufpreis__bis: '600000',
        range_plz: '52068',
        range_ort: 'Aachen',
        range: '25',
        range_land: 'DEU',
      },
      '2025-02-01 10:00:00',
    )
    criterion(
      102,
      {
        objektart: 'wohnung',
        vermarktungsart: 'miete',
        kaltmiete__bis: '1200',
        anzahl_zimmer__von: '2',
        range_plz: '50667',
        range_ort: 'Köln',
        range: '10',
        range_land: 'DEU',
      },
      '2025-02-03 11:30:00',
    )
    criterion(
      104,
      {
        objektart: ['haus', 'wohnung'],
        vermarktungsart: 'kauf',
        wohnflaeche__von: '80',
        range_plz: '20095',
        range_ort: 'Hamburg',
        range: '30',
        range_land: 'DEU',
      },
      '2025-02-05 09:15:00',
    )
    criterion(
      101,
      {
        objektart: 'grundstueck',
        vermarktungsart: 'kauf',
        kaufpreis__bis: '250000',
        range_plz: '52068',
        range_ort: 'Aachen',
        range: '40',
        range_land: 'DEU',
      },
      '2025-02-07 16:45:00',
    )
    if (state.estates.has(1))
      crm.relations.push(
        { type: OWNER, parent: 1, child: 101 },
        { type: INTERESTED, parent: 1, child: 104 },
        { type: CONTACT_PERSON, parent: 1, child: 103 },
      )
    if (state.estates.has(2))
      crm.relations.push(
        { type: OWNER, parent: 2, child: 102 },
        { type: INTERESTED, parent: 2, child: 101 },
      )
    const task = (fields: Record<string, string>, addressIds: number[], estateIds: number[]) => {
      const id = crm.nextId.task++
      crm.tasks.set(id, {
        id,
        fields: {
          Eintragsdatum: '2025-03-01 09:00:00',
          modified: '2025-03-01 09:00:00',
          von: 'mmakler',
          Prio: '3',
          Status: '1',
          Art: '',
          Verantwortung: 'mmakler',
          Bearbeiter: 'mmakler',
          erledigt: '0',
          Kommentar: '',
          ...fields,
        },
        relatedAddressIds: addressIds,
        relatedEstateIds: estateIds,
      })
    }
    task(
      {
        Betreff: 'Besichtigungstermin Max Mustermann',
        Aufgabe: 'Besichtigung Traumhaus Aachen mit Herrn Mustermann vorbereiten.',
        Deadline: '2025-03-10 12:00:00',
        Prio: '2',
      },
      [101],
      [1],
    )
    task(
      {
        Betreff: 'Exposé aktualisieren',
        Aufgabe: 'Neue Fotos der Altbauwohnung einpflegen.',
        Deadline: '2025-03-12 18:00:00',
      },
      [],
      [2],
    )
    task(
      {
        Betreff: 'Rückruf Frau Musterfrau',
        Aufgabe: 'Fragen zur Finanzierung klären.',
        Status: '2',
        Verantwortung: 'eadmin',
      },
      [102],
      [],
    )
    task(
      {
        Betreff: 'Energieausweis anfordern',
        Aufgabe: 'Beim Eigentümer den Energieausweis anfordern.',
        Status: '3',
        erledigt: '1',
        Stand: '100',
      },
      [101],
      [1],
    )
    task(
      {
        Betreff: 'Mietvertrag vorbereiten',
        Aufgabe: 'Mietvertrag für Wohnung in Köln aufsetzen.',
        Prio: '1',
      },
      [104],
      [2],
    )
    const appointment = (
      fields: Record<string, unknown>,
      addressIds: number[],
      estateId: number | null,
    ) => {
      const id = crm.nextId.calendar++
      crm.appointments.set(id, {
        id,
        fields: {
          note: '',
          art: 'Besichtigung',
          ganztags: false,
          private: false,
          status: 'active',
          von: 'mmakler',
          modified: '2025-03-01 08:00:00',
          ...fields,
        },
        relatedAddressIds: addressIds,
        relatedEstateId: estateId,
        userIds: [17],
      })
    }
    appointment(
      {
        description: 'Besichtigung Traumhaus Aachen',
        start_dt: '2025-03-10 10:00:00',
        end_dt: '2025-03-10 11:00:00',
        ort: 'Charlottenburger Allee 1, 52068 Aachen',
      },
      [101],
      1,
    )
    appointment(
      {
        description: 'Besichtigung Altbauwohnung Köln',
        start_dt: '2025-03-11 15:00:00',
        end_dt: '2025-03-11 15:30:00',
        ort: 'Charlottenburger Allee 2, 50667 Köln',
      },
      [104],
      2,
    )
    appointment(
      {
        description: 'Notartermin',
        art: 'Notartermin',
        start_dt: '2025-03-20 09:00:00',
        end_dt: '2025-03-20 10:30:00',
        ort: 'Notariat Aachen',
      },
      [101, 102],
      1,
    )
    appointment(
      {
        description: 'Teambesprechung',
        art: 'Besprechung',
        start_dt: '2025-04-01 08:30:00',
        end_dt: '2025-04-01 09:00:00',
        ort: 'Büro',
      },
      [],
      null,
    )
    const log = (fields: Record<string, string>, addressIds: number[], estateId: number | null) => {
      const id = crm.nextId.agentslog++
      crm.agentsLog.set(id, {
        id,
        fields: {
          Benutzer: 'mmakler',
          Kosten: '0',
          dauer: '0',
          merkmal: '',
          Beratungsebene: '',
          ...fields,
        },
        addressIds,
        estateId,
      })
    }
    log(
      {
        Aktionsart: 'Email',
        Aktionstyp: 'Ausgang',
        Bemerkung: 'Exposé versendet',
        Datum: '2025-03-02 10:15:00',
        created: '2025-03-02 10:15:00',
      },
      [104],
      1,
    )
    log(
      {
        Aktionsart: 'Telefonat',
        Aktionstyp: 'Eingang',
        Bemerkung: 'Interessent fragt nach Besichtigung',
        Datum: '2025-03-03 14:02:00',
        created: '2025-03-03 14:02:00',
        Beratungsebene: 'D Interessiert, aber noch prüfend',
      },
      [101],
      2,
    )
    log(
      {
        Aktionsart: 'Besichtigung',
        Aktionstyp: 'Durchgeführt',
        Bemerkung: 'Besichtigung mit Herrn Mustermann',
        Datum: '2025-03-10 11:05:00',
        created: '2025-03-10 11:05:00',
      },
      [101],
      1,
    )
    crm.imprint = {
      title: '',
      firstname: 'Max',
      lastname: 'Makler',
      firma: 'Muster Immobilien GmbH & Co. KG',
      postcode: '52068',
      city: 'Aachen',
      street: 'Charlottenburger Allee',
      housenumber: '5',
      state: 'Nordrhein-Westfalen',
      country: 'Deutschland',
      phone: '+49 241 4468-0',
      mobil: '',
      fax: '+49 241 4468-99',
      email: 'info@muster-immobilien.test',
      homepage: 'https://muster-immobilien.test',
      vertretungsberechtigter: 'Max Makler',
      berufsaufsichtsbehoerde: 'IHK Aachen',
      handelsregister: 'Amtsgericht Aachen',
      handelsregisterNr: 'HRA 12345',
      ustId: 'DE123456789',
      bank: 'Sparkasse Aachen',
      iban: 'DE02390500000000012345',
    }
    crm.regions = structuredClone(REGIONS)
    crm.multiselect = {
      address: {
        HerkunftKontakt: values(
          [
            ['Newsletter', 'Newsletter', 1, null],
            ['Empfehlung', 'Empfehlung', 1, null],
            ['portal_system', 'Immobilienportale', 1, null],
            ['immobilienscout24_system', 'Immobilienscout 24', 2, 'portal_system'],
            ['immonet_system', 'Immonet', 2, 'portal_system'],
          ],
          67,
        ),
      },
      estate: {
        heizungsart: values(
          [
            ['zentral', 'Zentralheizung', 1, null],
            ['fussboden', 'Fußbodenheizung', 1, null],
            ['ofen', 'Ofenheizung', 1, null],
          ],
          201,
        ),
      },
    }
  }
  Object.assign(state.crm, crm)
}
