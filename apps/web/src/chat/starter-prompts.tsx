/** A few prompts to start with on the new-chat screen: one press sends it. */

export const STARTER_PROMPTS: readonly { title: string; prompt: string }[] = [
  {
    title: "Interrupting",
    prompt: "How do I interrupt an answer, and what happens to the part already written?",
  },
  { title: "Traces", prompt: "What do the traces show while the agent works?" },
  { title: "A calculation", prompt: "What is 1337 * 42 / 7?" },
  { title: "Deploying", prompt: "How do I deploy Interject to AWS?" },
];

export function StarterPrompts(props: { onPick: (prompt: string) => void; disabled: boolean }) {
  return (
    <ul className="starter-prompts" aria-label="Starter prompts">
      {STARTER_PROMPTS.map((starter) => (
        <li key={starter.title}>
          <button
            type="button"
            className="starter"
            disabled={props.disabled}
            onClick={() => props.onPick(starter.prompt)}
          >
            <span className="starter-title">{starter.title}</span>
            <span className="starter-prompt">{starter.prompt}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
