/**
 * Runs the promise facade through the conformance suite: an Effect `SessionStorage`
 * whose every operation is a call of `MongoDBSessionStorage`'s promise methods. The
 * facade runs the inner layer with the test's `TestClock`, so expiry tests drive it too.
 */
import type { Layer } from "effect"
import { Effect, Layer as L, Option, Stream } from "effect"
import type { SessionStorageError } from "../../src/index.js"
import { MongoDBSessionStorage, SessionStorage } from "../../src/index.js"

const call = <A>(promise: () => Promise<A>) =>
  Effect.tryPromise({ try: promise, catch: (error) => error as SessionStorageError })

/** A `SessionStorage` layer that goes through a facade built over `inner`. */
export const throughFacade = (
  inner: Layer.Layer<SessionStorage.SessionStorage, unknown>
): Layer.Layer<SessionStorage.SessionStorage, unknown> =>
  L.scoped(
    SessionStorage.SessionStorage,
    Effect.gen(function*() {
      const clock = yield* Effect.clock
      const facade = MongoDBSessionStorage.fromLayer(inner.pipe(L.provide(L.setClock(clock))))
      yield* Effect.addFinalizer(() => Effect.promise(() => facade.disconnect()))
      const find: SessionStorage.Service["findSessionsByStore"] = (store, options) =>
        call(() => facade.findSessionsByStore(store, options))
      return SessionStorage.SessionStorage.of({
        storeSession: (store, session) => call(() => facade.storeSession(store, session)),
        loadSession: (store, id) => Effect.map(call(() => facade.loadSession(store, id)), Option.fromNullable),
        deleteSession: (store, id) => call(() => facade.deleteSession(store, id)),
        deleteSessions: (store, ids) => call(() => facade.deleteSessions(store, ids)),
        findSessionsByStore: find,
        // The facade has no stream: its listing stands in for it.
        streamSessionsByStore: (store, options) => Stream.fromIterableEffect(find(store, options)),
        ensureIndex: call(() => facade.ensureIndex())
      })
    })
  )
