/**
 * What `explain` and `who-can` answer from: the checked declaration with its file positions, or with `--live`
 * the account as it is (read through the tracker client like drift), in the declaration's shape. Either way an
 * AccessExplainer over the tracker's profile and the sources of its rules (policies/<tracker>.yaml).
 */
import type { Declaration } from "../declaration/model.ts";
import { AccessExplainer } from "../policy/access-explanation.ts";
import type { Found, LookupScope } from "../policy/access-targets.ts";
import type { AccessBasis } from "../policy/explanation.ts";
import type { Profile } from "../policy/profile.ts";
import { profileSources } from "../policy/profile-sources.ts";
import { liveDeclaration, liveDeclarationOrigin } from "../reconcile/live-declaration.ts";
import type { ParsedArguments } from "./arguments.ts";
import { accountLabel, CommandFailure, checkedDeclaration, openAccount } from "./command-runner.ts";
import type { Terminal } from "./terminal.ts";

/** An explainer and what it was built from. */
export interface OpenBasis {
  explainer: AccessExplainer;
  basis: AccessBasis;
  /** Where names are looked up, for messages: "declaration" or "account". */
  scope: LookupScope;
  /** For reports: the tracker and the account's label. */
  context: { tracker: string; account: string };
}

/** Checks the declaration in `paths`; with `--live` reads the account too and answers for it. */
export async function openBasis(paths: string[], parsed: ParsedArguments, t: Terminal): Promise<OpenBasis> {
  const { declaration, profile, locate } = await checkedDeclaration(paths, t);
  if (!parsed.flags.has("live")) {
    const basis = declarationBasis(declaration, profile, (at, path) =>
      path === undefined || locate === undefined ? at : locate(at.file, path),
    );
    return { explainer: new AccessExplainer(basis), basis, scope: "declaration", context: contextOf(declaration) };
  }
  const { have } = await openAccount(parsed, t);
  if (have.account.profile !== profile.tracker) {
    throw new CommandFailure(
      `the account follows the ${have.account.profile} profile, the declaration ${profile.tracker}: --live answers for an account of the declaration's tracker`,
    );
  }
  const live = liveDeclaration(have, profile, declaration);
  const basis: AccessBasis = { ...declarationBasis(live, profile, liveDeclarationOrigin(locate)), basis: "live" };
  return {
    explainer: new AccessExplainer(basis),
    basis,
    scope: "account",
    context: { tracker: profile.tracker, account: accountLabel(declaration, have) },
  };
}

/** The found value, or a CommandFailure with the problem's one line. */
export function found<T>(result: Found<T>): T {
  if ("problem" in result) throw new CommandFailure(result.problem);
  return result.found;
}

function declarationBasis(declaration: Declaration, profile: Profile, origin: AccessBasis["origin"]): AccessBasis {
  return { basis: "declaration", declaration, profile, rules: profileSources(profile.tracker), origin };
}

function contextOf(declaration: Declaration): { tracker: string; account: string } {
  return { tracker: declaration.tracker, account: accountLabel(declaration, undefined) };
}
