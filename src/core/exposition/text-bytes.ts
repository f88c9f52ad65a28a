/**
 * Text format 0.0.4 straight to the UTF-8 a scrape response or a push
 * sends. Series that have not changed keep their lines as bytes and are
 * copied into the output as they are; joining the text and transcoding it
 * again cost more than everything else an unchanged scrape does.
 */
import type { MetricData } from '../data.js'
import { writeFamilies, type LineSink } from './lines.js'
import { utf8Length, type FamilyTexts, type SeriesText } from './series-text.js'
import type { TextExpositionOptions } from './text.js'

const utf8 = new TextEncoder()

/**
 * The bytes of `encodeTextExposition(metrics, options)` in UTF-8, made
 * without the string: the same text, byte for byte. The result is the
 * caller's own; to write the next output faster the encoder keeps the last
 * one's buffer (about as much memory as the largest recent output).
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
 * The last output, kept to build the next one in: piece `k` of it (see
 * ByteSink) lies at `offsets[k]` in `bytes`. Pieces that are the same at the
 * same place are already there, so an unchanged scrape writes nothing here,
 * and the caller's buffer is made by the typed array copy constructor, which
 * skips the zero fill a new Uint8Array gets: at hundreds of kilobytes, in
 * memory the cache no longer holds, each pass over the output cost as much
 * as the rest of the call. The caller always gets a copy of its own; this
 * buffer is never handed out. It holds about as much memory as the output.
 */
interface Layout {
  bytes: Uint8Array<ArrayBuffer>
  sources: Array<Uint8Array | string>
  starts: number[]
  ends: number[]
  offsets: number[]
}

let last: Layout | undefined

/**
 * Collects the pieces and their total size first, so the output is made at
 * its exact size: growing it would copy it again, and at hundreds of
 * kilobytes each copy costs as much as the rest.
 *
 * When every series of a family turns out unchanged in the same call, their
 * bytes are laid out in one block that each of them points into; from then
 * on kept series that follow each other in a block are copied as one run,
 * one `set` per family instead of one per series, which takes about a third
 * off the copying. Only then: a block lives while any of its series keeps
 * it, and a series that later changes lets go of just its own part, so at
 * most one block per family is ever held. Lines of a family that is only
 * partly unchanged are kept one series at a time.
 *
 * A piece is a string, whose UTF-8 takes `ends[k]` bytes, or the bytes of
 * `sources[k]` from `starts[k]` to `ends[k]`.
 */
class ByteSink implements LineSink {
  readonly #sources: Array<Uint8Array | string> = []
  readonly #starts: number[] = []
  readonly #ends: number[] = []
  #size = 0
  /** Kept bytes not yet a piece: `#run` from `#runStart` to `#runEnd`. */
  #run: Uint8Array | undefined = undefined
  #runStart = 0
  #runEnd = 0
  /** Where the current family's series start in the pieces. */
  #first = 0
  /** Series of the current family found unchanged this call with no bytes yet, and where their lines wait in the pieces. */
  readonly #pending: SeriesText[] = []
  readonly #pendingAt: number[] = []
  /** Whether every series of the current family so far is pending. */
  #allPending = true

  head(lines: string): void {
    this.#text(lines)
    this.#first = this.#sources.length
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
    // Values are ASCII; only the prefixes can hold longer characters.
    const size = lines.length + series.surplus
    this.#piece(lines, 0, size)
    this.#size += size
    if (same) {
      this.#pending.push(series)
      this.#pendingAt.push(this.#sources.length - 1)
    } else this.#allPending = false
  }

  block(bytes: Uint8Array): boolean {
    this.#endRun()
    this.#run = bytes
    this.#runStart = 0
    this.#runEnd = bytes.length
    this.#size += bytes.length
    this.#allPending = false
    return true
  }

  end(list: FamilyTexts | undefined): void {
    const pending = this.#pending
    if (pending.length > 0) {
      if (this.#allPending) this.#keepAsBlock(pending)
      else this.#keepEach(pending)
      pending.length = 0
      this.#pendingAt.length = 0
    }
    if (list !== undefined) list.block = this.#wholeBlock()
    this.#text('\n')
  }

  /** The output: the last one's buffer with the pieces that differ written in, then copied for the caller. */
  bytes(): Uint8Array<ArrayBuffer> {
    const size = this.#size
    const sources = this.#sources
    const starts = this.#starts
    const ends = this.#ends
    const layout = reusable(size)
    const out = layout.bytes
    const old = layout.sources
    const offsets = layout.offsets
    let at = 0
    for (let k = 0; k < sources.length; k++) {
      const piece = sources[k] as Uint8Array | string
      const start = starts[k] as number
      const end = ends[k] as number
      const length = typeof piece === 'string' ? end : end - start
      // Strings compare by value, bytes by identity: a kept block never changes once made.
      if (old[k] !== piece || offsets[k] !== at || layout.starts[k] !== start || layout.ends[k] !== end) {
        if (typeof piece === 'string') utf8.encodeInto(piece, out.subarray(at, at + length))
        else out.set(start === 0 && end === piece.length ? piece : piece.subarray(start, end), at)
        old[k] = piece
        layout.starts[k] = start
        layout.ends[k] = end
        offsets[k] = at
      }
      at += length
    }
    forgetFrom(layout, sources.length)
    return new Uint8Array(size === out.length ? out : out.subarray(0, size))
  }

  /** The block the family's series lines make up exactly, start to end, if they do. */
  #wholeBlock(): Uint8Array | undefined {
    const first = this.#first
    const run = this.#run
    if (run !== undefined) return this.#sources.length === first && this.#runStart === 0 && this.#runEnd === run.length ? run : undefined
    if (this.#sources.length !== first + 1) return undefined
    const piece = this.#sources[first]
    return typeof piece !== 'string' && this.#starts[first] === 0 && this.#ends[first] === piece?.length ? piece : undefined
  }

  #text(piece: string): void {
    this.#endRun()
    const size = utf8Length(piece)
    this.#piece(piece, 0, size)
    this.#size += size
  }

  #piece(source: Uint8Array | string, start: number, end: number): void {
    this.#sources.push(source)
    this.#starts.push(start)
    this.#ends.push(end)
  }

  #endRun(): void {
    const run = this.#run
    if (run === undefined) return
    this.#piece(run, this.#runStart, this.#runEnd)
    this.#run = undefined
  }

  /** The family's series are exactly the pending ones, their lines its last pieces: one block replaces them all. */
  #keepAsBlock(pending: readonly SeriesText[]): void {
    const sources = this.#sources
    const first = this.#first
    let size = 0
    for (let i = first; i < sources.length; i++) size += this.#ends[i] as number
    const block = new Uint8Array(size)
    let at = 0
    for (let i = 0; i < pending.length; i++) {
      const series = pending[i] as SeriesText
      series.bytes = block
      series.start = at
      at += utf8.encodeInto(sources[first + i] as string, block.subarray(at)).written
      series.end = at
    }
    sources.length = first
    this.#starts.length = first
    this.#ends.length = first
    this.#piece(block, 0, size)
  }

  #keepEach(pending: readonly SeriesText[]): void {
    for (let i = 0; i < pending.length; i++) {
      const at = this.#pendingAt[i] as number
      const bytes = utf8.encode(this.#sources[at] as string)
      const series = pending[i] as SeriesText
      series.bytes = bytes
      series.start = 0
      series.end = bytes.length
      this.#sources[at] = bytes
    }
  }
}

/** The last output's layout when its buffer fits `size` bytes, else a fresh one with nothing in place. */
function reusable(size: number): Layout {
  const layout = last
  // A buffer far larger than needed would hold memory for nothing.
  if (layout !== undefined && layout.bytes.length >= size && layout.bytes.length <= 2 * size + 4096) return layout
  const fresh: Layout = { bytes: new Uint8Array(size), sources: [], starts: [], ends: [], offsets: [] }
  last = fresh
  return fresh
}

/** Pieces past the end of this output are no longer in place for the next one. */
function forgetFrom(layout: Layout, count: number): void {
  if (layout.sources.length <= count) return
  layout.sources.length = count
  layout.starts.length = count
  layout.ends.length = count
  layout.offsets.length = count
}
