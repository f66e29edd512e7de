import { useCallback, useEffect, useRef, useState } from 'react'
import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { Combobox } from './Combobox.js'
import { ReferenceWidget } from './ReferenceWidget.js'
import { ADDRESS_LEVELS, addressOf, addressOptions, type Address, type AddressLevel } from './address.js'

/**
 * rjsf widget of references to `object`: street › building › apartment, each typed to filter
 * and chosen with the keyboard; choosing a level moves the focus to the next one. The value is
 * the innermost object chosen. An object that is not on a street (a city asset) falls back to
 * the plain reference picker.
 */
export function AddressWidget(props: WidgetProps) {
  const { t } = useTranslation()
  const value = typeof props.value === 'string' && props.value ? props.value : undefined
  const [address, setAddress] = useState<Address>({})
  const [plain, setPlain] = useState(false)
  const [loaded, setLoaded] = useState<string | undefined>()
  const inputs = useRef<Partial<Record<AddressLevel, HTMLDivElement | null>>>({})

  // a value set from outside (a loaded record, a prefill) is walked up to its street
  useEffect(() => {
    if (!value) {
      setAddress({})
      setPlain(false)
      setLoaded(undefined)
      return
    }
    const inner = address.apartment?.id ?? address.building?.id ?? address.street?.id
    if (value === inner || value === loaded) return
    let live = true
    addressOf(value)
      .then((a) => live && (a ? (setAddress(a), setPlain(false)) : setPlain(true), setLoaded(value)))
      .catch(() => live && setPlain(true))
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])

  const loaders = {
    street: useCallback((text: string) => addressOptions('street', undefined, text), []),
    building: useCallback((text: string) => addressOptions('building', address.street?.id, text), [address.street?.id]),
    apartment: useCallback((text: string) => addressOptions('apartment', address.building?.id, text), [address.building?.id]),
  }
  if (plain) return <ReferenceWidget {...props} />

  const choose = (level: AddressLevel, option: { id: string; name: string } | null) => {
    const i = ADDRESS_LEVELS.indexOf(level)
    const next: Address = {}
    for (const l of ADDRESS_LEVELS.slice(0, i)) next[l] = address[l]
    if (option) next[level] = option
    setAddress(next)
    const inner = next.apartment ?? next.building ?? next.street
    setLoaded(inner?.id)
    props.onChange(inner?.id)
    const following = ADDRESS_LEVELS[i + 1]
    if (option && following) setTimeout(() => inputs.current[following]?.querySelector('input')?.focus(), 0)
  }
  const disabled = props.disabled || props.readonly
  const names: Record<AddressLevel, string> = { street: t('widget.street'), building: t('widget.building'), apartment: t('widget.apartment') }
  return (
    <div className="address" role="group" aria-label={props.label} id={`${props.id}__group`}>
      {ADDRESS_LEVELS.map((level, i) => {
        const above = i === 0 ? true : !!address[ADDRESS_LEVELS[i - 1]]
        return (
          <div key={level} className="address-level" ref={(el) => void (inputs.current[level] = el)}>
            <span className="address-caption" aria-hidden="true">
              {names[level]}
            </span>
            <Combobox
              id={i === 0 ? props.id : `${props.id}__${level}`}
              label={`${props.label}: ${names[level]}`}
              current={address[level]?.name ?? ''}
              load={loaders[level]}
              onChoose={(o) => choose(level, o)}
              disabled={disabled || !above}
              invalid={!!props.rawErrors?.length}
              describedBy={props.rawErrors?.length ? `${props.id}__error` : undefined}
              placeholder={t('widget.typeToFilter')}
            />
          </div>
        )
      })}
    </div>
  )
}
