import type { ObjectFieldTemplateProps } from '@rjsf/utils'

interface SectionOption {
  title?: string
  /** Columns on wide screens (the form's `columns`); narrow screens stack the fields. */
  columns?: number
  fields: string[]
}

/**
 * The record's top level laid out in the `form` metadata's sections (fieldsets with their
 * titles); nested objects (a request type's extra fields, a geo point) keep a plain layout.
 */
export function SectionsTemplate(props: ObjectFieldTemplateProps) {
  const sections = (props.uiSchema?.['ui:options'] as { sections?: SectionOption[] } | undefined)?.sections
  const byName = new Map(props.properties.map((p) => [p.name, p]))
  if (!sections) {
    return (
      <fieldset className="nested" id={props.fieldPathId.$id}>
        {props.title && <legend>{props.title}</legend>}
        <div className="grid">
          {props.properties.map((p) =>
            p.hidden ? null : (
              <div key={p.name} className="cell">
                {p.content}
              </div>
            )
          )}
        </div>
      </fieldset>
    )
  }
  return (
    <div className="sections">
      {sections.map((s, i) => (
        <fieldset key={i} className="section">
          {s.title && <legend>{s.title}</legend>}
          <div className={s.columns ? `grid cols-${s.columns}` : 'grid'}>
            {s.fields.map((name) => {
              const p = byName.get(name)
              return p && !p.hidden ? (
                <div key={name} className={`cell cell-${name}`}>
                  {p.content}
                </div>
              ) : null
            })}
          </div>
        </fieldset>
      ))}
    </div>
  )
}
