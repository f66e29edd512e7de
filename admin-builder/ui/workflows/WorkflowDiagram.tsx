import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ReactFlow, Background, Controls, MarkerType, Position, type Edge, type Node } from '@xyflow/react'
import '@xyflow/react/dist/style.css'

type Label = { uk: string; en?: string }
export interface WfState {
  label: Label
  category: string
}
export interface WfTransition {
  label?: Label
  from: string[]
  to: string
  roles?: string[]
  guard?: unknown
  requiredFields?: string[]
  fields?: string[]
  actions?: Array<{ type: string; [k: string]: unknown }>
}

/** Columns by distance from the initial state (unreachable states in a last column), rows in order. */
function layout(initial: string, states: Record<string, WfState>, transitions: Record<string, WfTransition>) {
  const depth = new Map<string, number>([[initial, 0]])
  const queue = [initial]
  while (queue.length) {
    const s = queue.shift()!
    for (const t of Object.values(transitions)) {
      if (t.from.includes(s) && states[t.to] && !depth.has(t.to)) {
        depth.set(t.to, depth.get(s)! + 1)
        queue.push(t.to)
      }
    }
  }
  const last = Math.max(0, ...depth.values()) + 1
  const rows = new Map<number, number>()
  const out = new Map<string, { x: number; y: number }>()
  for (const key of Object.keys(states)) {
    const col = depth.get(key) ?? last
    const row = rows.get(col) ?? 0
    rows.set(col, row + 1)
    out.set(key, { x: col * 260, y: row * 130 + (col % 2) * 50 })
  }
  return { positions: out, unreachable: new Set(Object.keys(states).filter((k) => !depth.has(k))) }
}

/** The workflow drawn: states as boxes coloured by category, transitions as labelled arrows; clicking selects. */
export function WorkflowDiagram(props: {
  initial: string
  states: Record<string, WfState>
  transitions: Record<string, WfTransition>
  lang: string
  selected?: { kind: 'state' | 'transition'; key: string }
  onSelect(sel: { kind: 'state' | 'transition'; key: string }): void
  ariaLabel: string
}) {
  const { initial, states, transitions, lang, selected } = props
  const { t } = useTranslation()
  const aria = useMemo(
    () => ({
      'node.a11yDescription.default': t('wf.a11y.node'),
      'node.a11yDescription.keyboardDisabled': t('wf.a11y.node'),
      'edge.a11yDescription.default': t('wf.a11y.edge'),
      'controls.ariaLabel': t('wf.a11y.controls'),
      'controls.zoomIn.ariaLabel': t('wf.a11y.zoomIn'),
      'controls.zoomOut.ariaLabel': t('wf.a11y.zoomOut'),
      'controls.fitView.ariaLabel': t('wf.a11y.fitView'),
    }),
    [t]
  )
  const pick = (l: Label | undefined, k: string) => (l ? (lang === 'en' ? l.en : l.uk) || l.uk : k)
  const { nodes, edges } = useMemo(() => {
    const { positions, unreachable } = layout(initial, states, transitions)
    const nodes: Node[] = Object.entries(states).map(([key, s]) => ({
      id: key,
      position: positions.get(key)!,
      data: { label: `${pick(s.label, key)}${key === initial ? ' ▶' : ''}` },
      className: `wf-node cat-${s.category}${unreachable.has(key) ? ' unreachable' : ''}${selected?.kind === 'state' && selected.key === key ? ' selected' : ''}`,
      ariaLabel: pick(s.label, key),
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    }))
    const edges: Edge[] = Object.entries(transitions).flatMap(([key, t]) =>
      t.from
        .filter((f) => states[f] && states[t.to])
        .map((f) => ({
          id: `${key}:${f}`,
          source: f,
          target: t.to,
          label: pick(t.label, key),
          ariaLabel: `${pick(t.label, key)}: ${pick(states[f].label, f)} → ${pick(states[t.to].label, t.to)}`,
          markerEnd: { type: MarkerType.ArrowClosed },
          className: selected?.kind === 'transition' && selected.key === key ? 'selected-edge' : undefined,
          data: { transition: key },
        }))
    )
    return { nodes, edges }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial, states, transitions, lang, selected])
  return (
    <div className="wf-diagram" role="figure" aria-label={props.ariaLabel}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={aria}
        onNodeClick={(_, n) => props.onSelect({ kind: 'state', key: n.id })}
        onEdgeClick={(_, e) => props.onSelect({ kind: 'transition', key: String(e.data?.transition) })}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  )
}
