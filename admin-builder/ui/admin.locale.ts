/** The admin builder's frame words; each designer adds its own `*.locale.ts`. */
export const uk = {
  admin: {
    tabs: 'Вкладки конструктора',
    noDraft: 'Змін немає: показано опубліковану конфігурацію',
    draftChanges_one: 'Чернетка: {{count}} зміна',
    draftChanges_few: 'Чернетка: {{count}} зміни',
    draftChanges_many: 'Чернетка: {{count}} змін',
    draftChanges_other: 'Чернетка: {{count}} змін',
    draftProblems_one: '{{count}} помилка',
    draftProblems_few: '{{count}} помилки',
    draftProblems_many: '{{count}} помилок',
    draftProblems_other: '{{count}} помилок',
    revision: 'опублікована редакція {{revision}}',
    conflict: 'Чернетку змінив інший адміністратор. Перезавантажте її, щоб не затерти його зміни.',
  },
}
export const en = {
  admin: {
    tabs: 'Builder sections',
    noDraft: 'No changes: the published configuration is shown',
    draftChanges_one: 'Draft: {{count}} change',
    draftChanges_other: 'Draft: {{count}} changes',
    draftProblems_one: '{{count}} problem',
    draftProblems_other: '{{count}} problems',
    revision: 'published revision {{revision}}',
    conflict: 'Another administrator changed the draft. Reload it so as not to overwrite their changes.',
  },
}
