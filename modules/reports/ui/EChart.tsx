import { useEffect, useRef } from 'react'
import type { EChartsOption } from 'echarts'
import { init } from './echarts.js'

/**
 * One ECharts instance in a box that fills its parent, drawn as SVG; resized with its box,
 * disposed with the component. `label` names it (role img)
 * until ECharts' aria description, which starts with the same title, replaces it.
 */
export default function EChart({ option, label }: { option: EChartsOption; label: string }) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<ReturnType<typeof init>>(undefined)

  useEffect(() => {
    const el = box.current!
    const instance = init(el, null, { renderer: 'svg' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(el)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = undefined
    }
  }, [])

  useEffect(() => {
    // ECharts then writes its description (the title, the series and the first values) into aria-label
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={box} className="echart" role="img" aria-label={label} />
}
