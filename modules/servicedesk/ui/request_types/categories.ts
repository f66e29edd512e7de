import type { DraftState } from '../../../../admin-builder/ui/DraftContext.js'

type Label = { uk: string; en?: string }

/**
 * The request categories, as the request entity's `category` field lists them (its options and
 * their labels; request types must name one of them): the draft's, so a category added in the
 * entity designer is offered at once.
 */
export function ticketCategories(draft: DraftState): Array<{ key: string; label: Label }> {
  const ticket = draft.doc('entity', 'ticket') as { fields?: Record<string, { options?: string[]; optionLabels?: Record<string, Label> }> } | undefined
  const field = ticket?.fields?.category
  return (field?.options ?? []).map((key) => ({ key, label: field?.optionLabels?.[key] ?? { uk: key } }))
}
