/**
 * The `ElementAssignments` resource: every element assignment of the declaration in one resource (id: the
 * declared account), a map from element label (`offer/Summer Offer`, `offer#o-12`) to workspace. One resource means
 * one apply per change: the engine's planner orders or groups all the moves under the tracker's move rule in a
 * single step, so two moves can never race each other. Delete leaves every element where it is (elements are
 * never deleted, only no longer managed).
 */
import type { ElementAssignment } from "../declaration/model.ts";
import { indexElements, lookupElement } from "../reconcile/element-refs.ts";
import { type LiveAccount, workspaceNames } from "../reconcile/live-account.ts";
import {
  changedProperties,
  containsUnknown,
  type ElementAssignmentsInputs,
  type ElementAssignmentsOutputs,
  elementAssignmentsInputs,
  type PropertyBag,
  parseElementLabel,
  relabelled,
  withoutProvider,
} from "./properties.ts";
import { gone, type ResourceImplementation } from "./resource-implementation.ts";
import type { ProviderSession } from "./session.ts";
import { applySlice, profileOf, type Slice, slicePosition } from "./slice.ts";

/** The ElementAssignments resource's provider methods. */
export function elementAssignmentsResource(session: ProviderSession): ResourceImplementation {
  const apply = async (wanted: ElementAssignmentsInputs) => {
    const { have } = await applySlice(session, elementSlice(wanted));
    return { id: wanted.account, outs: { ...elementOutputs(wanted, have) } };
  };
  return {
    async check(_olds, news) {
      if (containsUnknown(withoutProvider(news))) return { inputs: news };
      const inputs = elementAssignmentsInputs(news);
      const failures = Object.entries(inputs.elements)
        .filter(([, workspace]) => workspace === "")
        .map(([label]) => ({ property: "elements", reason: `${label}: a workspace is required` }));
      return { inputs: { ...news, ...inputs }, failures };
    },
    async diff(_id, olds, news) {
      if (containsUnknown(withoutProvider(news))) return { changes: true, replaces: [] };
      const changed = changedProperties(
        elementAssignmentsInputs(olds) as unknown as PropertyBag,
        elementAssignmentsInputs(news) as unknown as PropertyBag,
        ["elements"],
      );
      return { changes: relabelled(olds, news) || changed.length > 0, replaces: [] };
    },
    create: (inputs) => apply(elementAssignmentsInputs(inputs)),
    async update(_id, _olds, news) {
      return { outs: (await apply(elementAssignmentsInputs(news))).outs };
    },
    async delete() {},
    async read(_id, props = {}) {
      const known = elementAssignmentsInputs(props);
      const have = await session.live();
      const outs = elementOutputs(known, have);
      const { elementIds: _ids, ...inputs } = outs;
      return Object.keys(known.elements).length > 0 && Object.keys(outs.elements).length === 0
        ? gone()
        : { id: known.account, props: { ...outs }, inputs: { ...inputs } };
    },
  };
}

/** The elements' slice: the account as it is, with the declared elements placed as declared. */
function elementSlice(wanted: ElementAssignmentsInputs): Slice {
  const label = `ElementAssignments ${wanted.account}`;
  const at = slicePosition(label);
  const elements: ElementAssignment[] = Object.entries(wanted.elements).map(([name, workspace]) => ({
    ...parseElementLabel(name),
    workspace,
    uses: [],
    at,
  }));
  return {
    label,
    account: wanted.account,
    tracker: wanted.tracker,
    want: (asIs) => ({ ...asIs, elements }),
    owns: (op) => op.type === "move-element" || op.type === "move-element-group",
  };
}

/** Where each declared element is now (labels the account no longer has are left out), and its id. */
function elementOutputs(wanted: ElementAssignmentsInputs, have: LiveAccount): ElementAssignmentsOutputs {
  const names = workspaceNames(have.workspaces, profileOf(wanted.tracker));
  const index = indexElements(have.elements);
  const elements: Record<string, string> = {};
  const elementIds: Record<string, string> = {};
  for (const label of Object.keys(wanted.elements)) {
    const found = lookupElement(index, parseElementLabel(label));
    if (found.length !== 1) continue;
    elements[label] = names.nameOf(found[0].workspace) ?? found[0].workspace;
    elementIds[label] = found[0].id;
  }
  return { account: wanted.account, tracker: wanted.tracker, elements, elementIds };
}
