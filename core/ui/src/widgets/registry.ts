import type { RegistryWidgetsType, TemplatesType } from '@rjsf/utils'
import { ReferenceWidget } from './ReferenceWidget.js'
import { JsonWidget } from './JsonWidget.js'
import { FileWidget } from './FileWidget.js'
import { DateTimeWidget } from './DateTimeWidget.js'
import { SectionsTemplate } from './SectionsTemplate.js'
import { AddButton, RemoveButton } from './Buttons.js'

/** Our rjsf theme: widgets by name (form/schema.ts refers to them), the sections layout, worded buttons. */
export const widgets: RegistryWidgetsType = { reference: ReferenceWidget, json: JsonWidget, vikno_file: FileWidget, DateTimeWidget }
export const templates = {
  ObjectFieldTemplate: SectionsTemplate,
  ButtonTemplates: { AddButton, RemoveButton },
} as unknown as Partial<TemplatesType>
