/** Words of the editing parts the designers share (admin-builder/ui/common/EditorParts.tsx). */
export const uk = {
  ab: {
    uk: 'Українською',
    en: 'Англійською',
    problems: 'Що треба виправити',
    saveDraft: 'Зберегти в чернетку',
    discard: 'Скасувати зміни',
    unsaved: 'Є незбережені зміни',
    loading: 'Завантаження…',
    publishing: 'Публікація',
    publish: 'Опублікувати чернетку',
    published: 'Опубліковано: редакція {{revision}}.',
    confirmDestructive: 'Підтверджую зміну, що видалить дані',
    up: 'Вище',
    down: 'Нижче',
  },
}

export const en = {
  ab: {
    uk: 'In Ukrainian',
    en: 'In English',
    problems: 'What to fix',
    saveDraft: 'Save to draft',
    discard: 'Discard changes',
    unsaved: 'Unsaved changes',
    loading: 'Loading…',
    publishing: 'Publishing',
    publish: 'Publish the draft',
    published: 'Published: revision {{revision}}.',
    confirmDestructive: 'I confirm a change that deletes data',
    up: 'Up',
    down: 'Down',
  },
}
