/** Words of the rollback confirmation (Revisions.tsx). */
export const uk = {
  rollback: {
    title: 'Повернення до редакції {{revision}}',
    changes: 'Що зміниться в метаданих:',
    noChanges: 'Документи не зміняться.',
    ops: { added: 'зʼявиться', changed: 'зміниться', removed: 'зникне' },
    dataKept: 'Дані записів зберігаються; колонки, яких немає в тій редакції, залишаються в базі.',
    cancel: 'Скасувати',
    checking: 'Перевіряємо, що зміниться…',
  },
}

export const en = {
  rollback: {
    title: 'Rolling back to revision {{revision}}',
    changes: 'What changes in the metadata:',
    noChanges: 'No document changes.',
    ops: { added: 'appears', changed: 'changes', removed: 'disappears' },
    dataKept: 'Record data is kept; columns missing from that revision stay in the database.',
    cancel: 'Cancel',
    checking: 'Checking what changes…',
  },
}
