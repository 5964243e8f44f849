import nodemailer from 'nodemailer';
import type { RosterPerson } from '../../contracts/index.js';
import type { EmailChannelConfig } from '../../dispatch/index.js';
import { plainText } from '../../dispatch/index.js';
import { ChannelError, secretOf, type Channel, type ChannelTarget, type OutgoingMessage } from './channel.js';

/** nodemailer's error codes a later try may get past (the relay down or slow); EAUTH, EENVELOPE and the rest are configuration or address faults. */
const RETRYABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED', 'ECONNRESET']);

type MailError = Error & { code?: string; responseCode?: number };

/**
 * E-mail through the site's SMTP relay (nodemailer). The subject is the message's title, the body its lines as
 * UTF-8 plain text (zh-CN arrives as written: nodemailer encodes headers by RFC 2047 and the body in
 * quoted-printable or base64). A 4xx SMTP reply is temporary (RFC 5321 §4.2.1) and tried again; a 5xx is not.
 */
export class EmailChannel implements Channel {
  readonly name = 'email' as const;
  readonly group = false;
  readonly groupLocale = 'zh-CN' as const;
  private readonly transport;

  constructor(
    private readonly config: EmailChannelConfig,
    password: string | undefined,
    timeoutMs: number,
  ) {
    this.transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.user !== undefined && { auth: { user: config.user, pass: password ?? '' } }),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  reaches(person: RosterPerson): boolean {
    return person.email !== undefined;
  }

  async send(message: OutgoingMessage, target: ChannelTarget): Promise<void> {
    if (target.kind !== 'person' || !target.person.email) throw new ChannelError('no e-mail address for the person', false, true);
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: target.person.email,
        subject: message.rendered.title,
        text: plainText(message.rendered),
        headers: { 'X-SafeTwin-Delivery': message.deliveryId, ...(message.message && { 'X-SafeTwin-Warning': message.message.warningId }) },
        // The warning grade as mail clients show importance: red and orange are urgent.
        priority: message.grade <= 2 ? 'high' : 'normal',
      });
    } catch (error) {
      const mail = error as MailError;
      const temporary = mail.responseCode !== undefined ? mail.responseCode >= 400 && mail.responseCode < 500 : RETRYABLE_CODES.has(mail.code ?? '');
      // 550/551/553: the mailbox is unknown or refused (RFC 5321 §4.2.2) — the person's address, not the relay.
      const mailboxRefused = mail.responseCode === 550 || mail.responseCode === 551 || mail.responseCode === 553;
      throw new ChannelError(`SMTP ${mail.responseCode ?? mail.code ?? 'error'}: ${(mail.message ?? '').replaceAll(/\s+/g, ' ').slice(0, 200)}`, temporary, mailboxRefused);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * A report mailed with its PDF attached (docs/reports.md §mail), through the relay and sender the warnings' e-mail
 * channel is configured with (its password from the configuration or its environment variable). One connection
 * per report: reports go out weekly and monthly, never in bursts.
 */
export async function sendReportMail(config: EmailChannelConfig, options: { env: NodeJS.ProcessEnv; timeoutMs: number }, mail: { to: readonly string[]; subject: string; text: string; attachment: { filename: string; content: Buffer } }): Promise<void> {
  const password = secretOf(config.password, config.passwordEnv, options.env);
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user !== undefined && { auth: { user: config.user, pass: password ?? '' } }),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  try {
    await transport.sendMail({ from: config.from, to: [...mail.to], subject: mail.subject, text: mail.text, attachments: [{ filename: mail.attachment.filename, content: mail.attachment.content, contentType: 'application/pdf' }] });
  } finally {
    transport.close();
  }
}
