/**
 * Searching one person's conversations: PostgreSQL full-text search (the same on PGlite) over what was said
 * in every branch (the `turns_text_search_idx` expression) and over titles, plus a plain substring match on
 * titles for a word still being typed. Each hit in the text comes with a snippet around the match, its
 * matched words marked (`ts_headline`), cut into parts here so the browser never renders markup.
 */
import { inArray, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { conversationBranches, conversations, turns } from "../db/schema.ts";
import { type ConversationRow, escapeLike } from "./store.ts";

export const SEARCH_LIMIT = 50;
const MAX_WORDS = 8;
const START = "\u{E000}";
const STOP = "\u{E001}";

export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Every word as a prefix (`deplo` finds "deploying"), all required; null when the text has no word. */
export function prefixQuery(text: string): string | null {
  const words = (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(" & ");
}

/** `ts_headline`'s marked text as parts: the marks are characters the source text never keeps. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of marked.split(START)) {
    const [matched = "", ...after] = piece.split(STOP);
    if (after.length === 0) {
      if (matched) parts.push({ text: matched, match: false });
      continue;
    }
    if (matched) parts.push({ text: matched, match: true });
    const rest = after.join("");
    if (rest) parts.push({ text: rest, match: false });
  }
  return parts;
}

async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function searchOwn(
  db: Db,
  userId: string,
  text: string,
): Promise<Array<ConversationRow & { snippet: SnippetPart[] | null }>> {
  const q = text.trim();
  const tsquery = prefixQuery(q);
  const like = `%${escapeLike(q)}%`;
  const said = sql`to_tsvector('english', t.prompt || ' ' || coalesce(t.response, ''))`;
  const query = tsquery === null ? null : sql`to_tsquery('english', ${tsquery})`;
  const hits = await rowsOf<{ id: string; snippet: string | null }>(
    db,
    sql`with hits as (
        ${
          query === null
            ? sql`select null::text as conversation_id, null::text as said where false`
            : sql`select distinct on (b.conversation_id) b.conversation_id,
                translate(t.prompt || ' ' || coalesce(t.response, ''), ${START + STOP}, '') as said
              from ${turns} t
              join ${conversationBranches} b on b.session_id = t.session_id
              join ${conversations} owned on owned.id = b.conversation_id
              where owned.user_id = ${userId} and ${said} @@ ${query}
              order by b.conversation_id, t.started_at desc`
        }
      ),
      found as (
        select c.id, c.updated_at, h.said
        from ${conversations} c
        left join hits h on h.conversation_id = c.id
        where c.user_id = ${userId}
          and (h.conversation_id is not null or c.title ilike ${like}
            ${query === null ? sql`` : sql`or to_tsvector('english', c.title) @@ ${query}`})
        order by c.updated_at desc, c.id desc
        limit ${SEARCH_LIMIT}
      )
      select f.id, ${
        query === null
          ? sql`null::text`
          : sql`case when f.said is null then null else ts_headline('english', f.said, ${query},
              ${`StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=8, MaxFragments=1`}) end`
      } as snippet
      from found f
      order by f.updated_at desc, f.id desc`,
  );
  if (hits.length === 0) return [];
  const rows = await db
    .select()
    .from(conversations)
    .where(
      inArray(
        conversations.id,
        hits.map((h) => h.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    return row ? [{ ...row, snippet: hit.snippet === null ? null : snippetParts(hit.snippet) }] : [];
  });
}
