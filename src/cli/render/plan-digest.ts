/**
 * The plan's short digest at the end of its markdown (`Plan digest: \`…\``), so the pull-request comment and the
 * apply job (`apply plan.json --expect-digest D`) can be matched.
 */

/** The markdown parts with `digest` at the end of the last; unchanged without a digest. */
export function withPlanDigest(parts: string[], digest: string | undefined): string[] {
  if (digest === undefined || parts.length === 0) return parts;
  const last = parts[parts.length - 1].replace(/\n*$/, "");
  return [...parts.slice(0, -1), `${last}\n\nPlan digest: \`${digest}\`\n`];
}
