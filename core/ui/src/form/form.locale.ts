/** Words of the unsaved-draft notice on forms (core/ui/src/form/draft.ts) and of the date fields' format. */
export const uk = {
  widget: {
    dateTimeFormat: 'дд.мм.рррр гг:хх',
    dateTimePlaceholder: 'дд.мм.рррр гг:хх',
    dayFormat: 'дд.мм.рррр',
    dayPlaceholder: 'дд.мм.рррр',
  },
  draft: {
    restored: 'Відновлено незбережену чернетку.',
    discard: 'Відкинути чернетку',
  },
}

export const en = {
  widget: {
    dateTimeFormat: 'dd.mm.yyyy hh:mm',
    dateTimePlaceholder: 'dd.mm.yyyy hh:mm',
    dayFormat: 'dd.mm.yyyy',
    dayPlaceholder: 'dd.mm.yyyy',
  },
  draft: {
    restored: 'An unsaved draft was restored.',
    discard: 'Discard the draft',
  },
}
