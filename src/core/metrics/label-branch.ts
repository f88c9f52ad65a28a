/**
 * One level of a metric's series tree: the children by label value, with the
 * child found last kept aside. Consecutive writes tend to repeat a value (one
 * route per Lambda function, `GET` far more than the rest), and comparing one
 * string is cheaper than a Map lookup; a differing length rules a value out
 * without comparing characters.
 */
export class LabelBranch<T> {
  readonly #children = new Map<string, T>()
  // Invariant: #lastChild is #children.get(#lastValue). No child exists before the first set.
  #lastValue = ''
  #lastChild: T | undefined = undefined

  /** The child for `value`, or undefined when there is none yet. */
  get(value: string): T | undefined {
    const last = this.#lastValue
    if (value.length === last.length && value === last) return this.#lastChild
    const child = this.#children.get(value)
    if (child !== undefined) {
      this.#lastValue = value
      this.#lastChild = child
    }
    return child
  }

  set(value: string, child: T): void {
    this.#children.set(value, child)
    this.#lastValue = value
    this.#lastChild = child
  }
}
