/** Words of the unsaved-draft notice on forms (core/ui/src/form/draft.ts). */
export const uk = {
  draft: {
    restored: 'Відновлено незбережену чернетку.',
    discard: 'Відкинути чернетку',
  },
}

export const en = {
  draft: {
    restored: 'An unsaved draft was restored.',
    discard: 'Discard the draft',
  },
}
