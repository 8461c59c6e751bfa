import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '#domain/clock';
import type { Mailer, OutgoingEmail } from '#domain/emails-ports';
import type { Mailroom } from '#domain/letters-ports';
import type { OutgoingSms, SmsSender } from '#domain/sms-ports';

export interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms' | 'letter';
  /** An email address, or an E.164 number for SMS. */
  to: string;
  subject?: string;
  text: string;
  language?: string;
  sentAt: string;
}

/** Where mail, SMS and letters land locally instead of SES, SNS and the post. Kept in a JSON-lines file when persistent. */
export class Outbox {
  private readonly messages: OutboxMessage[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) this.messages.push(JSON.parse(line) as OutboxMessage);
    }
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  add(message: Omit<OutboxMessage, 'id' | 'sentAt'>): OutboxMessage {
    const stored: OutboxMessage = { id: randomUUID(), sentAt: this.clock.now().toISOString(), ...message };
    this.messages.push(stored);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(stored)}\n`);
    return stored;
  }

  /** Oldest first; `to` compares case-insensitively for email addresses. */
  list(to?: string): OutboxMessage[] {
    return to ? this.messages.filter((m) => m.to.toLowerCase() === to.toLowerCase()) : [...this.messages];
  }

  mailer(): Mailer {
    return {
      send: async (email: OutgoingEmail) => {
        this.add({ channel: 'email', to: email.to, subject: email.subject, text: email.text, language: email.language });
      },
    };
  }

  mailroom(): Mailroom {
    return {
      queued: async (letter) => {
        const to = [letter.address.name, ...letter.address.lines, `${letter.address.postalCode} ${letter.address.city}`, letter.address.country].join(', ');
        this.add({ channel: 'letter', to, text: letter.text, language: letter.language });
      },
    };
  }

  smsSender(): SmsSender {
    return {
      send: async (sms: OutgoingSms) => {
        this.add({ channel: 'sms', to: sms.to, text: sms.text, language: sms.language });
      },
    };
  }
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** One message of the outbox page: who it went to, when, in which language, and its text. */
const outboxEntry = (m: OutboxMessage): string => {
  const language = m.language ? ` · ${m.language}` : '';
  const meta = `<strong>${m.channel}</strong> to <strong>${escapeHtml(m.to)}</strong> · ${escapeHtml(m.sentAt)}${language}`;
  const subject = m.subject ? `<h2>${escapeHtml(m.subject)}</h2>` : '';
  const text = escapeHtml(m.text).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
  return `<article><p class="meta">${meta}</p>\n${subject}<pre>${text}</pre></article>`;
};

/** A readable page of the outbox, newest first, with links made clickable. */
export const outboxPage = (messages: OutboxMessage[]): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Outbox – Passerelle (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:18px/1.5 Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
article{border:1px solid #767676;border-radius:4px;padding:1rem;margin:1rem 0}
pre{white-space:pre-wrap;font:inherit} .meta{color:#404040;font-size:16px} a{color:#004494}
</style></head><body>
<h1>Outbox</h1><p>Mail, SMS and letters sent by the local runtime (${messages.length}). <a href="/_local/outbox">Refresh</a> · <a href="/">Home</a></p>
${[...messages].reverse().map(outboxEntry).join('\n')}
</body></html>`;
