/* global self */
/*
 * The phone page's push service worker (issue 19, docs/dispatch.md §phone): registered by /report when the person
 * turns notifications on, scoped to /report. A warning pushed by the core's Web Push channel (RFC 8030/8291,
 * VAPID RFC 8292) is shown as a system notification even with the page closed; a tap opens /report (or brings an
 * open one forward), where My warnings and an evacuation notice are read from the core. Plain JavaScript served
 * as it is (the strict CSP allows a same-origin worker: worker-src 'self').
 */

/**
 * The payload as the core's Web Push channel sends it (main/dispatchDesk/channels/webPushChannel.ts pushPayload):
 * { title, body, tag, kind, grade, warningId, deliveryId } as JSON; plain text shown as it is. An evacuation or a
 * grade 1 (red) warning is urgent.
 */
function notificationOf(data) {
  let message;
  try {
    message = data ? data.json() : null;
  } catch {
    message = null;
  }
  if (message && typeof message.title === 'string') {
    return { title: message.title, body: typeof message.body === 'string' ? message.body : '', tag: typeof message.tag === 'string' ? message.tag : undefined, urgent: message.kind === 'evacuate' || message.grade === 1 };
  }
  return { title: 'SafeTwin', body: data ? data.text() : '', tag: undefined, urgent: false };
}

self.addEventListener('push', (event) => {
  const { title, body, tag, urgent } = notificationOf(event.data);
  // One notification per warning (its tag): an escalation replaces the first message and rings again (renotify).
  // Urgent ones (evacuation, a red warning) stay until the person acts on them.
  event.waitUntil(self.registration.showNotification(title, { body, tag, renotify: tag !== undefined, requireInteraction: urgent, vibrate: urgent ? [800, 300, 800, 300, 800] : [300], data: { url: '/report' } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/report', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname === '/report');
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
