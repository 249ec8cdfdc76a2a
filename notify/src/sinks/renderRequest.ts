import type { SinkConfig } from "../config/configSchema.js";
import type { Notification } from "../messages/Notification.js";

export type RenderRequestParameters = { sink: SinkConfig & { secret: string }; notification: Notification };

export type RenderRequestReturnType = { url: string; headers: Record<string, string>; body: string };

/**
 * The HTTP request that delivers `notification` to `sink`: the generic webhook gets the whole message
 * as JSON (with an Idempotency-Key header, its delivery key), Slack `{ text }` (mrkdwn), Discord
 * `{ content }` (cut to Discord's 2,000 characters), Telegram `sendMessage` to the configured chat.
 */
export function renderRequest({ sink, notification: n }: RenderRequestParameters): RenderRequestReturnType {
  const headers = { "content-type": "application/json", "idempotency-key": `${n.key}@${sink.name}` };
  switch (sink.type) {
    case "webhook":
      return { url: sink.secret, headers, body: JSON.stringify(n) };
    case "slack":
      return { url: sink.secret, headers, body: JSON.stringify({ text: `*${n.title}*\n${n.text}` }) };
    case "discord": {
      const content = `**${n.title}**\n${n.text}`;
      return { url: sink.secret, headers, body: JSON.stringify({ content: content.length > 2000 ? content.slice(0, 1999) + "…" : content }) };
    }
    case "telegram":
      return {
        url: `${sink.baseUrl.replace(/\/+$/, "")}/bot${sink.secret}/sendMessage`,
        headers,
        body: JSON.stringify({ chat_id: sink.chatId, text: `${n.title}\n${n.text}`, disable_web_page_preview: true }),
      };
  }
}
