/**
 * The phrases the offline model understands (apps/agent/src/models/offline: intent.ts reads greetings, the
 * time, arithmetic, a stated or asked name, questions about earlier turns, tickets, "in detail"; anything
 * else goes to the knowledge-base search over docs/), as a phrase set for the pocketsphinx grammar.
 * Numbers are spoken as words and reach the model as digits with operators, which is what its calculator
 * intent looks for; knowledge topics are the headings of docs/. Phrases espeak-ng and pocketsphinx confuse
 * are left out ("hey" is heard as "who am i").
 */
import type { PhraseSet, SlotValue } from "./phrases.ts";

const UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"];
const TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** zero to ninety-nine, and one hundred, as words with their digits. */
function numbers(): SlotValue[] {
  const values: SlotValue[] = [{ say: "zero", text: "0" }];
  UNITS.forEach((say, i) => {
    values.push({ say, text: String(i + 1) });
  });
  TEENS.forEach((say, i) => {
    values.push({ say, text: String(i + 10) });
  });
  values.push({ say: "eighteen", text: "18" }, { say: "nineteen", text: "19" });
  TENS.forEach((ten, i) => {
    const base = (i + 2) * 10;
    values.push({ say: ten, text: String(base) });
    UNITS.forEach((unit, j) => {
      values.push({ say: `${ten} ${unit}`, text: String(base + j + 1) });
    });
  });
  values.push({ say: "one hundred", text: "100" }, { say: "a hundred", text: "100" });
  return values;
}

const TOPICS: SlotValue[] = [
  { say: "interruption" },
  { say: "interrupting" },
  { say: "resume" },
  { say: "reconnecting" },
  { say: "approvals" },
  { say: "traces" },
  { say: "trace levels" },
  { say: "the broker" },
  { say: "the agent" },
  { say: "the protocol" },
  { say: "the web socket protocol", text: "the WebSocket protocol" },
  { say: "sequence numbers" },
  { say: "sessions" },
  { say: "models" },
  { say: "the offline model" },
  { say: "deployment" },
  { say: "agent core", text: "AgentCore" },
  { say: "agent core run time", text: "AgentCore Runtime" },
  { say: "the architecture" },
  { say: "limits" },
  { say: "errors" },
  { say: "troubleshooting" },
  { say: "interject", text: "Interject" },
];

const NAMES: SlotValue[] = [
  "alice",
  "bob",
  "carol",
  "david",
  "emma",
  "frank",
  "grace",
  "henry",
  "maria",
  "sam",
].map((say) => ({ say, text: say[0]?.toUpperCase() + say.slice(1) }));

const TICKET_SUBJECTS: SlotValue[] = [
  { say: "the login page" },
  { say: "slow answers" },
  { say: "a broken link" },
  { say: "the voice button" },
  { say: "missing traces" },
];

export const OFFLINE_PHRASES: PhraseSet = {
  templates: [
    {
      intent: "greeting",
      say: ["hello", "hi", "good morning", "good afternoon", "good evening", "thanks", "thank you"],
    },
    {
      intent: "time",
      say: ["what time is it", "what is the time", "what is the date today", "what day is it today"],
    },
    {
      intent: "arithmetic",
      say: ["what is {number} {operator} {number}", "calculate {number} {operator} {number}"],
    },
    { intent: "name", say: ["my name is {name}", "what is my name", "who am i"] },
    {
      intent: "recall",
      say: [
        "what did i ask before",
        "what did i say earlier",
        "what was my first question",
        "what was my last question",
        "do you remember what i asked",
      ],
    },
    {
      intent: "ticket",
      say: [
        "file a ticket about {subject}",
        "open a support ticket about {subject}",
        "report a bug about {subject}",
      ],
    },
    {
      intent: "knowledge",
      say: [
        "how does {topic} work",
        "tell me about {topic}",
        "what is {topic}",
        "what are {topic}",
        "explain {topic}",
        "explain {topic} in detail",
        "tell me everything about {topic}",
      ],
    },
  ],
  slots: {
    number: numbers(),
    operator: [
      { say: "plus", text: "+" },
      { say: "minus", text: "-" },
      { say: "times", text: "*" },
      { say: "multiplied by", text: "*" },
      { say: "divided by", text: "/" },
    ],
    name: NAMES,
    subject: TICKET_SUBJECTS,
    topic: TOPICS,
  },
};
