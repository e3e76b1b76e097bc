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
  /** Every frame the browser sent to the runtime, as text, in order. */
  readonly sentFrames: string[] = [];
  readonly socketUrls: string[] = [];
  /** When each socket was opened, beside its URL, to check that no expired URL is ever used. */
  readonly socketsOpened: { url: string; at: number }[] = [];

  constructor(readonly page: Page) {
    page.on("websocket", (socket) => {
      this.socketUrls.push(socket.url());
      this.socketsOpened.push({ url: socket.url(), at: Date.now() });
      socket.on("framesent", ({ payload }) => this.sentFrames.push(String(payload)));
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

  /** Shown while the reader is scrolled up from the latest text. */
  get jumpToLatest(): Locator {
    return this.page.getByRole("button", { name: "Jump to latest", exact: true });
  }

  /** Chunk frames the browser has received so far, every turn together. */
  chunkCount(): number {
    return this.frames.filter((f) => f.type === "chunk").length;
  }

  /**
   * The transcript's scroll position: scrollTop, the content's height, how much of it does not fit, and how
   * far the visible part's bottom edge is from the end of the content.
   */
  async transcriptScroll(): Promise<{ top: number; height: number; overflow: number; fromBottom: number }> {
    return this.transcript.evaluate((el) => ({
      top: el.scrollTop,
      height: el.scrollHeight,
      overflow: el.scrollHeight - el.clientHeight,
      fromBottom: el.scrollHeight - el.scrollTop - el.clientHeight,
    }));
  }

  /**
   * The transcript's scrollTop once it has not moved for several frames: the browser animates a wheel
   * scroll, so the position right after the wheel event is not yet where the reader ends up.
   */
  async settledScrollTop(): Promise<number> {
    return this.transcript.evaluate(async (el) => {
      let last = el.scrollTop;
      for (let frame = 0, still = 0; still < 8 && frame < 300; frame++) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        still = el.scrollTop === last ? still + 1 : 0;
        last = el.scrollTop;
      }
      return last;
    });
  }

  /** Scrolls the transcript up with the mouse wheel over it, as a reader would. */
  async wheelTranscriptUp(pixels: number): Promise<void> {
    const box = await this.transcript.boundingBox();
    if (!box) throw new Error("the transcript is not on screen");
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    await this.page.mouse.wheel(0, -pixels);
  }

  /**
   * Opens the new-chat page, as the sidebar's "New conversation" does: nothing is stored until the first
   * message, which `send` then makes (and waits for the conversation's page).
   */
  async newConversation(): Promise<void> {
    await this.page.getByRole("link", { name: "New conversation", exact: true }).click();
    await this.page.waitForURL((url) => url.pathname === "/");
    await expect(this.composer).toBeFocused();
  }

  /** The new-chat page's agent picker (shown when the user may talk to more than one agent). */
  get agentPicker(): Locator {
    return this.page.getByLabel("Agent", { exact: true });
  }

  /**
   * Opens the new-chat page and picks the agent with this display name: the next `send` creates the
   * conversation with it (nothing is stored before the first message; `conversationId()` names it then).
   */
  async newConversationWith(displayName: string): Promise<void> {
    await this.newConversation();
    await this.agentPicker.selectOption({ label: displayName });
    await expect(this.agentPicker.locator("option:checked")).toHaveText(displayName);
  }

  /** The agent the conversation on screen talks to, as its header names it. */
  get conversationAgent(): Locator {
    return this.page.locator(".chat-header .conversation-agent");
  }

  /** The conversation on screen, from the page's address. */
  conversationId(): string {
    const path = new URL(this.page.url()).pathname;
    if (!path.startsWith("/c/")) throw new Error(`not on a conversation: ${path}`);
    return decodeURIComponent(path.split("/").pop() ?? "");
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
    const starting = new URL(this.page.url()).pathname === "/";
    await this.composer.fill(text);
    await this.composer.press("Enter");
    if (starting) await this.page.waitForURL(/\/c\//);
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
