/**
 * Text format 0.0.4 straight to the UTF-8 a scrape response or a push
 * sends. Series that have not changed keep their lines as bytes and are
 * copied into the output as they are; joining the text and transcoding it
 * again cost more than everything else an unchanged scrape does.
 */
import type { MetricData } from '../data.js'
import { writeFamilies, type LineSink } from './lines.js'
import { utf8Length, type SeriesText } from './series-text.js'
import type { TextExpositionOptions } from './text.js'

const utf8 = new TextEncoder()

/**
 * The bytes of `encodeTextExposition(metrics, options)` in UTF-8, made
 * without the string: the same text, byte for byte.
 * @example
 * const body = encodeTextExpositionBytes(telemetry.collect())
 * new Response(body, { headers: { 'content-type': TEXT_EXPOSITION_CONTENT_TYPE } })
 */
export function encodeTextExpositionBytes(metrics: readonly MetricData[], options: TextExpositionOptions = {}): Uint8Array<ArrayBuffer> {
  const sink = new ByteSink()
  writeFamilies(metrics, options.extraLabels, sink)
  return sink.bytes()
}

/**
 * Collects the pieces and their total size first, so the output is one
 * buffer of the exact size, written once: growing it would copy it again,
 * and at hundreds of kilobytes each copy costs as much as the rest.
 *
 * When every series of a family turns out unchanged in the same call, their
 * bytes are laid out in one block that each of them points into; from then
 * on kept series that follow each other in a block are copied as one run,
 * one `set` per family instead of one per series, which takes about a third
 * off the copying. Only then: a block lives while any of its series keeps
 * it, and a series that later changes lets go of just its own part, so at
 * most one block per family is ever held. Lines of a family that is only
 * partly unchanged are kept one series at a time.
 */
class ByteSink implements LineSink {
  readonly #pieces: Array<Uint8Array | string> = []
  #size = 0
  /** Kept bytes not yet in `#pieces`: `#run` from `#runStart` to `#runEnd`. */
  #run: Uint8Array | undefined = undefined
  #runStart = 0
  #runEnd = 0
  /** Where the current family's series start in `#pieces`. */
  #first = 0
  /** Series of the current family found unchanged this call with no bytes yet, and where their lines wait in `#pieces`. */
  readonly #pending: SeriesText[] = []
  readonly #pendingAt: number[] = []
  /** Whether every series of the current family so far is pending. */
  #allPending = true

  head(lines: string): void {
    this.#text(lines)
    this.#first = this.#pieces.length
    this.#allPending = true
  }

  kept(series: SeriesText): boolean {
    const bytes = series.bytes
    if (bytes === undefined) return false
    const { start, end } = series
    this.#size += end - start
    this.#allPending = false
    if (bytes === this.#run && start === this.#runEnd) {
      this.#runEnd = end
      return true
    }
    this.#endRun()
    this.#run = bytes
    this.#runStart = start
    this.#runEnd = end
    return true
  }

  fresh(series: SeriesText, lines: string, same: boolean): void {
    this.#endRun()
    this.#pieces.push(lines)
    // Values are ASCII; only the prefixes can hold longer characters.
    this.#size += lines.length + series.surplus
    if (same) {
      this.#pending.push(series)
      this.#pendingAt.push(this.#pieces.length - 1)
    } else this.#allPending = false
  }

  end(): void {
    const pending = this.#pending
    if (pending.length > 0) {
      if (this.#allPending) this.#keepAsBlock(pending)
      else this.#keepEach(pending)
      pending.length = 0
      this.#pendingAt.length = 0
    }
    this.#text('\n')
  }

  /** Copies the pieces into one buffer. */
  bytes(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.#size)
    let at = 0
    for (const piece of this.#pieces) {
      if (typeof piece === 'string') {
        at += utf8.encodeInto(piece, out.subarray(at)).written
      } else {
        out.set(piece, at)
        at += piece.length
      }
    }
    return out
  }

  #text(piece: string): void {
    this.#endRun()
    this.#pieces.push(piece)
    this.#size += utf8Length(piece)
  }

  #endRun(): void {
    const run = this.#run
    if (run === undefined) return
    this.#pieces.push(this.#runStart === 0 && this.#runEnd === run.length ? run : run.subarray(this.#runStart, this.#runEnd))
    this.#run = undefined
  }

  /** The family's series are exactly the pending ones, their lines its last pieces: one block replaces them all. */
  #keepAsBlock(pending: readonly SeriesText[]): void {
    const pieces = this.#pieces
    const first = this.#first
    let size = 0
    for (let i = 0; i < pending.length; i++) size += (pieces[first + i] as string).length + (pending[i] as SeriesText).surplus
    const block = new Uint8Array(size)
    let at = 0
    for (let i = 0; i < pending.length; i++) {
      const series = pending[i] as SeriesText
      series.bytes = block
      series.start = at
      at += utf8.encodeInto(pieces[first + i] as string, block.subarray(at)).written
      series.end = at
    }
    pieces.length = first
    pieces.push(block)
  }

  #keepEach(pending: readonly SeriesText[]): void {
    for (let i = 0; i < pending.length; i++) {
      const at = this.#pendingAt[i] as number
      const bytes = utf8.encode(this.#pieces[at] as string)
      const series = pending[i] as SeriesText
      series.bytes = bytes
      series.start = 0
      series.end = bytes.length
      this.#pieces[at] = bytes
    }
  }
}
