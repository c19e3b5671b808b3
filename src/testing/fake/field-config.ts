/**
 * The fake's field configuration: the source of `get` / `fields`, of field validation in reads and writes, and of
 * the seeded records' values. Standard fields carry onOffice's real names, types, lengths and select keys, with
 * German and English labels; a few custom fields (`indMulti…`, `Vertriebsweg`) stand for what customers add.
 */

/** A label in German and English (`DEU`, `ENG`). */
export type Labels = readonly [de: string, en: string]

/** One field of the fake's configuration. */
export interface FieldDef {
  type:
    | 'integer'
    | 'float'
    | 'varchar'
    | 'text'
    | 'singleselect'
    | 'multiselect'
    | 'date'
    | 'datetime'
    | 'boolean'
  label: Labels
  length?: number
  /** Select keys → labels, in onOffice's order. */
  permittedvalues?: Record<string, Labels>
  default?: string
  /** A multiselect onOffice reads back as a `|a||b|` string instead of an array (reference §3.1). */
  pipes?: true
  /** `fieldMeasureFormat` (with `showFieldMeasureFormat`). */
  measure?: string
}

/** One module: its label and fields. */
export interface ModuleDef {
  label: Labels
  fields: Record<string, FieldDef>
}

/** Estate free-text fields: stored per language; every other estate field is shared across languages. */
export const ESTATE_TEXT_FIELDS = [
  'objekttitel',
  'objektbeschreibung',
  'lage',
  'ausstatt_beschr',
  'sonstige_angaben',
  'dreizeiler',
] as const

const YES_NO: Record<string, Labels> = {
  ja: ['Ja', 'Yes'],
  nein: ['Nein', 'No'],
  teilweise: ['Teilweise', 'Partially'],
}

const estate: Record<string, FieldDef> = {
  Id: { type: 'integer', label: ['Datensatznr', 'Record no.'], length: 11 },
  objektnr_extern: { type: 'varchar', label: ['ImmoNr', 'Property no.'], length: 60 },
  objekttitel: { type: 'varchar', label: ['Objekttitel', 'Property title'], length: 250 },
  objektart: {
    type: 'singleselect',
    label: ['Objektart', 'Type of property'],
    permittedvalues: {
      haus: ['Haus', 'House'],
      wohnung: ['Wohnung', 'Apartment'],
      grundstueck: ['Grundstück', 'Plot'],
      buero_praxen: ['Büro/Praxen', 'Office/Practice'],
      einzelhandel: ['Einzelhandel', 'Retail'],
      gastgewerbe: ['Gastgewerbe', 'Hospitality'],
      hallen_lager_prod: ['Hallen/Lager/Produktion', 'Hall/Warehouse/Production'],
      land_und_forstwirtschaft: ['Land- und Forstwirtschaft', 'Agriculture and forestry'],
      zimmer: ['Zimmer', 'Room'],
      sonstige: ['Sonstige', 'Other'],
    },
  },
  objekttyp: {
    type: 'singleselect',
    label: ['Objekttyp', 'Property subtype'],
    permittedvalues: {
      einfamilienhaus: ['Einfamilienhaus', 'Detached house'],
      doppelhaushaelfte: ['Doppelhaushälfte', 'Semi-detached house'],
      reihenhaus: ['Reihenhaus', 'Terraced house'],
      mehrfamilienhaus: ['Mehrfamilienhaus', 'Apartment building'],
      villa: ['Villa', 'Villa'],
      etage: ['Etagenwohnung', 'Apartment'],
      dachgeschoss: ['Dachgeschoss', 'Attic apartment'],
      maisonette: ['Maisonette', 'Maisonette'],
      penthouse: ['Penthouse', 'Penthouse'],
      erdgeschoss: ['Erdgeschoss', 'Ground floor'],
      loft: ['Loft', 'Loft'],
    },
  },
  nutzungsart: {
    type: 'multiselect',
    label: ['Nutzungsart', 'Type of use'],
    permittedvalues: {
      wohnen: ['Wohnen', 'Residential'],
      gewerbe: ['Gewerbe', 'Commercial'],
      anlage: ['Anlage', 'Investment'],
      waz: ['Wohnen auf Zeit', 'Temporary living'],
    },
  },
  vermarktungsart: {
    type: 'singleselect',
    label: ['Vermarktungsart', 'Type of marketing'],
    permittedvalues: {
      kauf: ['Kauf', 'Sale'],
      miete: ['Miete', 'Rent'],
      pacht: ['Pacht', 'Lease'],
      erbpacht: ['Erbpacht', 'Leasehold'],
    },
  },
  status: {
    type: 'singleselect',
    label: ['Status', 'Status'],
    permittedvalues: {
      '1': ['Aktiv', 'Active'],
      '2': ['Inaktiv', 'Pending'],
      '0': ['Archiviert', 'Archived'],
    },
    default: '1',
  },
  verkauft: { type: 'boolean', label: ['Verkauft/Vermietet', 'Sold/Rented'] },
  reserviert: { type: 'boolean', label: ['Reserviert', 'Reserved'] },
  veroeffentlichen: { type: 'boolean', label: ['Veröffentlichen', 'Publish'] },
  top_angebot: { type: 'boolean', label: ['Top-Angebot', 'Top offer'] },
  waehrung: {
    type: 'singleselect',
    label: ['Währung', 'Currency'],
    permittedvalues: {
      EUR: ['Euro', 'Euro'],
      CHF: ['Schweizer Franken', 'Swiss franc'],
      USD: ['US-Dollar', 'US dollar'],
      GBP: ['Britisches Pfund', 'Pound sterling'],
    },
    default: 'EUR',
  },
  kaufpreis: { type: 'float', label: ['Kaufpreis', 'Purchase price'], measure: 'currency' },
  kaltmiete: { type: 'float', label: ['Kaltmiete', 'Basic rent'], measure: 'currency' },
  warmmiete: { type: 'float', label: ['Warmmiete', 'Rent incl. heating'], measure: 'currency' },
  nebenkosten: { type: 'float', label: ['Nebenkosten', 'Service charges'], measure: 'currency' },
  hausgeld: { type: 'float', label: ['Hausgeld', 'Maintenance fee'], measure: 'currency' },
  kaution: { type: 'varchar', label: ['Kaution', 'Deposit'], length: 100 },
  aussen_courtage: {
    type: 'varchar',
    label: ['Außen-Courtage', "Buyer's commission"],
    length: 100,
  },
  wohnflaeche: { type: 'float', label: ['Wohnfläche', 'Living space'], measure: 'area' },
  nutzflaeche: { type: 'float', label: ['Nutzfläche', 'Usable area'], measure: 'area' },
  grundstuecksflaeche: {
    type: 'float',
    label: ['Grundstücksfläche', 'Plot area'],
    measure: 'area',
  },
  anzahl_zimmer: { type: 'float', label: ['Zimmer', 'Rooms'] },
  anzahl_schlafzimmer: { type: 'float', label: ['Schlafzimmer', 'Bedrooms'] },
  anzahl_badezimmer: { type: 'float', label: ['Badezimmer', 'Bathrooms'] },
  etage: { type: 'integer', label: ['Etage', 'Floor'], length: 3 },
  anzahl_etagen: { type: 'integer', label: ['Anzahl Etagen', 'Number of floors'], length: 3 },
  anzahl_stellplaetze: {
    type: 'integer',
    label: ['Anzahl Stellplätze', 'Parking spaces'],
    length: 5,
  },
  baujahr: { type: 'integer', label: ['Baujahr', 'Year of construction'], length: 4 },
  zustand: {
    type: 'singleselect',
    label: ['Zustand', 'Condition'],
    permittedvalues: {
      erstbezug: ['Erstbezug', 'First occupancy'],
      neuwertig: ['Neuwertig', 'As new'],
      modernisiert: ['Modernisiert', 'Modernised'],
      renoviert: ['Renoviert', 'Renovated'],
      gepflegt: ['Gepflegt', 'Well kept'],
      renovierungsbeduerftig: ['Renovierungsbedürftig', 'In need of renovation'],
      nach_vereinbarung: ['Nach Vereinbarung', 'By arrangement'],
      abrissobjekt: ['Abrissobjekt', 'For demolition'],
    },
  },
  heizungsart: {
    type: 'multiselect',
    label: ['Heizungsart', 'Type of heating'],
    permittedvalues: {
      ofen: ['Ofen', 'Stove'],
      etage: ['Etagenheizung', 'Floor heating system'],
      zentral: ['Zentralheizung', 'Central heating'],
      fern: ['Fernwärme', 'District heating'],
      fussboden: ['Fußbodenheizung', 'Underfloor heating'],
    },
  },
  befeuerung: {
    type: 'multiselect',
    label: ['Befeuerung', 'Energy source'],
    pipes: true,
    permittedvalues: {
      oel: ['Öl', 'Oil'],
      gas: ['Gas', 'Gas'],
      elektro: ['Elektro', 'Electric'],
      solar: ['Solar', 'Solar'],
      erdwaerme: ['Erdwärme', 'Geothermal'],
      luftwp: ['Luftwärmepumpe', 'Air heat pump'],
      fern: ['Fernwärme', 'District heating'],
      pellet: ['Pellet', 'Pellets'],
      holz: ['Holz', 'Wood'],
    },
  },
  boden: {
    type: 'multiselect',
    label: ['Boden', 'Flooring'],
    permittedvalues: {
      fliesen: ['Fliesen', 'Tiles'],
      parkett: ['Parkett', 'Parquet'],
      laminat: ['Laminat', 'Laminate'],
      dielen: ['Dielen', 'Floorboards'],
      teppich: ['Teppich', 'Carpet'],
      stein: ['Stein', 'Stone'],
    },
  },
  fahrstuhl: {
    type: 'multiselect',
    label: ['Fahrstuhl', 'Lift'],
    permittedvalues: {
      personen: ['Personenaufzug', 'Passenger lift'],
      lasten: ['Lastenaufzug', 'Goods lift'],
    },
  },
  stellplatzart: {
    type: 'multiselect',
    label: ['Stellplatzart', 'Type of parking'],
    permittedvalues: {
      carport: ['Carport', 'Carport'],
      duplex: ['Duplex', 'Duplex'],
      freiplatz: ['Freiplatz', 'Outdoor space'],
      garage: ['Garage', 'Garage'],
      parkhaus: ['Parkhaus', 'Car park'],
      tiefgarage: ['Tiefgarage', 'Underground car park'],
    },
  },
  unterkellert: {
    type: 'singleselect',
    label: ['Unterkellert', 'Basement'],
    permittedvalues: YES_NO,
  },
  balkon: { type: 'boolean', label: ['Balkon', 'Balcony'] },
  terrasse: { type: 'boolean', label: ['Terrasse', 'Terrace'] },
  garten: { type: 'boolean', label: ['Garten', 'Garden'] },
  kamin: { type: 'boolean', label: ['Kamin', 'Fireplace'] },
  barrierefrei: { type: 'boolean', label: ['Barrierefrei', 'Barrier-free'] },
  denkmalschutz: { type: 'boolean', label: ['Denkmalschutz', 'Listed building'] },
  energieausweistyp: {
    type: 'singleselect',
    label: ['Energieausweistyp', 'Type of energy certificate'],
    permittedvalues: {
      Endenergiebedarf: ['Bedarfsausweis', 'Energy demand certificate'],
      Energieverbrauchskennwert: ['Verbrauchsausweis', 'Energy consumption certificate'],
    },
  },
  energyClass: {
    type: 'singleselect',
    label: ['Energieeffizienzklasse', 'Energy efficiency class'],
    permittedvalues: {
      'A+': ['A+', 'A+'],
      A: ['A', 'A'],
      B: ['B', 'B'],
      C: ['C', 'C'],
      D: ['D', 'D'],
      E: ['E', 'E'],
      F: ['F', 'F'],
      G: ['G', 'G'],
      H: ['H', 'H'],
    },
  },
  endenergiebedarf: {
    type: 'float',
    label: ['Endenergiebedarf', 'Final energy demand'],
    measure: 'kWh/(m²*a)',
  },
  energieausweis_gueltig_bis: {
    type: 'date',
    label: ['Energieausweis gültig bis', 'Energy certificate valid until'],
  },
  abdatum: { type: 'date', label: ['Verfügbar ab (Datum)', 'Available from (date)'] },
  verfuegbar_ab: { type: 'varchar', label: ['Verfügbar ab', 'Available from'], length: 100 },
  plz: { type: 'varchar', label: ['PLZ', 'Postcode'], length: 10 },
  ort: { type: 'varchar', label: ['Ort', 'City'], length: 100 },
  strasse: { type: 'varchar', label: ['Straße', 'Street'], length: 100 },
  hausnummer: { type: 'varchar', label: ['Hausnummer', 'House number'], length: 10 },
  land: { type: 'varchar', label: ['Land', 'Country'], length: 3, default: 'DEU' },
  breitengrad: { type: 'float', label: ['Breitengrad', 'Latitude'] },
  laengengrad: { type: 'float', label: ['Längengrad', 'Longitude'] },
  erstellt_am: { type: 'datetime', label: ['Erstellt am', 'Created on'] },
  geaendert_am: { type: 'datetime', label: ['Geändert am', 'Modified on'] },
  dreizeiler: { type: 'text', label: ['Kurzbeschreibung', 'Short description'] },
  objektbeschreibung: { type: 'text', label: ['Objektbeschreibung', 'Property description'] },
  lage: { type: 'text', label: ['Lage', 'Location'] },
  ausstatt_beschr: { type: 'text', label: ['Ausstattung', 'Features'] },
  sonstige_angaben: { type: 'text', label: ['Sonstige Angaben', 'Other information'] },
  // Custom fields of the demo customer.
  indMulti659Select204: {
    type: 'multiselect',
    label: ['Zielgruppe', 'Target group'],
    permittedvalues: {
      familien: ['Familien', 'Families'],
      senioren: ['Senioren', 'Seniors'],
      singles: ['Singles', 'Singles'],
      kapitalanleger: ['Kapitalanleger', 'Investors'],
    },
  },
  Vertriebsweg: {
    type: 'singleselect',
    label: ['Vertriebsweg', 'Sales channel'],
    permittedvalues: {
      i1: ['Exklusiv', 'Exclusive'],
      i2: ['Gemeinschaftsgeschäft', 'Joint deal'],
      i3: ['Off-Market', 'Off-market'],
    },
  },
  Provisionsvereinbarung_Datum: {
    type: 'date',
    label: ['Provisionsvereinbarung vom', 'Commission agreement of'],
  },
}

const address: Record<string, FieldDef> = {
  Id: { type: 'integer', label: ['Datensatznr', 'Record no.'], length: 11 },
  KdNr: { type: 'integer', label: ['KdNr', 'Customer no.'], length: 11 },
  Anrede: {
    type: 'singleselect',
    label: ['Anrede', 'Salutation'],
    permittedvalues: {
      Herr: ['Herr', 'Mr'],
      Frau: ['Frau', 'Ms'],
      Firma: ['Firma', 'Company'],
      Eheleute: ['Eheleute', 'Mr and Mrs'],
    },
  },
  Titel: { type: 'varchar', label: ['Titel', 'Title'], length: 50 },
  Vorname: { type: 'varchar', label: ['Vorname', 'First name'], length: 100 },
  Name: { type: 'varchar', label: ['Name', 'Surname'], length: 100 },
  Zusatz1: { type: 'varchar', label: ['Firma', 'Company'], length: 100 },
  Briefanrede: { type: 'varchar', label: ['Briefanrede', 'Letter salutation'], length: 200 },
  Strasse: { type: 'varchar', label: ['Straße', 'Street'], length: 100 },
  Plz: { type: 'varchar', label: ['PLZ', 'Postcode'], length: 10 },
  Ort: { type: 'varchar', label: ['Ort', 'City'], length: 100 },
  Land: { type: 'varchar', label: ['Land', 'Country'], length: 3, default: 'DEU' },
  Email: { type: 'varchar', label: ['E-Mail', 'Email'], length: 100 },
  Telefon1: { type: 'varchar', label: ['Telefon', 'Phone'], length: 40 },
  Telefax1: { type: 'varchar', label: ['Telefax', 'Fax'], length: 40 },
  Geburtsdatum: { type: 'date', label: ['Geburtsdatum', 'Date of birth'] },
  ArtDaten: {
    type: 'multiselect',
    label: ['Art', 'Type'],
    permittedvalues: {
      Eigentuemer: ['Eigentümer', 'Owner'],
      Interessent: ['Interessent', 'Prospect'],
      Kunde: ['Kunde', 'Customer'],
      Mieter: ['Mieter', 'Tenant'],
      Tippgeber: ['Tippgeber', 'Referrer'],
    },
  },
  HerkunftKontakt: {
    type: 'singleselect',
    label: ['Herkunft Kontakt', 'Contact source'],
    permittedvalues: {
      Homepage: ['Homepage', 'Website'],
      Empfehlung: ['Empfehlung', 'Recommendation'],
      Portal: ['Immobilienportal', 'Property portal'],
      Zeitung: ['Zeitung', 'Newspaper'],
    },
  },
  Newsletter_aktiv: { type: 'boolean', label: ['Newsletter', 'Newsletter'] },
  Bemerkung: { type: 'text', label: ['Bemerkung', 'Note'] },
  status: {
    type: 'singleselect',
    label: ['Status', 'Status'],
    permittedvalues: { '1': ['Aktiv', 'Active'], '0': ['Archiv', 'Archive'] },
    default: '1',
  },
  Aenderung: { type: 'datetime', label: ['Letzte Änderung', 'Last modified'] },
  // Custom field of the demo customer.
  Kundenkategorie: {
    type: 'singleselect',
    label: ['Kundenkategorie', 'Customer category'],
    permittedvalues: {
      a: ['A-Kunde', 'A customer'],
      b: ['B-Kunde', 'B customer'],
      c: ['C-Kunde', 'C customer'],
    },
  },
}

const user: Record<string, FieldDef> = {
  Nr: { type: 'integer', label: ['Nr', 'No.'] },
  Anrede: { type: 'varchar', label: ['Anrede', 'Salutation'], length: 20 },
  Vorname: { type: 'varchar', label: ['Vorname', 'First name'], length: 100 },
  Nachname: { type: 'varchar', label: ['Nachname', 'Last name'], length: 100 },
  Name: { type: 'varchar', label: ['Name', 'Name'], length: 200 },
  Kuerzel: { type: 'varchar', label: ['Kürzel', 'Initials'], length: 10 },
  email: { type: 'varchar', label: ['E-Mail', 'Email'], length: 100 },
  Firma: { type: 'varchar', label: ['Firma', 'Company'], length: 100 },
  Strasse: { type: 'varchar', label: ['Straße', 'Street'], length: 100 },
  Plz: { type: 'varchar', label: ['PLZ', 'Postcode'], length: 10 },
  Ort: { type: 'varchar', label: ['Ort', 'City'], length: 100 },
  Land: { type: 'varchar', label: ['Land', 'Country'], length: 3 },
  UstId: { type: 'varchar', label: ['USt-IdNr.', 'VAT ID'], length: 20 },
}

/** Module name → label and fields. */
export const FIELD_MODULES: Readonly<Record<string, ModuleDef>> = {
  estate: { label: ['Immobilien', 'Estates'], fields: estate },
  address: { label: ['Adressen', 'Addresses'], fields: address },
  user: { label: ['Benutzer', 'Users'], fields: user },
}

/** Module name → field name → definition. */
export const FIELD_CONFIG: Readonly<Record<string, Record<string, FieldDef>>> = {
  estate,
  address,
  user,
}

/** Multiselect fields per module: their values are stored `|a||b|` and read back as arrays (or pipes when `pipes`). */
export const MULTISELECT_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(FIELD_CONFIG).map(([m, fields]) => [
    m,
    new Set(Object.keys(fields).filter((f) => fields[f]!.type === 'multiselect')),
  ]),
)

/** A stored multiselect value (`|a||b|`) as onOffice reads it back: an array of keys, or the pipe string for `pipes` fields. */
export function readMultiselect(module: string, field: string, stored: string): string[] | string {
  if (FIELD_CONFIG[module]?.[field]?.pipes) return stored
  return stored.split('|').filter((k) => k !== '')
}

/** A written multiselect value (array of keys, or a `|a||b|` string) as the fake stores it. */
export function storeMultiselect(value: unknown): string {
  const keys = Array.isArray(value) ? value.map(String) : String(value ?? '').split('|')
  const clean = keys.filter((k) => k !== '')
  return clean.length === 0 ? '' : `|${clean.join('||')}|`
}
