/**
 * Full-text search over a folder of Markdown files: each file is cut into sections at its headings, and
 * sections are ranked with BM25. Words are Unicode letter/digit runs; runs of CJK characters are indexed as
 * overlapping pairs so Japanese or Chinese queries find text without spaces.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export interface KnowledgeSection {
  /** File path relative to the knowledge folder. */
  file: string;
  heading: string;
  text: string;
}

export interface SearchHit {
  section: KnowledgeSection;
  score: number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const STOP_WORDS = new Set(
  "a an and are as at be by can do does for from how i in is it me my of on or please tell that the this to what when where which who why with you your about explain detail detailed".split(
    " ",
  ),
);

/** Lower-cased search terms of a text. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (CJK.test(word)) {
      const chars = [...word];
      if (chars.length === 1) out.push(word);
      for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
    } else if (!STOP_WORDS.has(word)) {
      out.push(word.length > 4 && word.endsWith("s") ? word.slice(0, -1) : word);
    }
  }
  return out;
}

function splitSections(file: string, markdown: string): KnowledgeSection[] {
  const sections: KnowledgeSection[] = [];
  let heading = path.basename(file, ".md");
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) sections.push({ file, heading, text });
    lines = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    const match = /^#{1,6}\s+(.*)$/.exec(line);
    if (match) {
      flush();
      heading = (match[1] ?? "").trim();
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

async function markdownFiles(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") {
      files.push(...(await markdownFiles(root, full)));
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith(".md")) {
      files.push(full);
    }
  }
  return files;
}

export class KnowledgeIndex {
  private readonly docTerms: Map<string, number>[];
  private readonly lengths: number[];
  private readonly docFrequency = new Map<string, number>();
  private readonly averageLength: number;

  constructor(readonly sections: KnowledgeSection[]) {
    this.docTerms = sections.map((section) => {
      const counts = new Map<string, number>();
      for (const term of terms(`${section.heading} ${section.heading} ${section.heading} ${section.text}`)) {
        counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      for (const term of counts.keys()) this.docFrequency.set(term, (this.docFrequency.get(term) ?? 0) + 1);
      return counts;
    });
    this.lengths = this.docTerms.map((counts) => [...counts.values()].reduce((a, b) => a + b, 0));
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.lengths.length);
  }

  /** Loads every Markdown file under `dir`; a missing folder gives an empty index. */
  static async load(dir: string): Promise<KnowledgeIndex> {
    let files: string[];
    try {
      files = await markdownFiles(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return new KnowledgeIndex([]);
      throw error;
    }
    const sections: KnowledgeSection[] = [];
    for (const file of files) {
      sections.push(...splitSections(path.relative(dir, file), await readFile(file, "utf8")));
    }
    return new KnowledgeIndex(sections);
  }

  search(query: string, limit = 3): SearchHit[] {
    const queryTerms = [...new Set(terms(query))];
    const n = this.sections.length;
    const hits: SearchHit[] = [];
    this.docTerms.forEach((counts, index) => {
      let score = 0;
      const length = this.lengths[index] ?? 0;
      for (const term of queryTerms) {
        const tf = counts.get(term) ?? 0;
        if (tf === 0) continue;
        const df = this.docFrequency.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * length) / (this.averageLength || 1)));
      }
      const section = this.sections[index];
      if (score > 0 && section) hits.push({ section, score });
    });
    return hits
      .sort((a, b) => b.score - a.score || a.section.file.localeCompare(b.section.file))
      .slice(0, limit);
  }
}
