import type { RegistryFieldsType, RegistryWidgetsType, TemplatesType } from '@rjsf/utils'
import { ReferenceWidget } from './ReferenceWidget.js'
import { AddressWidget } from './AddressWidget.js'
import { JsonWidget } from './JsonWidget.js'
import { FileWidget } from './FileWidget.js'
import { DateTimeWidget, DateWidget } from './DateTimeWidget.js'
import { DurationWidget } from './DurationWidget.js'
import { PhoneWidget } from './PhoneWidget.js'
import { ChoiceWidget } from './ChoiceWidget.js'
import { GeoField } from './GeoField.js'
import { SectionsTemplate } from './SectionsTemplate.js'
import { AddButton, RemoveButton } from './Buttons.js'
import '../components/record.css'

/**
 * Our rjsf theme: widgets by name (form/schema.ts picks them by field type; a `form`'s
 * `uiSchema: { <field>: { "ui:widget": "<name>" } }` may choose another of WIDGET_NAMES),
 * the geo point field, the sections layout, worded buttons.
 */
export const widgets: RegistryWidgetsType = {
  reference: ReferenceWidget,
  address: AddressWidget,
  json: JsonWidget,
  vikno_file: FileWidget,
  DateTimeWidget,
  DateWidget,
  datetime: DateTimeWidget,
  duration: DurationWidget,
  phone: PhoneWidget,
  buttons: ChoiceWidget,
}
export const fields: RegistryFieldsType = { geo: GeoField }

/** Widgets a form's uiSchema may name, besides rjsf's own (`select`, `radio`, `textarea`, `text`, …). */
export const WIDGET_NAMES = ['reference', 'address', 'json', 'vikno_file', 'datetime', 'duration', 'phone', 'buttons', 'select', 'radio', 'textarea', 'text'] as const

export const templates = {
  ObjectFieldTemplate: SectionsTemplate,
  ButtonTemplates: { AddButton, RemoveButton },
} as unknown as Partial<TemplatesType>
