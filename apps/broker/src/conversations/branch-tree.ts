/**
 * A conversation's branches as a tree of turns, pure (no database): which turns a branch shows (its path),
 * and, for each turn on a path, the other versions of that message with the branch to open for each.
 *
 * A branch is a runtime session. Its own turns follow one another; the first follows the fork turn (the last
 * turn it inherited, one of the parent branch's own turns), or nothing. Two turns that follow the same turn
 * (or both start a conversation) are versions of one message: what an edit or a retry makes.
 */

export interface BranchTurn {
  turnId: string;
  startedAt: Date;
}

export interface BranchRecord {
  id: string;
  sessionId: string;
  parentBranchId: string | null;
  forkTurnId: string | null;
  createdAt: Date;
  /** The branch's own turns, in order. */
  turns: BranchTurn[];
}

/** One turn on a path: which branch (runtime session) it belongs to. */
export interface PathNode {
  branchId: string;
  sessionId: string;
  turnId: string;
}

/** The versions of the message at one place of a path: the branch that shows each, and which one this is. */
export interface Versions {
  index: number;
  branchIds: string[];
}

const ROOT = "";
const nodeKey = (branchId: string, turnId: string) => `${branchId}\u0000${turnId}`;

export class BranchTree {
  private readonly byId = new Map<string, BranchRecord>();
  private readonly paths = new Map<string, PathNode[]>();

  constructor(branches: readonly BranchRecord[]) {
    for (const branch of branches) this.byId.set(branch.id, branch);
  }

  get branches(): BranchRecord[] {
    return [...this.byId.values()];
  }

  get(branchId: string): BranchRecord | undefined {
    return this.byId.get(branchId);
  }

  /** The turns a branch shows: those it inherits up to its fork turn, then its own. */
  path(branchId: string): PathNode[] {
    return this.pathOf(branchId, new Set());
  }

  private pathOf(branchId: string, visiting: Set<string>): PathNode[] {
    const cached = this.paths.get(branchId);
    if (cached) return cached;
    const branch = this.byId.get(branchId);
    // A parent chain that loops or breaks (never written by this broker) ends the path there.
    if (!branch || visiting.has(branchId)) return [];
    visiting.add(branchId);
    let prefix: PathNode[] = [];
    if (branch.parentBranchId !== null && branch.forkTurnId !== null) {
      const parent = this.pathOf(branch.parentBranchId, visiting);
      const fork = parent.findIndex(
        (n) => n.branchId === branch.parentBranchId && n.turnId === branch.forkTurnId,
      );
      prefix = fork === -1 ? parent : parent.slice(0, fork + 1);
    }
    const own = branch.turns.map((t) => ({
      branchId: branch.id,
      sessionId: branch.sessionId,
      turnId: t.turnId,
    }));
    const path = [...prefix, ...own];
    this.paths.set(branchId, path);
    return path;
  }

  /** When the branch was last used: its latest own turn's start (null: it has no turn yet). */
  private activity(branch: BranchRecord): number | null {
    const last = branch.turns.at(-1);
    return last ? last.startedAt.getTime() : null;
  }

  /** The branch a conversation opens on: the one used last (the first branch when none has a turn). */
  latest(): BranchRecord | undefined {
    let best: BranchRecord | undefined;
    let bestAt = Number.NEGATIVE_INFINITY;
    for (const branch of this.byId.values()) {
      const at = this.activity(branch);
      if (at !== null && at > bestAt) {
        best = branch;
        bestAt = at;
      }
    }
    return best ?? this.branches.find((b) => b.parentBranchId === null && b.forkTurnId === null);
  }

  /** The key of the turn a turn follows (ROOT for a conversation's first message). */
  private parentKey(branch: BranchRecord, ownIndex: number): string {
    if (ownIndex > 0) {
      const previous = branch.turns[ownIndex - 1];
      return previous ? nodeKey(branch.id, previous.turnId) : ROOT;
    }
    if (branch.parentBranchId === null || branch.forkTurnId === null) return ROOT;
    return nodeKey(branch.parentBranchId, branch.forkTurnId);
  }

  /** For each turn on the branch's path, the versions of that message (one entry when it has none). */
  versionsAlong(branchId: string): Versions[] {
    // Every turn, grouped by the turn it follows, oldest first.
    const children = new Map<string, Array<{ key: string; startedAt: number }>>();
    for (const branch of this.byId.values()) {
      branch.turns.forEach((turn, i) => {
        const parent = this.parentKey(branch, i);
        const list = children.get(parent) ?? [];
        list.push({ key: nodeKey(branch.id, turn.turnId), startedAt: turn.startedAt.getTime() });
        children.set(parent, list);
      });
    }
    for (const list of children.values()) list.sort((a, b) => a.startedAt - b.startedAt);
    // For each turn, the branch to open to show it: the one used last among those whose path holds it.
    const showing = new Map<string, { branchId: string; at: number }>();
    for (const branch of this.byId.values()) {
      const at = this.activity(branch);
      if (at === null) continue;
      for (const node of this.path(branch.id)) {
        const key = nodeKey(node.branchId, node.turnId);
        const seen = showing.get(key);
        if (!seen || at > seen.at) showing.set(key, { branchId: branch.id, at });
      }
    }
    const path = this.path(branchId);
    return path.map((node, i) => {
      const previous = path[i - 1];
      const parent = previous ? nodeKey(previous.branchId, previous.turnId) : ROOT;
      const siblings = children.get(parent) ?? [];
      const key = nodeKey(node.branchId, node.turnId);
      const index = siblings.findIndex((s) => s.key === key);
      if (index === -1) return { index: 0, branchIds: [branchId] };
      return {
        index,
        branchIds: siblings.map((s) =>
          s.key === key ? branchId : (showing.get(s.key)?.branchId ?? branchId),
        ),
      };
    });
  }
}
