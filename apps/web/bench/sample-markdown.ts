/** A deterministic ~100 KB Markdown answer with everything a chat answer has: headings, lists, code, tables. */
export function sampleMarkdown(targetBytes = 100 * 1024): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const section = [
      `## Section ${i + 1}: streaming notes\n\n`,
      `This paragraph explains **point ${i}** with _emphasis_, \`inline code\` and a [link](https://example.com/${i}). `,
      "It runs long enough to wrap across several lines in the transcript, like a real answer would.\n\n",
      `- first item of list ${i}\n- second item with **bold**\n- third item\n\n`,
      "```ts\n",
      `export function step${i}(input: number): number {\n  const doubled = input * 2;\n  return doubled + ${i};\n}\n`,
      "```\n\n",
      "| name | value | note |\n|---|---|---|\n",
      `| alpha | ${i} | first |\n| beta | ${i * 2} | second |\n| gamma | ${i * 3} | third |\n\n`,
      `> A quote in section ${i}, to vary the blocks.\n\n`,
    ].join("");
    parts.push(section);
    size += section.length;
  }
  return parts.join("").slice(0, targetBytes);
}
