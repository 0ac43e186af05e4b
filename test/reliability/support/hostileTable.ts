/**
 * The shape of the hostile-input table: groups of rows (hostile values) and slots
 * (the places in a call where a value of that kind goes). Every row of a group is
 * driven through every slot of its group, in every API that has the slot's method.
 */
import type { Method } from "./drivers.js"

/** A hostile value, made fresh for every call (some are circular or stateful). */
export interface Row {
  readonly name: string
  readonly value: () => unknown
  /** Where below the slot's path the error must point. */
  readonly path?: ReadonlyArray<PropertyKey>
  /** `undefined`, which an optional slot treats as absent (valid). */
  readonly absent?: boolean
}

/** A place in a call where a row's value goes. */
export interface Slot {
  readonly name: string
  readonly method: Method
  readonly args: (value: unknown) => ReadonlyArray<unknown>
  /** The path the error must name, before the row's own path. */
  readonly path: ReadonlyArray<PropertyKey>
  /** Whether `undefined` is valid here. */
  readonly optional?: boolean
}

/** Rows of one kind and the slots they go to. */
export interface Group {
  readonly name: string
  readonly rows: ReadonlyArray<Row>
  readonly slots: ReadonlyArray<Slot>
}

/** The store of the sessions the hostile calls aim at. */
export const STORE = "s"
/** Another store: nothing of it may ever come back from a call on {@link STORE}. */
export const VICTIM_STORE = "victim"
/** Held in the victim's data; seeing it in any result or error means a leak. */
export const VICTIM_MARKER = "victim-secret-7f3a9c"
