/** Words of the builder's page for kinds without a designer (Ukrainian first, English second). */
export const uk = {
  builder: {
    documents: {
      title: 'Інші документи',
      kinds: 'Види документів',
      new: 'Новий документ',
      create: 'Створити',
      pick: 'Оберіть документ ліворуч або створіть новий.',
      missing: 'Такого документа немає в чернетці.',
      json: 'Документ (JSON)',
      syntax: 'Це не JSON: {{message}}',
      delete: 'Видалити документ',
      confirmDelete: 'Видалити «{{key}}» з чернетки?',
    },
    kindNames: { bot: 'Чат-боти' },
  },
}

export const en = {
  builder: {
    documents: {
      title: 'Other documents',
      kinds: 'Document kinds',
      new: 'New document',
      create: 'Create',
      pick: 'Pick a document on the left or create one.',
      missing: 'The draft has no such document.',
      json: 'Document (JSON)',
      syntax: 'Not JSON: {{message}}',
      delete: 'Delete the document',
      confirmDelete: 'Delete “{{key}}” from the draft?',
    },
    kindNames: { bot: 'Chatbots' },
  },
}
