/** Words of the knowledge base's reading view (KbArticle.panel.tsx). */
export const uk = {
  kb: {
    reading: 'Стаття',
    types: 'Типи звернень',
    anyType: 'Будь-які',
    validity: 'Чинність',
    from: 'з {{date}}',
    to: 'до {{date}}',
    always: 'Безстроково',
    expired: 'строк минув',
  },
}

export const en: typeof uk = {
  kb: {
    reading: 'Article',
    types: 'Request types',
    anyType: 'Any',
    validity: 'Valid',
    from: 'from {{date}}',
    to: 'until {{date}}',
    always: 'No time limit',
    expired: 'expired',
  },
}
