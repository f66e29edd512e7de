/** Words of the layout's navigation groups (Layout.tsx) and the record page's edit action (RecordPage.tsx). */
export const uk = { app: { technical: 'Службові дані' }, record: { edit: 'Редагувати', closeEditor: 'Закрити редагування' } }
export const en = { app: { technical: 'Technical data' }, record: { edit: 'Edit', closeEditor: 'Close the editor' } }
