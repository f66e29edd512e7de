/** Words of the publish plan's database actions (planWords.ts). */
export const uk = {
  plan: {
    kinds: {
      create_table: 'Створити таблицю {{table}} для сутності {{entity}} (колонок: {{count}})',
      add_column: 'Додати колонку {{table}}.{{column}}',
      alter_column_type: 'Змінити тип колонки {{table}}.{{column}}',
      set_search_columns: 'Оновити пошук по таблиці {{table}}',
      drop_column: 'Видалити колонку {{table}}.{{column}} (поле прибрано з метаданих)',
      create_join_table: 'Створити таблицю звʼязків {{table}}',
      drop_table: 'Видалити таблицю {{table}} (прибрано з метаданих)',
      add_index: 'Створити індекс {{index}} у таблиці {{table}}',
      drop_index: 'Видалити індекс {{index}} у таблиці {{table}}',
      add_foreign_key: 'Додати звʼязок {{table}}.{{column}}',
      drop_foreign_key: 'Видалити звʼязок {{table}}.{{column}}',
    },
  },
}

export const en: typeof uk = {
  plan: {
    kinds: {
      create_table: 'Create table {{table}} for entity {{entity}} ({{count}} columns)',
      add_column: 'Add column {{table}}.{{column}}',
      alter_column_type: 'Change the type of {{table}}.{{column}}',
      set_search_columns: 'Update the search of {{table}}',
      drop_column: 'Drop column {{table}}.{{column}} (field removed from metadata)',
      create_join_table: 'Create join table {{table}}',
      drop_table: 'Drop table {{table}} (removed from metadata)',
      add_index: 'Create index {{index}} on {{table}}',
      drop_index: 'Drop index {{index}} on {{table}}',
      add_foreign_key: 'Add foreign key {{table}}.{{column}}',
      drop_foreign_key: 'Drop foreign key {{table}}.{{column}}',
    },
  },
}
