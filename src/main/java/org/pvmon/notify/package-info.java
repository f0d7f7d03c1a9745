/**
 * Notifications of alerts opened and resolved: a generic JSON webhook, the WeCom (企业微信) and DingTalk (钉钉)
 * group-robot webhooks, and an MQTT alert topic.
 *
 * <p>Owns delivery, not detection: {@link org.pvmon.alerting.AlertBook} records each opened and resolved
 * alert in the durable {@link org.pvmon.notify.Outbox} in the same transaction as the change. {@link
 * org.pvmon.notify.Notifier} runs one sender thread per configured receiver, which claims that receiver's oldest pending
 * delivery (a conditional UPDATE, so several instances on one database send each notification once), sends it with a
 * timeout and records the outcome, retrying with a capped exponential back-off. Owns the tables {@code notification_events} and {@code notification_deliveries}. A failing or slow receiver delays only
 * its own notifications, never alert detection or the other receivers.
 */
package org.pvmon.notify;
