/**
 * One driver call as an Effect: transient failures retried on a bounded exponential
 * schedule, every failure mapped to a typed error.
 *
 * @internal
 */
import { Duration, Effect, Schedule } from "effect"
import type {
  ConnectionError,
  OperationError,
  SessionStorageOperation,
  StorageClosedError
} from "../../errors/SessionStorageError.js"
import { fromDriverError, isTransient } from "./driverErrors.js"

/** How transient failures are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly times: number
  /** The first delay; each next one doubles, with jitter. */
  readonly delay: Duration.DurationInput
}

/** The errors a driver call fails with. */
export type CommandError = ConnectionError | OperationError | StorageClosedError

/** Runs driver calls with a retry policy. */
export type Command = <A>(operation: SessionStorageOperation, call: () => Promise<A>) => Effect.Effect<A, CommandError>

/** Makes the command runner of one storage. */
export const makeCommand = (policy: RetryPolicy): Command => {
  const schedule = Schedule.exponential(Duration.decode(policy.delay)).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(policy.times))
  )
  return (operation, call) =>
    Effect.tryPromise({ try: call, catch: (error) => error }).pipe(
      Effect.retry({ schedule, while: isTransient }),
      Effect.mapError(fromDriverError(operation))
    )
}
