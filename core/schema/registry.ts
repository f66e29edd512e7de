/**
 * A named collection of pluggable things (field types, widgets, triggers, connectors...).
 * Lookups of unknown names throw, so a typo in metadata fails loudly with the known names.
 *
 * @example
 * const widgets = new Registry<Widget>('widget')
 * widgets.register('text', textWidget)
 * widgets.get('txt') // Error: Unknown widget "txt". Known: text
 */
export class Registry<T> {
  readonly #items = new Map<string, T>()

  /** @param kind what the items are, for error messages ("field type", "widget"). */
  constructor(readonly kind: string) {}

  /** Adds an item. Registering a name twice throws: two modules silently fighting is worse. */
  register(name: string, item: T): this {
    if (this.#items.has(name)) throw new Error(`${capitalise(this.kind)} "${name}" is already registered`)
    this.#items.set(name, item)
    return this
  }

  /** The item registered under `name`; throws a clear error for an unknown name. */
  get(name: string): T {
    const item = this.#items.get(name)
    if (item === undefined) {
      throw new Error(`Unknown ${this.kind} "${name}". Known: ${this.names().join(', ') || '(none)'}`)
    }
    return item
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.#items.has(name)
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.#items.keys()]
  }
}

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
