/**
 * How a tracker command's output looks: colour on a terminal only (red removals, green additions, yellow
 * changes; `NO_COLOR` or `--no-color` turns it off), `-q/--quiet` (only the summary and errors) and
 * `-v/--verbose` (one line per HTTP request, request-log.ts). Colour is applied to finished text, line by line, to
 * the change lines only (`    + …`, `    ~ …`, `    - …`): values in them are already escaped (single-line.ts),
 * so a name cannot fake a coloured line or smuggle an escape sequence.
 */
import type { ParsedArguments } from "./arguments.ts";
import type { Terminal } from "./terminal.ts";

/** The output settings of one run. */
export interface OutputStyle {
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

const SGR = { red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", reset: "\x1b[0m" } as const;
const SYMBOL_COLOUR: Record<string, string> = { "+": SGR.green, "~": SGR.yellow, "-": SGR.red };

/** The style `parsed` and the terminal ask for: colour only when stdout is a terminal and nothing turns it off. */
export function outputStyle(parsed: ParsedArguments, t: Terminal): OutputStyle {
  const noColorEnv = (t.env.NO_COLOR ?? "") !== "";
  return {
    color: t.stdoutIsTTY && !noColorEnv && !parsed.flags.has("no-color"),
    quiet: parsed.flags.has("quiet"),
    verbose: parsed.flags.has("verbose") && !parsed.flags.has("quiet"),
  };
}

/** Colours the change lines of a plan or drift text (`    + …` green, `    ~ …` yellow, `    - …` red). */
export function colourChanges(text: string): string {
  return text.replace(/^( {2,})([+~-]) (.*)$/gm, (_, indent: string, symbol: string, rest: string) => {
    return `${indent}${SYMBOL_COLOUR[symbol]}${symbol} ${rest}${SGR.reset}`;
  });
}

/** `text` as the style shows it: coloured when asked. */
export function styled(style: OutputStyle, text: string): string {
  return style.color ? colourChanges(text) : text;
}

/** The last non-empty line of a report (its verdict or summary), for `--quiet`. */
export function summaryOnly(text: string): string {
  const lines = text.trimEnd().split("\n");
  return `${lines[lines.length - 1]}\n`;
}
