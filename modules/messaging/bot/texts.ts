/**
 * The bot's phrases, Ukrainian first, English for residents whose messenger speaks English.
 * A bot document overrides any of them by name (`texts`); `{name}` placeholders are filled in.
 */
import type { Label } from '#core/shared/metadata'
import type { BotDoc, Lang } from './types.js'

export const TEXTS = {
  menu_prompt: { uk: 'Оберіть, що вас цікавить:', en: 'What would you like to do?' },
  menu: { uk: 'Меню', en: 'Menu' },
  ask_problem: { uk: 'Опишіть коротко, що сталося (наприклад: «немає холодної води»).', en: 'Describe briefly what happened (e.g. "no cold water").' },
  choose_type: { uk: 'Оберіть тип звернення:', en: 'Choose the kind of request:' },
  no_types: { uk: 'Не вдалося визначити тип звернення. Оберіть категорію:', en: 'Could not tell the kind of request. Choose a category:' },
  other_category: { uk: 'Інша категорія', en: 'Another category' },
  kb_found: { uk: 'Ось що може допомогти:', en: 'This may help:' },
  kb_helped_q: { uk: 'Це допомогло?', en: 'Did it help?' },
  kb_helped: { uk: 'Це допомогло', en: 'It helped' },
  kb_register: { uk: 'Зареєструвати звернення', en: 'File a request' },
  kb_thanks: { uk: 'Радо допомогли! Звертайтеся.', en: 'Glad to help!' },
  kb_ask: { uk: 'Напишіть ваше питання:', en: 'Type your question:' },
  kb_none: { uk: 'На жаль, відповіді не знайшлося.', en: 'Sorry, no answer was found.' },
  ask_phone: { uk: 'Щоб продовжити, поділіться, будь ласка, номером телефону (кнопка нижче).', en: 'To go on, please share your phone number (the button below).' },
  phone_unknown: { uk: 'Не вдалося визначити ваш номер. Поділіться контактом кнопкою нижче.', en: 'Could not read your number. Share your contact with the button below.' },
  skip: { uk: 'Пропустити', en: 'Skip' },
  yes: { uk: 'Так', en: 'Yes' },
  no: { uk: 'Ні', en: 'No' },
  bad_answer: { uk: 'Відповідь не підходить: {error}. Спробуйте ще раз.', en: 'This answer does not fit: {error}. Please try again.' },
  required: { uk: 'Це обовʼязкове питання, його не можна пропустити.', en: 'This question is required.' },
  use_buttons: { uk: 'Оберіть один із варіантів кнопками.', en: 'Please choose one of the buttons.' },
  bad_date: { uk: 'Не вдалося розпізнати дату. Напишіть, наприклад: «сьогодні 10:00» або «05.12 08:30».', en: 'Could not read the date. Write e.g. "today 10:00" or "05.12 08:30".' },
  ask_description: { uk: 'Опишіть проблему детальніше (або натисніть «Пропустити»).', en: 'Describe the problem in more detail (or press "Skip").' },
  ask_photo: { uk: 'Надішліть фото, якщо є (або натисніть «Пропустити»).', en: 'Send a photo if you have one (or press "Skip").' },
  bad_photo: { uk: 'Потрібне зображення до 10 МБ. Надішліть фото або натисніть «Пропустити».', en: 'An image up to 10 MB is needed. Send a photo or press "Skip".' },
  ask_address: { uk: 'Надішліть геолокацію або напишіть адресу: вулиця, будинок, квартира.', en: 'Share your location or type the address: street, building, flat.' },
  address_not_found: {
    uk: 'Адресу не знайдено. Напишіть вулицю і номер будинку, наприклад: «Київська 12, кв. 5».',
    en: 'Address not found. Type the street and the building number, e.g. "Kyivska 12, flat 5".',
  },
  address_choose: { uk: 'Уточніть адресу:', en: 'Which address?' },
  address_set: { uk: 'Адреса: {address}', en: 'Address: {address}' },
  duplicate: {
    uk: 'За цією адресою вже усувають: {type} (звернення {number}, {state}). Підписатися на його оновлення?',
    en: 'This is already being fixed at this address: {type} (request {number}, {state}). Subscribe to its updates?',
  },
  duplicate_yes: { uk: 'Так, підписатися', en: 'Yes, subscribe' },
  duplicate_no: { uk: 'Ні, окреме звернення', en: 'No, a separate request' },
  summary: { uk: 'Перевірте, будь ласка, звернення:', en: 'Please check your request:' },
  confirm: { uk: 'Підтвердити', en: 'Confirm' },
  cancel: { uk: 'Скасувати', en: 'Cancel' },
  cancelled: { uk: 'Скасовано, нічого не зареєстровано.', en: 'Cancelled: nothing was filed.' },
  registered: { uk: 'Звернення зареєстровано, номер {number}. Ми повідомимо вас про зміни.', en: 'Your request is filed, number {number}. We will let you know of changes.' },
  subscribed_master: { uk: 'Ви отримаєте повідомлення, щойно звернення {master} буде вирішено.', en: 'You will be told as soon as request {master} is resolved.' },
  my_none: { uk: 'У вас немає відкритих звернень.', en: 'You have no open requests.' },
  my_title: { uk: 'Ваші відкриті звернення:', en: 'Your open requests:' },
  operator: { uk: 'Зʼєдную з оператором. Напишіть ваше питання — вам відповідять тут.', en: 'Connecting you to an operator. Type your question: the answer comes here.' },
  news_ask_address: { uk: 'Напишіть адресу, новини за якою хочете отримувати (вулиця, будинок).', en: 'Type the address you want news for (street, building).' },
  news_subscribed: { uk: 'Ви підписані на новини за адресою: {address}.', en: 'You are subscribed to news for: {address}.' },
  news_unsubscribe: { uk: 'Відписатися від новин', en: 'Unsubscribe from news' },
  news_unsubscribed: { uk: 'Ви відписалися від новин.', en: 'You are unsubscribed from news.' },
  fb_thanks: { uk: 'Дякуємо за оцінку! Додайте коментар, якщо бажаєте (або «Пропустити»).', en: 'Thank you for the rating! Add a comment if you like (or "Skip").' },
  fb_reopened: { uk: 'Звернення {number} повернуто в роботу. Опишіть, що саме не так (або «Пропустити»).', en: 'Request {number} is back in work. Tell us what is wrong (or "Skip").' },
  fb_unsolved_note: { uk: 'Мешканець повідомив у чат-боті: проблему не вирішено.', en: 'The resident said in the chatbot: not solved.' },
  fb_saved: { uk: 'Дякуємо, ваш відгук збережено.', en: 'Thank you, your feedback is saved.' },
  fb_not_possible: { uk: 'Відгук до цього звернення зараз залишити не можна.', en: 'Feedback on this request is not possible now.' },
  fb_unsolved: { uk: 'Не вирішено', en: 'Not solved' },
  status_changed: { uk: 'Ваше звернення {number}: {state}.', en: 'Your request {number}: {state}.' },
  resolved: { uk: 'Ваше звернення {number} вирішено: {resolution}. Оцініть, будь ласка, роботу від 1 до 5:', en: 'Your request {number} is resolved: {resolution}. Please rate the work from 1 to 5:' },
  failed: { uk: 'Не вдалося виконати: {error}. Спробуйте ще раз або зверніться до оператора.', en: 'That did not work: {error}. Try again or ask an operator.' },
} satisfies Record<string, { uk: string; en: string }>

export type TextKey = keyof typeof TEXTS

/** A phrase in the resident's language, the bot's override first, `{name}` filled from `vars`. */
export function say(doc: BotDoc | undefined, lang: Lang, key: TextKey, vars: Record<string, string> = {}): string {
  const label: Label = doc?.texts?.[key] ?? TEXTS[key]
  const text = (lang === 'en' ? label.en : undefined) || label.uk
  return text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m)
}

/** A metadata label in the resident's language. */
export function pick(label: Label | undefined, lang: Lang): string {
  if (!label) return ''
  return (lang === 'en' ? label.en : undefined) || label.uk
}
