/**
 * Deterministic demo population of Vyshhorod: apartments in the demo buildings (and, past
 * their capacity, more apartment buildings on the demo streets), residents with Ukrainian
 * names and unique mobile numbers, and personal accounts numbered from 1000001.
 *
 * Everything goes through `load` (the records pipeline), 1,000 rows per call, so rows stay
 * minimal. The same `accounts` gives the same data on every machine (mulberry32, fixed seed).
 * The demo buildings, entrances and apartments are read from the `02_objects_*` files beside
 * this one, so a number taken by a demo apartment is never generated twice.
 *
 * @example await generate(load, refs, { accounts: 14_000 })
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

type Row = Record<string, unknown>
type Load = (entity: string, rows: Row[]) => Promise<string[]>

const BATCH = 1000
const SEED = 0x56_59_53_48 // "VYSH"
const FIRST_ACCOUNT = 1_000_001
const MOBILE_PREFIXES = ['67', '50', '63', '98']

/** [entrances, floors, apartments per floor] of the demo buildings, by their `$ref`. */
const CAPACITY: Record<string, [number, number, number]> = {
  b_kyivska_2: [2, 5, 4], b_kyivska_4: [4, 5, 4], b_kyivska_8: [3, 9, 4], b_kyivska_12: [3, 5, 4],
  b_sholudenka_1: [6, 9, 4], b_sholudenka_3: [4, 9, 4], b_sholudenka_5: [8, 9, 4], b_sholudenka_10: [2, 16, 4],
  b_naberezhna_4: [3, 5, 3], b_naberezhna_6: [4, 5, 4], b_naberezhna_8: [2, 3, 3],
  b_symonenka_1: [2, 5, 4], b_symonenka_3: [4, 9, 4], b_symonenka_5: [4, 9, 4],
  b_dniprovska_2: [3, 9, 4], b_dniprovska_4: [4, 9, 4], b_dniprovska_6: [5, 10, 4],
  b_vatutina_9: [4, 5, 4], b_vatutina_11: [6, 5, 4],
  b_mazepy_3: [3, 9, 4], b_mazepy_5: [1, 16, 6], b_mazepy_7: [4, 9, 4],
  b_yevropeiska_1: [2, 16, 4], b_yevropeiska_3: [3, 16, 4], b_yevropeiska_5: [4, 9, 4], b_yevropeiska_7: [5, 12, 4],
  b_hrushevskoho_2: [4, 5, 4], b_hrushevskoho_4: [3, 5, 4],
  b_shevchenka_10: [3, 5, 4], b_shevchenka_12: [4, 5, 4], b_shevchenka_14: [2, 9, 4],
  b_miroshnychenka_3: [4, 9, 4], b_miroshnychenka_5: [6, 9, 4], b_miroshnychenka_7: [3, 9, 4],
  b_kurhuzova_1: [4, 16, 4], b_kurhuzova_3: [6, 16, 4], b_kurhuzova_5: [5, 10, 4],
}
const DEFAULT_CAPACITY: [number, number, number] = [4, 5, 4]
/** Shapes of the buildings added when the demo ones are full, used in turn. */
const EXTRA_SHAPES: Array<[number, number, number]> = [[5, 9, 4], [4, 9, 4], [3, 5, 4], [6, 10, 4]]

// [first name, patronymic of his son, of his daughter]
const MEN: Array<[string, string, string]> = [
  ['Олександр', 'Олександрович', 'Олександрівна'], ['Андрій', 'Андрійович', 'Андріївна'], ['Іван', 'Іванович', 'Іванівна'],
  ['Петро', 'Петрович', 'Петрівна'], ['Микола', 'Миколайович', 'Миколаївна'], ['Василь', 'Васильович', 'Василівна'],
  ['Сергій', 'Сергійович', 'Сергіївна'], ['Володимир', 'Володимирович', 'Володимирівна'], ['Юрій', 'Юрійович', 'Юріївна'],
  ['Віктор', 'Вікторович', 'Вікторівна'], ['Дмитро', 'Дмитрович', 'Дмитрівна'], ['Олег', 'Олегович', 'Олегівна'],
  ['Тарас', 'Тарасович', 'Тарасівна'], ['Богдан', 'Богданович', 'Богданівна'], ['Михайло', 'Михайлович', 'Михайлівна'],
  ['Степан', 'Степанович', 'Степанівна'], ['Григорій', 'Григорович', 'Григорівна'], ['Анатолій', 'Анатолійович', 'Анатоліївна'],
  ['Валерій', 'Валерійович', 'Валеріївна'], ['Ярослав', 'Ярославович', 'Ярославівна'], ['Максим', 'Максимович', 'Максимівна'],
  ['Роман', 'Романович', 'Романівна'], ['Ігор', 'Ігорович', 'Ігорівна'], ['Павло', 'Павлович', 'Павлівна'],
  ['Євген', 'Євгенович', 'Євгенівна'], ['Костянтин', 'Костянтинович', 'Костянтинівна'], ['Артем', 'Артемович', 'Артемівна'],
  ['Назар', 'Назарович', 'Назарівна'], ['Денис', 'Денисович', 'Денисівна'], ['Леонід', 'Леонідович', 'Леонідівна'],
  ['Віталій', 'Віталійович', 'Віталіївна'], ['Руслан', 'Русланович', 'Русланівна'], ['Остап', 'Остапович', 'Остапівна'],
]
const WOMEN = [
  'Ганна', 'Олена', 'Оксана', 'Наталія', 'Тетяна', 'Ірина', 'Світлана', 'Людмила', 'Галина', 'Марія', 'Юлія', 'Катерина',
  'Ольга', 'Валентина', 'Надія', 'Лариса', 'Вікторія', 'Алла', 'Любов', 'Зоя', 'Софія', 'Анастасія', 'Дарина', 'Христина',
  'Інна', 'Віра', 'Раїса', 'Ніна', 'Лілія', 'Мирослава', 'Богдана', 'Соломія', 'Єва',
]
// [his surname, hers]; most Ukrainian surnames are the same for both
const SURNAMES: Array<[string, string]> = [
  ...[
    'Коваленко', 'Шевченко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Шевчук', 'Бондар', 'Мельник', 'Поліщук',
    'Ковальчук', 'Лисенко', 'Марченко', 'Савченко', 'Руденко', 'Петренко', 'Гончаренко', 'Кузьменко', 'Павленко', 'Литвиненко',
    'Мороз', 'Клименко', 'Остапчук', 'Вакуленко', 'Гуменюк', 'Прокопенко', 'Дорошенко', 'Іваненко', 'Сидоренко', 'Гордієнко',
    'Кириленко', 'Панченко', 'Зінченко', 'Романюк', 'Гребенюк', 'Ткачук', 'Коваль', 'Швець', 'Кравець', 'Бойко', 'Яковенко',
    'Кравчук', 'Мазур', 'Собко', 'Сорока', 'Бабенко', 'Дяченко', 'Костенко', 'Нестеренко', 'Захарченко', 'Рибак', 'Головко',
    'Антоненко', 'Власенко', 'Демченко', 'Журавель', 'Карпенко', 'Лук’яненко', 'Мартинюк', 'Назаренко', 'Онищенко', 'Пономаренко',
    'Семенко', 'Тарасенко', 'Федоренко', 'Харченко', 'Чорновол', 'Юрченко', 'Ярошенко', 'Гаврилюк', 'Дмитренко', 'Євтушенко',
  ].map((s): [string, string] => [s, s]),
  ['Ковальський', 'Ковальська'], ['Вишневський', 'Вишневська'], ['Савицький', 'Савицька'], ['Білецький', 'Білецька'],
  ['Левицький', 'Левицька'], ['Залізняк', 'Залізняк'], ['Гнатюк', 'Гнатюк'], ['Стельмах', 'Стельмах'],
  ['Березовський', 'Березовська'], ['Тернавський', 'Тернавська'], ['Старицький', 'Старицька'], ['Чайковський', 'Чайковська'],
]

/** Pseudo-random numbers in [0, 1) from a 32-bit seed. */
function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Point = { lat: number; lon: number }

interface Building {
  ref: string
  name: string
  street: string
  id?: string
  /** Approximate point (the demo files' estimate; extra buildings continue their street's line). */
  location?: Point
  shape: [number, number, number]
  /** entrance number → object id (existing ones first, created ones added). */
  entrances: Map<number, string>
  taken: Set<string>
  next: number
}

interface DemoObjects {
  streets: Map<string, string[]>
  buildings: Building[]
}

/** Reads the demo buildings, entrances, apartments and phones from the records files. */
function readDemo(refs: Record<string, string>): { objects: DemoObjects; phones: Set<string> } {
  const dir = fileURLToPath(new URL('.', import.meta.url))
  const rows: Row[] = []
  const phones = new Set<string>()
  for (const name of readdirSync(dir).filter((f) => /^\d\d_.*\.records\.json$/.test(f)).sort()) {
    const doc = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { entity: string; rows: Row[] }
    if (doc.entity === 'object') rows.push(...doc.rows)
    if (doc.entity === 'contact') for (const r of doc.rows) for (const p of [r.phone, r.phone_alt]) if (typeof p === 'string') phones.add(p)
  }
  const ref = (v: unknown) => (typeof v === 'string' && v.startsWith('@') ? v.slice(1) : undefined)
  const streets = new Map<string, string[]>()
  const byRef = new Map<string, Building>()
  const entranceOf = new Map<string, { building: Building; no: number }>()
  for (const r of rows) {
    const self = typeof r.$ref === 'string' ? r.$ref : undefined
    if (r.level === 'street' && self) streets.set(self, [])
    if (r.level === 'building' && self && refs[self]) {
      const street = ref(r.parent)!
      const location = r.location as Point | undefined
      const b: Building = { ref: self, name: String(r.name), street, id: refs[self], location, shape: CAPACITY[self] ?? DEFAULT_CAPACITY, entrances: new Map(), taken: new Set(), next: 1 }
      byRef.set(self, b)
      streets.get(street)?.push(b.name)
    }
    if (r.level === 'entrance' && self) {
      const b = byRef.get(ref(r.parent) ?? '')
      const no = Number(/\d+/.exec(String(r.name))?.[0])
      if (b && no && refs[self]) {
        b.entrances.set(no, refs[self])
        entranceOf.set(self, { building: b, no })
      }
    }
    if (r.level === 'apartment') {
      const parent = ref(r.parent) ?? ''
      const b = byRef.get(parent) ?? entranceOf.get(parent)?.building
      b?.taken.add(String(r.name).replace(/^кв\.\s*/, ''))
    }
  }
  return { objects: { streets, buildings: [...byRef.values()] }, phones }
}

/**
 * Where building `n` of a street stands, roughly: the line through the street's lowest- and
 * highest-numbered demo buildings, continued by number. Undefined with fewer than two (the
 * building then takes its street's point, modules/objects/hooks/location.ts).
 */
function alongStreet(buildings: Building[], street: string, n: number): Point | undefined {
  const known = buildings
    .filter((b) => b.street === street && b.location && Number.parseInt(b.name, 10))
    .map((b) => ({ no: Number.parseInt(b.name, 10), at: b.location! }))
    .sort((a, b) => a.no - b.no)
  if (known.length < 2) return undefined
  const first = known[0]
  const last = known[known.length - 1]
  const k = (n - last.no) / (last.no - first.no)
  const round = (v: number) => Math.round(v * 100_000) / 100_000
  return { lat: round(last.at.lat + (last.at.lat - first.at.lat) * k), lon: round(last.at.lon + (last.at.lon - first.at.lon) * k) }
}

async function loadAll(load: Load, entity: string, rows: Row[]): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < rows.length; i += BATCH) ids.push(...(await load(entity, rows.slice(i, i + BATCH))))
  return ids
}

const capacity = (b: Building) => b.shape[0] * b.shape[1] * b.shape[2] - b.taken.size

/** Next free apartment number of a building, with its entrance, or undefined when full. */
function nextApartment(b: Building): { no: number; entrance: number } | undefined {
  const [entrances, floors, perFloor] = b.shape
  const perEntrance = floors * perFloor
  while (b.next <= entrances * perEntrance) {
    const no = b.next++
    if (!b.taken.has(String(no))) return { no, entrance: Math.ceil(no / perEntrance) }
  }
  return undefined
}

export async function generate(load: Load, refs: Record<string, string>, options: { accounts: number }): Promise<void> {
  const total = Math.max(0, Math.floor(options.accounts))
  if (!total) return
  const random = mulberry32(SEED)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const { objects, phones } = readDemo(refs)
  const buildings = objects.buildings
  if (!buildings.length) throw new Error('generate: no demo buildings among the refs')

  // 1. More apartment buildings on the demo streets when the demo ones cannot hold every account.
  let room = buildings.reduce((n, b) => n + capacity(b), 0)
  const extra: Building[] = []
  const streets = [...objects.streets.keys()].filter((s) => refs[s])
  for (let i = 0; room < total && streets.length; i++) {
    const street = streets[i % streets.length]
    const names = objects.streets.get(street)!
    let n = Math.max(0, ...names.map((x) => Number.parseInt(x, 10) || 0)) + 1
    while (names.includes(String(n))) n++
    names.push(String(n))
    const location = alongStreet(buildings, street, n)
    const b: Building = { ref: `extra_${street}_${n}`, name: String(n), street, location, shape: EXTRA_SHAPES[i % EXTRA_SHAPES.length], entrances: new Map(), taken: new Set(), next: 1 }
    extra.push(b)
    room += capacity(b)
  }
  if (extra.length) {
    const ids = await loadAll(
      load,
      'object',
      extra.map((b) => ({ name: b.name, level: 'building', parent: refs[b.street], ...(b.location ? { location: b.location, location_approximate: true } : {}), demo: true })),
    )
    extra.forEach((b, i) => (b.id = ids[i]))
    if (refs.uk) {
      const resp = extra.flatMap((b) => ['housing', 'elevators'].map((category) => ({ object: b.id, category, counterparty: refs.uk })))
      await loadAll(load, 'object_responsibility', resp)
    }
    buildings.push(...extra)
  }

  // 2. Apartment slots, taken from the buildings in turn so that a small demo spreads over the city.
  const slots: Array<{ building: Building; no: number; entrance: number }> = []
  let open = buildings.slice()
  while (slots.length < total && open.length) {
    const still: Building[] = []
    for (const b of open) {
      if (slots.length >= total) break
      const apt = nextApartment(b)
      if (!apt) continue
      slots.push({ building: b, ...apt })
      still.push(b)
    }
    open = still
  }

  // 3. The entrances the slots need and do not have yet.
  const missing: Array<{ building: Building; no: number }> = []
  const seen = new Set<string>()
  for (const s of slots) {
    const key = `${s.building.ref}/${s.entrance}`
    if (s.building.entrances.has(s.entrance) || seen.has(key)) continue
    seen.add(key)
    missing.push({ building: s.building, no: s.entrance })
  }
  const entranceIds = await loadAll(load, 'object', missing.map((e) => ({ name: `підʼїзд ${e.no}`, level: 'entrance', parent: e.building.id, demo: true })))
  missing.forEach((e, i) => e.building.entrances.set(e.no, entranceIds[i]))

  // 4. Apartments.
  const apartmentIds = await loadAll(load, 'object', slots.map((s) => ({ name: `кв. ${s.no}`, level: 'apartment', parent: s.building.entrances.get(s.entrance), demo: true })))

  // 5. Households: the holder, often a spouse, sometimes a grown-up child or a parent.
  const phone = () => {
    for (;;) {
      const p = `+380${pick(MOBILE_PREFIXES)}${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`
      if (!phones.has(p)) {
        phones.add(p)
        return p
      }
    }
  }
  const households: number[][] = [] // contact row indexes per account
  const contacts: Row[] = []
  const person = (male: boolean, surname: [string, string], fatherOf: (typeof MEN)[number], withPhone: boolean, apartment: string) => {
    const first = male ? pick(MEN)[0] : pick(WOMEN)
    const row: Row = { full_name: `${surname[male ? 0 : 1]} ${first} ${fatherOf[male ? 1 : 2]}`, addresses: [apartment], demo: true }
    if (withPhone) row.phone = phone()
    contacts.push(row)
    return contacts.length - 1
  }
  for (let i = 0; i < slots.length; i++) {
    const apartment = apartmentIds[i]
    const surname = pick(SURNAMES)
    const size = random() < 0.35 ? 1 : random() < 0.7 ? 2 : 3
    const holderMale = random() < 0.45
    const members = [person(holderMale, surname, pick(MEN), true, apartment)]
    if (size >= 2) members.push(person(!holderMale, random() < 0.9 ? surname : pick(SURNAMES), pick(MEN), random() < 0.9, apartment))
    if (size >= 3) {
      const father = MEN.find((m) => (contacts[members[holderMale ? 0 : 1]].full_name as string).split(' ')[1] === m[0]) ?? pick(MEN)
      members.push(person(random() < 0.5, surname, father, random() < 0.6, apartment))
    }
    households.push(members)
  }
  const contactIds = await loadAll(load, 'contact', contacts)

  // 6. Personal accounts.
  await loadAll(
    load,
    'personal_account',
    slots.map((_, i) => ({
      number: String(FIRST_ACCOUNT + i),
      apartment: apartmentIds[i],
      holder: contactIds[households[i][0]],
      residents: households[i].map((c) => contactIds[c]),
      demo: true,
    })),
  )
}
