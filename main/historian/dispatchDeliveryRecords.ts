import type { Kysely } from 'kysely';
import type { PushSubscriptionInput } from '../contracts/index.js';
import type { HistorianDatabase } from './schema.js';

export const DELIVERY_ROW_STATUSES = ['queued', 'held', 'folded', 'sent', 'failed'] as const;
export type DeliveryRowStatus = (typeof DELIVERY_ROW_STATUSES)[number];

/** One outbox row as the Outbox keeps it (camelCase of DispatchDeliveriesTable; `messageJson` its own business). */
export type DeliveryRow = {
  deliveryId: string;
  messageId: string;
  warningId: string | null;
  channel: string;
  personId: string | null;
  kind: string;
  status: DeliveryRowStatus;
  attempts: number;
  queuedAtMs: number;
  nextAttemptMs: number;
  sentAtMs: number | null;
  lastError: string | null;
  digestId: string | null;
  updatedMs: number;
  messageJson: string;
};

export type StoredPushSubscription = PushSubscriptionInput & { userName: string; updatedMs: number };

/**
 * Warning dispatch's outbox in the historian (issue 19, docs/dispatch.md §channels, schema step 10): every
 * message per channel from the moment it is queued until it is sent or given up, so a restart resumes what was
 * pending; and the browsers subscribed to Web Push per account. Same Kysely queries on both engines.
 */
export class DispatchDeliveryRecords {
  constructor(private readonly db: Kysely<HistorianDatabase>) {}

  /** Rows not finished (queued, held, folded), oldest first: what a restarted outbox resumes. */
  async unfinished(): Promise<DeliveryRow[]> {
    const rows = await this.db.selectFrom('dispatch_deliveries').selectAll().where('status', 'in', ['queued', 'held', 'folded']).orderBy('queued_at_ms').orderBy('delivery_id').execute();
    return rows.map(fromRow);
  }

  /** The rows of these ids that exist (a message queued again is not sent twice). */
  async existing(deliveryIds: readonly string[]): Promise<Set<string>> {
    if (deliveryIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('dispatch_deliveries').select('delivery_id').where('delivery_id', 'in', [...deliveryIds]).execute();
    return new Set(rows.map((r) => r.delivery_id));
  }

  /** Inserts new rows (an existing id is left as it is) and updates others, in one transaction. */
  async write(inserts: readonly DeliveryRow[], updates: readonly DeliveryRow[]): Promise<void> {
    if (inserts.length === 0 && updates.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const row of inserts) await trx.insertInto('dispatch_deliveries').values(toRow(row)).onConflict((oc) => oc.column('delivery_id').doNothing()).execute();
      for (const row of updates) {
        const { delivery_id: id, ...rest } = toRow(row);
        await trx.updateTable('dispatch_deliveries').set(rest).where('delivery_id', '=', id).execute();
      }
    });
  }

  /** Deletes finished rows (sent, failed) last changed before `beforeMs`; the warnings keep their deliveries' statuses. */
  async pruneFinished(beforeMs: number): Promise<number> {
    const result = await this.db.deleteFrom('dispatch_deliveries').where('status', 'in', ['sent', 'failed']).where('updated_ms', '<', beforeMs).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async pushSubscriptions(): Promise<StoredPushSubscription[]> {
    const rows = await this.db.selectFrom('push_subscriptions').selectAll().orderBy('updated_ms').execute();
    return rows.map((r) => ({ endpoint: r.endpoint, expirationTime: r.expiration_ms === null ? null : Number(r.expiration_ms), keys: { p256dh: r.p256dh, auth: r.auth }, userName: r.user_name, updatedMs: Number(r.updated_ms) }));
  }

  /** Stores a subscription for the account (a browser subscribing again, or for another account, replaces its row). */
  async putPushSubscription(subscription: StoredPushSubscription): Promise<void> {
    const row = { user_name: subscription.userName, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth, expiration_ms: subscription.expirationTime ?? null, updated_ms: subscription.updatedMs };
    await this.db
      .insertInto('push_subscriptions')
      .values({ endpoint: subscription.endpoint, ...row })
      .onConflict((oc) => oc.column('endpoint').doUpdateSet(row))
      .execute();
  }

  async deletePushSubscription(endpoint: string): Promise<void> {
    await this.db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute();
  }
}

function toRow(row: DeliveryRow) {
  return {
    delivery_id: row.deliveryId,
    message_id: row.messageId,
    warning_id: row.warningId,
    channel: row.channel,
    person_id: row.personId,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    queued_at_ms: row.queuedAtMs,
    next_attempt_ms: row.nextAttemptMs,
    sent_at_ms: row.sentAtMs,
    last_error: row.lastError,
    digest_id: row.digestId,
    updated_ms: row.updatedMs,
    message_json: row.messageJson,
  };
}

function fromRow(r: HistorianDatabase['dispatch_deliveries']): DeliveryRow {
  return {
    deliveryId: r.delivery_id,
    messageId: r.message_id,
    warningId: r.warning_id,
    channel: r.channel,
    personId: r.person_id,
    kind: r.kind,
    status: r.status as DeliveryRowStatus,
    attempts: Number(r.attempts),
    queuedAtMs: Number(r.queued_at_ms),
    nextAttemptMs: Number(r.next_attempt_ms),
    sentAtMs: r.sent_at_ms === null ? null : Number(r.sent_at_ms),
    lastError: r.last_error,
    digestId: r.digest_id,
    updatedMs: Number(r.updated_ms),
    messageJson: r.message_json,
  };
}
