/** Words of the unsaved-draft notice on forms (core/ui/src/form/draft.ts) and of the date fields' format. */
export const uk = {
  widget: {
    dateTimeFormat: 'дд.мм.рррр гг:хх',
    dateTimePlaceholder: 'дд.мм.рррр гг:хх',
    dayFormat: 'дд.мм.рррр',
    dayPlaceholder: 'дд.мм.рррр',
  },
  record: { required: 'Обовʼязкове поле' },
  draft: {
    restored: 'Відновлено незбережену чернетку.',
    discard: 'Відкинути чернетку',
  },
}

export const en = {
  widget: {
    dateTimeFormat: 'DD.MM.YYYY HH:MM',
    dateTimePlaceholder: 'DD.MM.YYYY HH:MM',
    dayFormat: 'DD.MM.YYYY',
    dayPlaceholder: 'DD.MM.YYYY',
  },
  record: { required: 'Required field' },
  draft: {
    restored: 'An unsaved draft was restored.',
    discard: 'Discard the draft',
  },
}
