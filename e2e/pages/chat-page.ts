/**
 * One conversation as a person sees it: the composer, the transcript (a log region of turns), the Stop
 * button, the trace pane and the connection state. It also records every WebSocket frame the browser
 * receives from the runtime, so tests can check what reached the browser and not just what is on screen.
 */
import { expect, type Locator, type Page } from "@playwright/test";

export interface ReceivedFrame {
  type: string;
  seq?: number;
  turnId?: string;
  data?: string;
  trace?: { kind: string };
  fullResponse?: string;
  partialResponse?: string;
  code?: string;
  traceLevel?: string;
}

export class ChatPage {
  readonly frames: ReceivedFrame[] = [];
  readonly socketUrls: string[] = [];
  /** When each socket was opened, beside its URL, to check that no expired URL is ever used. */
  readonly socketsOpened: { url: string; at: number }[] = [];

  constructor(readonly page: Page) {
    page.on("websocket", (socket) => {
      this.socketUrls.push(socket.url());
      this.socketsOpened.push({ url: socket.url(), at: Date.now() });
      socket.on("framereceived", ({ payload }) => {
        try {
          this.frames.push(JSON.parse(String(payload)) as ReceivedFrame);
        } catch {
          // not JSON: ignored here, the protocol tests cover it
        }
      });
    });
  }

  get composer(): Locator {
    return this.page.getByLabel("Message", { exact: true });
  }

  get transcript(): Locator {
    return this.page.getByRole("log", { name: "Conversation" });
  }

  get turns(): Locator {
    return this.transcript.locator("article.turn");
  }

  answer(index: number): Locator {
    return this.turns.nth(index).locator(".bubble.assistant");
  }

  get tracePane(): Locator {
    return this.page.getByRole("region", { name: "Trace" });
  }

  get stopButton(): Locator {
    return this.page.getByRole("button", { name: "Stop", exact: true });
  }

  async newConversation(): Promise<string> {
    await this.page.getByRole("button", { name: "New conversation" }).click();
    await this.page.waitForURL(/\/c\//);
    await this.waitConnected();
    return decodeURIComponent(new URL(this.page.url()).pathname.split("/").pop() ?? "");
  }

  async open(conversationId: string): Promise<void> {
    await this.page.goto(`/c/${encodeURIComponent(conversationId)}`);
    await this.waitConnected();
  }

  /** Sending is possible once the connection state says so, as a person would see. */
  async waitConnected(): Promise<void> {
    await expect(this.page.getByText("Connected", { exact: true })).toBeVisible({ timeout: 30_000 });
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  async waitForStatus(
    index: number,
    status: "complete" | "interrupted" | "error" | "streaming",
  ): Promise<void> {
    await expect(this.answer(index)).toHaveAttribute("data-status", status, { timeout: 45_000 });
  }

  /** The stream messages of one turn the browser received, in order, without duplicates. */
  turnFrames(turnId: string): ReceivedFrame[] {
    const seen = new Set<number>();
    return this.frames.filter((f) => {
      if (f.turnId !== turnId || f.seq === undefined || seen.has(f.seq)) return false;
      seen.add(f.seq);
      return true;
    });
  }

  /** Turn ids in the order the browser learned of them. */
  turnIds(): string[] {
    return [...new Set(this.frames.filter((f) => f.type === "turn").map((f) => f.turnId ?? ""))];
  }

  /** Sockets opened with a presigned URL past its X-Amz-Date + X-Amz-Expires. */
  expiredUrlsUsed(): string[] {
    return this.socketsOpened
      .filter(({ url, at }) => {
        const query = new URL(url).searchParams;
        const date = query.get("X-Amz-Date") ?? "";
        const signedAt = Date.parse(
          `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
        );
        return !(at <= signedAt + Number(query.get("X-Amz-Expires")) * 1000);
      })
      .map(({ url }) => new URL(url).pathname);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
  }
}
