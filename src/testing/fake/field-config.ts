/** Field configuration of the fake's modules, the source for `get/fields` and for field validation. */
export interface FieldDef {
  type: 'integer' | 'float' | 'varchar' | 'text' | 'singleselect' | 'date' | 'datetime' | 'boolean'
  label: string
  length?: number
  permittedvalues?: Record<string, string>
}

/** Estate free-text fields: stored per language; every other estate field is shared across languages. */
export const ESTATE_TEXT_FIELDS = ['objekttitel', 'objektbeschreibung', 'lage', 'ausstatt_beschr', 'sonstige_angaben'] as const

export const FIELD_CONFIG: Record<string, Record<string, FieldDef>> = {
  estate: {
    Id: { type: 'integer', label: 'Datensatznr' },
    objektnr_extern: { type: 'varchar', label: 'ImmoNr', length: 60 },
    objektart: {
      type: 'singleselect',
      label: 'Objektart',
      permittedvalues: { haus: 'Haus', wohnung: 'Wohnung', grundstueck: 'Grundstück', buero_praxen: 'Büro/Praxen' },
    },
    vermarktungsart: { type: 'singleselect', label: 'Vermarktungsart', permittedvalues: { kauf: 'Kauf', miete: 'Miete' } },
    kaufpreis: { type: 'float', label: 'Kaufpreis' },
    kaltmiete: { type: 'float', label: 'Kaltmiete' },
    wohnflaeche: { type: 'float', label: 'Wohnfläche' },
    anzahl_zimmer: { type: 'float', label: 'Zimmer' },
    plz: { type: 'varchar', label: 'PLZ', length: 10 },
    ort: { type: 'varchar', label: 'Ort', length: 100 },
    strasse: { type: 'varchar', label: 'Straße', length: 100 },
    hausnummer: { type: 'varchar', label: 'Hausnummer', length: 10 },
    land: { type: 'varchar', label: 'Land', length: 3 },
    status: { type: 'singleselect', label: 'Status', permittedvalues: { '1': 'Aktiv', '2': 'Inaktiv', '0': 'Archiviert' } },
    verkauft: { type: 'boolean', label: 'Verkauft/Vermietet' },
    reserviert: { type: 'boolean', label: 'Reserviert' },
    erstellt_am: { type: 'datetime', label: 'Erstellt am' },
    geaendert_am: { type: 'datetime', label: 'Geändert am' },
    objekttitel: { type: 'varchar', label: 'Objekttitel', length: 250 },
    objektbeschreibung: { type: 'text', label: 'Objektbeschreibung' },
    lage: { type: 'text', label: 'Lage' },
    ausstatt_beschr: { type: 'text', label: 'Ausstattung' },
    sonstige_angaben: { type: 'text', label: 'Sonstige Angaben' },
  },
  address: {
    Id: { type: 'integer', label: 'Datensatznr' },
    KdNr: { type: 'integer', label: 'KdNr' },
    Anrede: { type: 'singleselect', label: 'Anrede', permittedvalues: { Herr: 'Herr', Frau: 'Frau', Firma: 'Firma' } },
    Vorname: { type: 'varchar', label: 'Vorname', length: 100 },
    Name: { type: 'varchar', label: 'Name', length: 100 },
    Zusatz1: { type: 'varchar', label: 'Firma', length: 100 },
    Strasse: { type: 'varchar', label: 'Straße', length: 100 },
    Plz: { type: 'varchar', label: 'PLZ', length: 10 },
    Ort: { type: 'varchar', label: 'Ort', length: 100 },
    Land: { type: 'varchar', label: 'Land', length: 3 },
    Email: { type: 'varchar', label: 'E-Mail', length: 100 },
    Telefon1: { type: 'varchar', label: 'Telefon', length: 40 },
    status: { type: 'singleselect', label: 'Status', permittedvalues: { '1': 'Aktiv', '0': 'Archiv' } },
    Aenderung: { type: 'datetime', label: 'Letzte Änderung' },
  },
  user: {
    Nr: { type: 'integer', label: 'Nr' },
    Anrede: { type: 'varchar', label: 'Anrede', length: 20 },
    Vorname: { type: 'varchar', label: 'Vorname', length: 100 },
    Nachname: { type: 'varchar', label: 'Nachname', length: 100 },
    Name: { type: 'varchar', label: 'Name', length: 200 },
    Kuerzel: { type: 'varchar', label: 'Kürzel', length: 10 },
    email: { type: 'varchar', label: 'E-Mail', length: 100 },
    Firma: { type: 'varchar', label: 'Firma', length: 100 },
    Strasse: { type: 'varchar', label: 'Straße', length: 100 },
    Plz: { type: 'varchar', label: 'PLZ', length: 10 },
    Ort: { type: 'varchar', label: 'Ort', length: 100 },
    Land: { type: 'varchar', label: 'Land', length: 3 },
    UstId: { type: 'varchar', label: 'USt-IdNr.', length: 20 },
  },
}
