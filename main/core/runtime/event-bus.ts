import { events, type EventName, type EventPayload } from '../../../shared/contract'

type Listener<E extends EventName> = (payload: EventPayload<E>) => void

/** A typed in-process publisher of the contract's events; bindings forward them to their front ends. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>()

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener as Listener<EventName>)
    return () => set.delete(listener as Listener<EventName>)
  }

  /** Publishes an event (payload validated against the contract) to every listener. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].parse(payload) as EventPayload<E>
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(parsed)
      } catch {
        // A failing listener must not stop the others (a closed socket, a destroyed window).
      }
    }
  }
}
