/**
 * Everything a process could print about a failure, captured as text: what an Effect
 * logger receives, what a tracer records, what reaches `console`, and every rendering
 * of an error a user might log (message, stack, cause chain, `String`, JSON, inspect).
 */
import { Cause, HashMap, Layer, List, Logger, LogLevel } from "effect"
import { inspect } from "node:util"
import { vi } from "vitest"
import type { RecordedSpan } from "../../mongo/helpers.js"
import { recordingTracer } from "../../mongo/helpers.js"

const deep = (u: unknown): string =>
  inspect(u, { depth: 20, showHidden: true, getters: true, maxStringLength: Infinity, maxArrayLength: Infinity })

/** Every log line at every level, with its message, cause, annotations and spans. */
export const captureLogs = (): { readonly lines: Array<string>; readonly layer: Layer.Layer<never> } => {
  const lines: Array<string> = []
  const logger = Logger.make(({ annotations, cause, logLevel, message, spans }) => {
    lines.push([
      logLevel.label,
      deep(message),
      Cause.isEmpty(cause) ? "" : Cause.pretty(cause, { renderErrorCause: true }),
      deep(HashMap.toEntries(annotations)),
      deep(List.toArray(spans))
    ].join(" "))
  })
  return {
    lines,
    layer: Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All))
  }
}

/** All of a span as text: name, attributes, events, links and how it ended. */
const renderSpan = (span: RecordedSpan): string => {
  const exit = span.status._tag === "Ended" ? span.status.exit : undefined
  const failure = exit !== undefined && exit._tag === "Failure" ? Cause.pretty(exit.cause) : ""
  return [span.name, deep([...span.attributes]), deep(span.events), deep(span.links), deep(exit), failure].join(" ")
}

/** A tracer that keeps every span, the layer that installs it, and the spans as text. */
export const captureSpans = (): {
  readonly spans: Array<RecordedSpan>
  readonly layer: Layer.Layer<never>
  readonly texts: () => Array<string>
} => {
  const { spans, tracer } = recordingTracer()
  return { spans, layer: Layer.setTracer(tracer), texts: () => spans.map(renderSpan) }
}

/** Everything written through `console` from now until `restore()`. */
export const captureConsole = (): { readonly texts: Array<string>; readonly restore: () => void } => {
  const texts: Array<string> = []
  const methods = ["log", "error", "warn", "info", "debug", "trace", "dir"] as const
  const spies = methods.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: Array<unknown>) => {
      texts.push(args.map(deep).join(" "))
    })
  )
  return { texts, restore: () => spies.forEach((spy) => spy.mockRestore()) }
}

/** Every way an error may be turned into text, down its `cause` chain. */
export const renderings = (error: unknown, cause?: Cause.Cause<unknown>): Array<string> => {
  const out: Array<string> = []
  const seen = new Set<unknown>()
  for (let current: unknown = error; current !== undefined && current !== null && !seen.has(current);) {
    seen.add(current)
    const e = current as { message?: unknown; stack?: unknown; cause?: unknown; toJSON?: () => unknown }
    out.push(String(e.message), String(e.stack), String(current as Error), JSON.stringify(current) ?? "", deep(current))
    if (typeof e.toJSON === "function") out.push(JSON.stringify(e.toJSON()) ?? "")
    current = e.cause
  }
  if (cause !== undefined) out.push(Cause.pretty(cause, { renderErrorCause: true }), deep(cause))
  return out
}
