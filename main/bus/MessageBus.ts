/**
 * The core's in-process message bus: synchronous fan-out of typed messages by topic.
 * A throwing subscriber is isolated and counted; it never breaks delivery to the others
 * or the publisher (a bad plug-in must not stop alarm processing).
 */
export type Handler<T> = (message: T) => void;

export class MessageBus<TopicMap extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof TopicMap, Set<Handler<never>>>();
  private readonly published = new Map<keyof TopicMap, number>();
  private handlerErrorCount = 0;

  constructor(private readonly onHandlerError: (topic: keyof TopicMap, error: unknown) => void = () => {}) {}

  subscribe<K extends keyof TopicMap>(topic: K, handler: Handler<TopicMap[K]>): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }

  publish<K extends keyof TopicMap>(topic: K, message: TopicMap[K]): void {
    this.published.set(topic, (this.published.get(topic) ?? 0) + 1);
    const set = this.handlers.get(topic);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        (handler as Handler<TopicMap[K]>)(message);
      } catch (error) {
        this.handlerErrorCount++;
        this.onHandlerError(topic, error);
      }
    }
  }

  publishedCount(topic: keyof TopicMap): number {
    return this.published.get(topic) ?? 0;
  }

  topicsPublished(): [keyof TopicMap, number][] {
    return [...this.published.entries()];
  }

  get handlerErrors(): number {
    return this.handlerErrorCount;
  }

  subscriberCount(topic: keyof TopicMap): number {
    return this.handlers.get(topic)?.size ?? 0;
  }

  dispose(): void {
    this.handlers.clear();
  }
}
