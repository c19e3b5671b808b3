import { seedCrm } from './seed-crm.ts'
import type { FakeState } from './state.ts'
import type { FakeAddress, FakeEstate, FakeUser } from './types.ts'

/** The demo customer every seeded record belongs to (the reference's `customerWebId`). */
export const DEMO_CUSTOMER = '12345'

/** The demo customer's CI logo: a 64×64 PNG (a blue house on white), so a service shows a real image. */
export const DEMO_LOGO_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAAA90lEQVR42u3bwQ2DMAxAUc/T4bpXZ+hWXSBVD1SoCimJDcT2t5Qr0n8XQGCRnVOcjWinBJu04V0QJcmkjt9ESA1Qkg4AAACQN/6LAMDFc7s/8wJ84peTDmAd30J4PaR6XAPU4rcQwgG04msIoQD2xP8ihAHoiV8jhAAYiV+OewBNvHsAbbxbAItwtwCW8e4ArONdARwR3wKwen+QmeP/AVggyMzxvU+NpwPMEK9FkAjxGgSJEj+KIJHiRxAkUvgIBHcBAAAAAAAAADgP4KprAgAAAAAAAAAAAAAAAAAAHPp12NvwszQAAADA0hQALE6yOsvydNb1+TeIwQ3aKP8z3wAAAABJRU5ErkJggg=='

/** User 17's photo: a 64×64 PNG avatar (head and shoulders, round). */
export const DEMO_PHOTO_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAABTElEQVR42u3byw3CQBRD0amYNWsKowxKoI0g9hEwwfazMy9S9tyTKBrmM4boejzv28w90q/Z4NOAoMMjINjR1hhV8eUI1eGlEG7xMgTXcAlESjwFIS0eipAaD0FIj/8bYWmAs8QfQlD+sMv15ofADv52lwJUhisgYuJLENziWQgyAEQ8AyHq6cveAud4+lvg/vTpb0EDNIB/PO074Dj4kQ6KGqABGmBLQKD9RW4AwYyPa7wEwHE+QA7gNCNUBuAwJ2gBUDkrbAlgsV6wdHwDFANUfgOkAJZjgJ4VJgEkzAjR1gaY8SgE2sqQIh6BAAdQhiMgoCvElfFHEOB7BJIA4DtEHOJnEKD7hJzif0GA7hRzjP+EAN8nuAzAHoJz/B4CfL9wEgBlx3gKAOXMQEL8+6afHFk23Bmh7PTYsuEOCJanSJeMVkDEnyZ3DX4Bb/I+dEjaBrMAAAAASUVORK5CYII='

const KINDS = ['haus', 'wohnung', 'grundstueck', 'buero_praxen'] as const
const CITIES = [
  ['52068', 'Aachen', '50.7753', '6.0839'],
  ['50667', 'Köln', '50.9375', '6.9603'],
  ['10115', 'Berlin', '52.5200', '13.4050'],
  ['80331', 'München', '48.1351', '11.5820'],
  ['20095', 'Hamburg', '53.5511', '9.9937'],
] as const

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!
const flag = (on: boolean) => (on ? '1' : '0')

/** Deterministic estate `id`: the same option always yields the same data, so sort/filter tests are stable. */
function estate(id: number): FakeEstate {
  const kind = KINDS[id % KINDS.length]!
  const [plz, ort, lat, lng] = CITIES[(id - 1) % CITIES.length]!
  const rent = id % 3 === 0
  const day = String((id % 28) + 1).padStart(2, '0')
  const house = kind === 'haus'
  const flat = kind === 'wohnung'
  const rooms = 1 + (id % 7)
  const status = id % 10 === 0 ? '0' : id % 7 === 0 ? '2' : '1'
  // Values in onOffice's wire formats: decimals "1234.00", "0000-00-00" for no date, multiselects "|a||b|".
  return {
    id,
    mainLanguage: 'DEU',
    fields: {
      Id: String(id),
      objektnr_extern: `OF-${String(id).padStart(5, '0')}`,
      objektart: kind,
      vermarktungsart: rent ? 'miete' : 'kauf',
      kaufpreis: rent ? '0.00' : `${150000 + ((id * 7919) % 900) * 1000}.00`,
      kaltmiete: rent ? `${500 + ((id * 31) % 150) * 10}.00` : '0.00',
      wohnflaeche: `${40 + ((id * 17) % 200)}.00`,
      anzahl_zimmer: String(rooms),
      plz,
      ort,
      strasse: 'Charlottenburger Allee',
      hausnummer: String(id),
      land: 'DEU',
      status,
      verkauft: id % 11 === 0 ? '1' : '0',
      reserviert: id % 13 === 0 ? '1' : '0',
      erstellt_am: `2024-01-${day} 10:00:00`,
      geaendert_am: `2025-03-${day} 12:00:00`,
      objekttyp: house
        ? pick(['einfamilienhaus', 'doppelhaushaelfte', 'reihenhaus', 'villa'], id)
        : flat
          ? pick(['etage', 'dachgeschoss', 'maisonette', 'penthouse'], id)
          : '',
      nutzungsart:
        kind === 'buero_praxen' ? '|gewerbe|' : id % 5 === 0 ? '|wohnen||anlage|' : '|wohnen|',
      waehrung: 'EUR',
      warmmiete: rent ? `${650 + ((id * 31) % 150) * 10}.00` : '0.00',
      nebenkosten: rent ? '150.00' : '0.00',
      hausgeld: flat && !rent ? '250.00' : '0.00',
      kaution: rent ? '3 Kaltmieten' : '',
      aussen_courtage: rent ? '' : '3,57 % inkl. MwSt.',
      nutzflaeche: '',
      grundstuecksflaeche: house || kind === 'grundstueck' ? `${300 + ((id * 37) % 900)}.00` : '',
      anzahl_schlafzimmer: String(Math.max(1, rooms - 1)),
      anzahl_badezimmer: rooms > 4 ? '2' : '1',
      etage: flat ? String(id % 5) : '',
      anzahl_etagen: house ? '2' : flat ? '5' : '',
      anzahl_stellplaetze: String(id % 3),
      baujahr: String(1950 + ((id * 13) % 70)),
      zustand: pick(['gepflegt', 'renoviert', 'modernisiert', 'erstbezug', 'neuwertig'], id),
      heizungsart: id % 2 === 0 ? '|zentral||fussboden|' : '|zentral|',
      befeuerung: pick(['|gas|', '|luftwp||solar|', '|oel|'], id),
      boden: '|parkett||fliesen|',
      fahrstuhl: flat && id % 2 === 0 ? '|personen|' : '',
      stellplatzart: id % 3 === 0 ? '' : '|garage|',
      unterkellert: house ? 'ja' : 'nein',
      balkon: flag(flat),
      terrasse: flag(house),
      garten: flag(house),
      kamin: flag(id % 4 === 0),
      barrierefrei: '0',
      denkmalschutz: flag(id % 9 === 0),
      veroeffentlichen: flag(status === '1'),
      top_angebot: flag(id % 5 === 0),
      energieausweistyp: id % 2 === 0 ? 'Energieverbrauchskennwert' : 'Endenergiebedarf',
      energyClass: pick(['A+', 'A', 'B', 'C', 'D', 'E'], id),
      endenergiebedarf: `${40 + ((id * 7) % 160)}.50`,
      energieausweis_gueltig_bis: id % 4 === 0 ? '0000-00-00' : `2032-0${1 + (id % 9)}-15`,
      abdatum: id % 2 === 0 ? '2025-06-01' : '0000-00-00',
      verfuegbar_ab: id % 2 === 0 ? 'sofort' : 'nach Vereinbarung',
      breitengrad: lat,
      laengengrad: lng,
      indMulti659Select204: id % 2 === 0 ? '|singles||kapitalanleger|' : '|familien|',
      Vertriebsweg: pick(['i1', 'i2', 'i3'], id),
      Provisionsvereinbarung_Datum:
        id % 3 === 0 ? '0000-00-00' : `2024-0${(id % 9) + 1}-1${id % 10}`,
    },
    texts: {
      DEU: {
        objekttitel: `${kind === 'haus' ? 'Haus' : kind === 'wohnung' ? 'Wohnung' : kind === 'grundstueck' ? 'Grundstück' : 'Büro'} in ${ort} (${id})`,
        objektbeschreibung: `Objekt ${id}: ruhige Lage in ${ort}.`,
        lage: `Zentral in ${ort}.`,
        ausstatt_beschr: 'Einbauküche, Balkon.',
        sonstige_angaben: '',
        dreizeiler: `${rooms} Zimmer in ${ort}`,
      },
    },
  }
}

function multilingual(
  e: FakeEstate,
  title: string,
  description: string,
  titleEn: string,
  descriptionEn: string,
): FakeEstate {
  e.texts.DEU = { ...e.texts.DEU!, objekttitel: title, objektbeschreibung: description }
  e.texts.ENG = {
    objekttitel: titleEn,
    objektbeschreibung: descriptionEn,
    lage: `Central location in ${e.fields.ort}.`,
    ausstatt_beschr: 'Fitted kitchen, balcony.',
    sonstige_angaben: '',
    dreizeiler: `${e.fields.anzahl_zimmer} rooms in ${e.fields.ort}`,
  }
  return e
}

export function seedEstates(count: number): Map<number, FakeEstate> {
  const estates = new Map<number, FakeEstate>()
  for (let id = 1; id <= count; id++) estates.set(id, estate(id))
  const first = estates.get(1)
  if (first) {
    multilingual(
      first,
      'Traumhaus mit Garten in Aachen',
      'Freistehendes Einfamilienhaus mit großem Garten.',
      'Dream house with garden in Aachen',
      'Detached family house with a large garden.',
    )
  }
  const second = estates.get(2)
  if (second) {
    multilingual(
      second,
      'Helle Altbauwohnung in Köln',
      'Drei Zimmer, hohe Decken, Dielenboden.',
      'Bright period apartment in Cologne',
      'Three rooms, high ceilings, wooden floors.',
    )
  }
  return estates
}

const ADDRESSES: Array<FakeAddress['fields']> = [
  {
    Anrede: 'Herr',
    Vorname: 'Max',
    Name: 'Mustermann',
    Zusatz1: '',
    Ort: 'Aachen',
    Plz: '52068',
    Email: 'max@example.test',
  },
  {
    Anrede: 'Frau',
    Vorname: 'Erika',
    Name: 'Musterfrau',
    Zusatz1: '',
    Ort: 'Köln',
    Plz: '50667',
    Email: 'erika@example.test',
  },
  {
    Anrede: 'Firma',
    Vorname: '',
    Name: 'Beispiel',
    Zusatz1: 'Beispiel GmbH',
    Ort: 'Berlin',
    Plz: '10115',
    Email: 'info@beispiel.test',
  },
  {
    Anrede: 'Herr',
    Vorname: 'Jan',
    Name: 'Schmidt',
    Zusatz1: '',
    Ort: 'Hamburg',
    Plz: '20095',
    Email: 'jan@example.test',
  },
  {
    Anrede: 'Frau',
    Vorname: 'Anna',
    Name: 'Becker',
    Zusatz1: '',
    Ort: 'München',
    Plz: '80331',
    Email: 'anna@example.test',
  },
]

export function seedAddresses(): Map<number, FakeAddress> {
  const out = new Map<number, FakeAddress>()
  ADDRESSES.forEach((f, i) => {
    const id = 101 + i
    out.set(id, {
      id,
      fields: {
        Id: String(id),
        KdNr: String(5000 + i),
        Strasse: 'Musterweg 1',
        Land: 'DEU',
        Telefon1: `+49 241 ${1000 + i}`,
        status: i === 4 ? '0' : '1',
        Aenderung: `2025-02-0${i + 1} 09:00:00`,
        ...f,
      },
    })
  })
  return out
}

export function seedUsers(): Map<number, FakeUser> {
  const user = (
    id: number,
    active: boolean,
    photo: string | null,
    f: Record<string, string>,
  ): [number, FakeUser] => [
    id,
    {
      id,
      active,
      photo,
      fields: {
        Nr: String(id),
        Name: `${f.Vorname} ${f.Nachname}`,
        Firma: 'Muster Immobilien GmbH & Co. KG',
        Strasse: 'Charlottenburger Allee 5',
        Plz: '52068',
        Ort: 'Aachen',
        Land: 'DEU',
        UstId: 'DE123456789',
        ...f,
      },
    },
  ]
  return new Map([
    user(17, true, DEMO_PHOTO_PNG_BASE64, {
      Anrede: 'Herr',
      Vorname: 'Max',
      Nachname: 'Makler',
      Kuerzel: 'MM',
      email: 'max.makler@example.test',
    }),
    user(18, true, null, {
      Anrede: 'Frau',
      Vorname: 'Erika',
      Nachname: 'Admin',
      Kuerzel: 'EA',
      email: 'erika.admin@example.test',
    }),
    user(21, false, null, {
      Anrede: 'Herr',
      Vorname: 'Otto',
      Nachname: 'Inaktiv',
      Kuerzel: 'OI',
      email: 'otto@example.test',
    }),
  ])
}

/** Fills `state` with the demo data in place (the maps keep their identity). */
export function seed(state: FakeState, opts: { estates: number; enabled: boolean }): void {
  const fill = <K, V>(target: Map<K, V>, source: Map<K, V>) => {
    target.clear()
    if (opts.enabled) for (const [k, v] of source) target.set(k, v)
  }
  fill(state.estates, seedEstates(opts.estates))
  fill(state.addresses, seedAddresses())
  fill(state.people, seedUsers())
  seedCrm(state, opts)
  state.basicSettings.characteristicsCi = opts.enabled
    ? {
        color: '2a6ebb',
        color2: 'f2a900',
        textcolorMail: '333333',
        claim: 'Ihr Makler in Aachen',
        logo: DEMO_LOGO_PNG_BASE64,
      }
    : {}
}
