/**
 * The Ukrainian hunspell dictionary (the `dictionary-uk` package) as PostgreSQL's ispell
 * template reads it, for the embedded database: PGlite has no Debian package to install, but
 * its share folder lives in a writable in-memory file system, so the files are written there
 * at every start (they are not persisted) before anything uses the `vikno_uk_ispell` dictionary.
 * The server database gets the same treatment from bin/install_uk_dictionary.sh.
 */
import { APOSTROPHE } from '#core/schema/search_setup'

/** Where PGlite 0.5's PostgreSQL looks for dictionary files (its SHAREDIR + tsearch_data). */
export const PGLITE_TSEARCH_DIR = '/pglite/share/postgresql/tsearch_data'

const APOSTROPHES = /['\u2019`]/g

/**
 * `uk_ua.affix` and `uk_ua.dict` text. Like bin/install_uk_dictionary.sh, apostrophes in word
 * text become ʼ (PostgreSQL's parser splits words at ' but keeps ʼ), and only word text is
 * touched: the part before `/` in the .dic, and the strip / add / condition fields of affix
 * rules (the same characters also serve as flag names).
 */
export async function ukDictionaryFiles(): Promise<{ affix: string; dict: string }> {
  const { default: dictionary } = await import('dictionary-uk')
  const dic = Buffer.from(dictionary.dic).toString('utf8')
  const aff = Buffer.from(dictionary.aff).toString('utf8')
  const dict = dic.replace(/^[^/\r\n]*/gm, (word) => word.replace(APOSTROPHES, APOSTROPHE))
  const affix = aff
    .split('\n')
    .map((line) => {
      if (!/^(SFX|PFX)\s/.test(line)) return line
      const parts = line.split(/(\s+)/)
      const words = parts.filter((p) => p && !/^\s+$/.test(p))
      if (words.length < 5 || /^[YN]$/.test(words[2])) return line // a rule header
      let n = 0
      return parts.map((p) => (!p || /^\s+$/.test(p) ? p : ++n >= 3 && n <= 5 ? p.replace(APOSTROPHES, APOSTROPHE) : p)).join('')
    })
    .join('\n')
  return { affix, dict }
}

/** The part of PGlite's Emscripten module used here (not in its public types). */
interface WithFs {
  mod?: { FS?: { writeFile(path: string, data: string): void } }
}

/**
 * Writes the dictionary files into a started PGlite's share folder; false (and a `simple`
 * configuration, as on a server without the dictionary) when the file system is not reachable.
 */
export async function installUkDictionary(db: object): Promise<boolean> {
  const fs = (db as WithFs).mod?.FS
  if (!fs) return false
  const { affix, dict } = await ukDictionaryFiles()
  fs.writeFile(`${PGLITE_TSEARCH_DIR}/uk_ua.affix`, affix)
  fs.writeFile(`${PGLITE_TSEARCH_DIR}/uk_ua.dict`, dict)
  return true
}
