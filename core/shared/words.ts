/**
 * Lower-case words of a text as the request type searches match them (the operator's picker,
 * the chatbot): letters and digits of any script, the apostrophe of підʼїзд kept inside a word.
 *
 * @example words("Під'їзд №3, світло") // ['підʼїзд', '3', 'світло']
 */
export function words(text: string): string[] {
  return text
    .toLocaleLowerCase('uk')
    .replace(/['’`]/g, 'ʼ')
    .split(/[^\p{L}\p{N}ʼ]+/u)
    .filter(Boolean)
}
