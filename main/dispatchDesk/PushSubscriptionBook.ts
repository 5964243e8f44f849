import type { PushSubscriptionInput } from '../contracts/index.js';
import type { DispatchDeliveryRecords, StoredPushSubscription } from '../historian/index.js';
import type { Logger } from '../log/index.js';
import { RateLimitedLog } from '../log/index.js';
import type { PushSubscriptions } from './channels/webPushChannel.js';

/** Browsers one account may subscribe: a phone, a tablet, a desktop or two; the oldest is dropped beyond it. */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 5;
/** Subscriptions kept over all accounts (a site's staff with a few browsers each). */
export const MAX_PUSH_SUBSCRIPTIONS = 10_000;

/**
 * The browsers subscribed to Web Push, by account (POST /api/push/subscriptions), held in memory and written
 * through to the historian (push_subscriptions) when there is one; without it they last until the core stops.
 */
export class PushSubscriptionBook implements PushSubscriptions {
  private readonly byEndpoint = new Map<string, StoredPushSubscription>();
  private readonly log: RateLimitedLog;

  private constructor(
    private readonly records: DispatchDeliveryRecords | null,
    logger: Logger,
    private readonly now: () => number,
  ) {
    this.log = new RateLimitedLog(logger);
  }

  static async open(records: DispatchDeliveryRecords | null, logger: Logger, now: () => number = Date.now): Promise<PushSubscriptionBook> {
    const book = new PushSubscriptionBook(records, logger, now);
    for (const stored of (await records?.pushSubscriptions()) ?? []) book.byEndpoint.set(stored.endpoint, stored);
    return book;
  }

  of(userName: string): PushSubscriptionInput[] {
    return [...this.byEndpoint.values()].filter((s) => s.userName === userName).map(({ endpoint, expirationTime, keys }) => ({ endpoint, expirationTime: expirationTime ?? null, keys }));
  }

  /** Subscribes a browser for the account; false when the book is full. The account's oldest beyond its limit is dropped. */
  async add(userName: string, subscription: PushSubscriptionInput): Promise<boolean> {
    if (!this.byEndpoint.has(subscription.endpoint) && this.byEndpoint.size >= MAX_PUSH_SUBSCRIPTIONS) return false;
    const stored: StoredPushSubscription = { ...subscription, expirationTime: subscription.expirationTime ?? null, userName, updatedMs: this.now() };
    // Re-inserted last: the map's order is the order of the latest subscription.
    this.byEndpoint.delete(subscription.endpoint);
    this.byEndpoint.set(subscription.endpoint, stored);
    await this.write(() => this.records?.putPushSubscription(stored));
    const own = [...this.byEndpoint.values()].filter((s) => s.userName === userName);
    for (const old of own.slice(0, Math.max(own.length - MAX_PUSH_SUBSCRIPTIONS_PER_USER, 0))) await this.remove(old.endpoint);
    return true;
  }

  gone(endpoint: string): void {
    void this.remove(endpoint);
  }

  count(): number {
    return this.byEndpoint.size;
  }

  private async remove(endpoint: string): Promise<void> {
    if (!this.byEndpoint.delete(endpoint)) return;
    await this.write(() => this.records?.deletePushSubscription(endpoint));
  }

  /** A lost historian keeps the subscription in memory: a push still reaches the phone until the core stops. */
  private async write(operation: () => Promise<void> | undefined): Promise<void> {
    try {
      await operation();
    } catch (error) {
      this.log.warn('push-subscriptions', { err: error }, 'push subscription not written to the historian; kept in memory');
    }
  }
}
