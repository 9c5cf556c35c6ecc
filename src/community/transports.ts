import nodemailer from 'nodemailer';
import { OpfError } from '../core/index.ts';
import type { ChatWebhook, SmtpSettings } from './context.ts';

export interface OutgoingMessage {
  title: string;
  body: string;
  /** Same for every attempt of one delivery: receivers and chat APIs drop a repeat. */
  idempotencyKey: string;
  messageId: string;
  date: Date;
  link: string;
  /** An iCalendar METHOD:REQUEST to attach (invitations). */
  calendar?: string;
}

/** One e-mail through the configured SMTP server, with a stable Message-ID across retries. */
export async function sendMail(
  smtp: SmtpSettings,
  to: string,
  message: OutgoingMessage,
  timeoutMs: number,
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user && { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    await transport.sendMail({
      from: smtp.from,
      to,
      subject: message.title,
      text: `${message.body}\n\n-- \n${message.link}\n`,
      messageId: message.messageId,
      date: message.date,
      headers: { 'X-Opf-Delivery': message.idempotencyKey },
      ...(message.calendar && { icalEvent: { method: 'REQUEST', content: message.calendar } }),
    });
  } catch (error) {
    throw new OpfError(
      'OPF_ERR_DELIVERY_FAILED',
      `SMTP ${smtp.host}:${smtp.port}: ${(error as Error).message}`,
    );
  } finally {
    transport.close();
  }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  );
}

/** The request each chat system expects; the idempotency key goes where the API honours one. */
export function chatRequest(
  webhook: ChatWebhook,
  message: OutgoingMessage,
): { method: string; url: string; headers: Record<string, string>; body: unknown } {
  const text = `${message.title}\n\n${message.body}\n${message.link}`;
  const json = { 'content-type': 'application/json; charset=utf-8' };
  switch (webhook.format) {
    case 'slack':
      // Incoming webhooks take mrkdwn text; Slack offers no idempotency key for them.
      return {
        method: 'POST',
        url: webhook.url,
        headers: json,
        body: { text: `*${message.title}*\n${message.body}\n<${message.link}>` },
      };
    case 'google-chat': {
      // messages.create: a repeated requestId returns the message already created.
      const url = new URL(webhook.url);
      url.searchParams.set('requestId', message.idempotencyKey);
      return {
        method: 'POST',
        url: url.toString(),
        headers: json,
        body: { text: `*${message.title}*\n${message.body}\n${message.link}` },
      };
    }
    case 'matrix':
      // Client-server API: the transaction id makes a retried PUT the same event.
      return {
        method: 'PUT',
        url: `${webhook.url.replace(/\/$/, '')}/send/m.room.message/${encodeURIComponent(message.idempotencyKey)}`,
        headers: { ...json, ...(webhook.token && { authorization: `Bearer ${webhook.token}` }) },
        body: {
          msgtype: 'm.text',
          body: text,
          format: 'org.matrix.custom.html',
          formatted_body: `<strong>${escapeHtml(message.title)}</strong><br>${escapeHtml(message.body).replace(/\n/g, '<br>')}<br><a href="${escapeHtml(message.link)}">${escapeHtml(message.link)}</a>`,
        },
      };
  }
}

export async function postChat(
  webhook: ChatWebhook,
  message: OutgoingMessage,
  timeoutMs: number,
): Promise<void> {
  const request = chatRequest(webhook, message);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new OpfError(
      'OPF_ERR_DELIVERY_FAILED',
      `${webhook.format} webhook for ${webhook.channel}: ${(error as Error).message}`,
    );
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok)
    throw new OpfError(
      'OPF_ERR_DELIVERY_FAILED',
      `${webhook.format} webhook for ${webhook.channel} answered HTTP ${response.status}`,
    );
}
