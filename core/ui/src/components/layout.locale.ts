/** Words of the layout's navigation groups (Layout.tsx). */
export const uk = { app: { technical: 'Службові дані' } }
export const en = { app: { technical: 'Technical data' } }
