/**
 * A calculator without eval: a small recursive-descent parser for arithmetic with + - * / % ^, parentheses,
 * unary signs, the constants pi and e, and a few functions (sqrt, abs, round, floor, ceil, ln, log, exp,
 * sin, cos, tan, min, max).
 */
import { z } from "zod";
import { defineTool } from "./tool.ts";

export class CalculatorError extends Error {
  override name = "CalculatorError";
}

const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  round: Math.round,
  floor: Math.floor,
  ceil: Math.ceil,
  ln: Math.log,
  log: Math.log10,
  exp: Math.exp,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  min: Math.min,
  max: Math.max,
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

type Token = { kind: "num"; value: number } | { kind: "id"; value: string } | { kind: "op"; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_]\w*)|(\*\*|[-+*/%^(),×÷]))/y;
  let index = 0;
  const text = source.trim();
  while (index < text.length) {
    re.lastIndex = index;
    const match = re.exec(text);
    if (!match) throw new CalculatorError(`Unexpected character "${text[index]}" at position ${index + 1}`);
    index = re.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: "num", value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: "id", value: match[2].toLowerCase() });
    else if (match[3] !== undefined) {
      const op = match[3] === "**" ? "^" : match[3] === "×" ? "*" : match[3] === "÷" ? "/" : match[3];
      tokens.push({ kind: "op", value: op });
    }
    while (index < text.length && /\s/.test(text[index] ?? "")) index++;
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): number {
    if (this.tokens.length === 0) throw new CalculatorError("The expression is empty");
    const value = this.expression();
    const rest = this.tokens[this.position];
    if (rest) throw new CalculatorError(`Unexpected "${rest.value}"`);
    return value;
  }

  private peekOp(...ops: string[]): string | undefined {
    const token = this.tokens[this.position];
    return token?.kind === "op" && ops.includes(token.value) ? token.value : undefined;
  }

  private expect(op: string): void {
    if (!this.peekOp(op)) throw new CalculatorError(`Expected "${op}"`);
    this.position++;
  }

  private expression(): number {
    let value = this.term();
    for (let op = this.peekOp("+", "-"); op; op = this.peekOp("+", "-")) {
      this.position++;
      const right = this.term();
      value = op === "+" ? value + right : value - right;
    }
    return value;
  }

  private term(): number {
    let value = this.unary();
    for (let op = this.peekOp("*", "/", "%"); op; op = this.peekOp("*", "/", "%")) {
      this.position++;
      const right = this.unary();
      if ((op === "/" || op === "%") && right === 0) throw new CalculatorError("Division by zero");
      value = op === "*" ? value * right : op === "/" ? value / right : value % right;
    }
    return value;
  }

  private unary(): number {
    const op = this.peekOp("+", "-");
    if (op) {
      this.position++;
      const value = this.unary();
      return op === "-" ? -value : value;
    }
    return this.power();
  }

  private power(): number {
    const base = this.primary();
    if (this.peekOp("^")) {
      this.position++;
      return base ** this.unary(); // right-associative
    }
    return base;
  }

  private primary(): number {
    const token = this.tokens[this.position];
    if (!token) throw new CalculatorError("The expression ends too early");
    this.position++;
    if (token.kind === "num") return token.value;
    if (token.kind === "op" && token.value === "(") {
      const value = this.expression();
      this.expect(")");
      return value;
    }
    if (token.kind === "id") {
      const constant = CONSTANTS[token.value];
      if (constant !== undefined) return constant;
      const fn = FUNCTIONS[token.value];
      if (!fn) throw new CalculatorError(`Unknown name "${token.value}"`);
      this.expect("(");
      const args = [this.expression()];
      while (this.peekOp(",")) {
        this.position++;
        args.push(this.expression());
      }
      this.expect(")");
      return fn(...args);
    }
    throw new CalculatorError(`Unexpected "${token.value}"`);
  }
}

/** Evaluates an arithmetic expression; throws CalculatorError when it is not one. */
export function evaluate(expression: string): number {
  if (expression.length > 500) throw new CalculatorError("The expression is longer than 500 characters");
  const value = new Parser(tokenize(expression)).parse();
  if (!Number.isFinite(value)) throw new CalculatorError("The result is not a finite number");
  return value;
}

/** Formats a result without floating-point noise (0.1 + 0.2 gives 0.3). */
export function formatNumber(value: number): string {
  return Number.parseFloat(value.toPrecision(12)).toString();
}

const EXPRESSION =
  /(?:\b(?:sqrt|abs|round|floor|ceil|ln|log|exp|sin|cos|tan|min|max|pi)\b|[\d.()+\-*/^%×÷,]|\s)+/giu;

/** The longest piece of a prompt that is a valid arithmetic expression with an operator or a function. */
export function findExpression(text: string): string | null {
  const candidates = (text.match(EXPRESSION) ?? [])
    .map((c) => c.trim().replace(/^[,.]+|[,.]+$/g, ""))
    .filter((c) => /\d/.test(c) && (/[+\-*/^%×÷]/.test(c) || /[a-z]\(/i.test(c)))
    .sort((a, b) => b.length - a.length);
  for (const candidate of candidates) {
    try {
      evaluate(candidate);
      return candidate;
    } catch {
      // not an expression after all; try the next candidate
    }
  }
  return null;
}

export const calculatorTool = defineTool({
  name: "calculator",
  description: "Evaluates an arithmetic expression, e.g. (12.5 * 4) / 3 or sqrt(2) ^ 2.",
  input: z.strictObject({ expression: z.string().min(1).max(500) }),
  milestone: "Calculating",
  offline: {
    plan: (prompt) => {
      const expression = findExpression(prompt);
      return expression === null ? null : { expression };
    },
    reason: (prompt) => `the prompt contains arithmetic (${findExpression(prompt) ?? ""})`,
    describe: (result) =>
      result.isError
        ? `I could not calculate that: ${result.output}`
        : `The calculator says: ${result.output}.`,
  },
  async run({ expression }) {
    return `${expression} = ${formatNumber(evaluate(expression))}`;
  },
});
