import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../lib/index.js";
import { ConsensusDriver } from "./driver.js";
import type { Timers } from "./interface.js";
import { PrivValidator } from "./signer.js";
import { CHAIN_ID, FAST, ToyApp, validatorAddress, validatorKey } from "./sim/cluster.testing.js";

// When does the next height start? A lone validator on a simulated clock: a timer of up to one
// block interval fires at once and moves the clock by its delay; longer ones (the round timeouts)
// never fire. The app notes the clock at every proposal and commit.
const INTERVAL = 1000;
const MIN_DELAY = 100;
const POLL = 50;

class TimedApp extends ToyApp {
  backlog: (now: number) => boolean = () => false;
  buildMs = 0;
  readonly proposedAt: number[] = [];
  readonly committedAt: number[] = [];
  constructor(readonly clock: { now: number }) {
    super("node0", [{ address: validatorAddress(0), power: 10n }]);
  }
  override async propose(height: number, round: number) {
    this.proposedAt.push(this.clock.now);
    this.clock.now += this.buildMs;
    return super.propose(height, round);
  }
  override async commit(...args: Parameters<ToyApp["commit"]>) {
    this.committedAt.push(this.clock.now);
    return super.commit(...args);
  }
  backlogged(): boolean {
    return this.backlog(this.clock.now);
  }
}

const dirs: string[] = [];
const drivers: ConsensusDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(app: TimedApp, heights: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "cmt-interval-"));
  dirs.push(dir);
  const timers: Timers = {
    setTimeout: (fn, ms) =>
      ms <= INTERVAL
        ? setTimeout(() => {
            app.clock.now += ms;
            fn();
          }, 0)
        : setTimeout(fn, 600_000),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const slow = { baseMs: 600_000, deltaMs: 0 };
  const driver = new ConsensusDriver({
    app,
    transport: { broadcast: () => {} },
    signer: PrivValidator.open({ privateKey: validatorKey(0), statePath: join(dir, "sign.json"), chainId: CHAIN_ID }),
    wal: null,
    chainId: CHAIN_ID,
    options: {
      ...FAST,
      timeouts: { propose: slow, prevote: slow, precommit: slow },
      gossipIntervalMs: 600_000,
      blockIntervalMs: INTERVAL,
      minCommitDelayMs: MIN_DELAY,
      txPollMs: POLL,
    },
    log: silentLogger(),
    now: () => app.clock.now,
    timers,
  });
  drivers.push(driver);
  await driver.start(1);
  await vi.waitFor(() => expect(app.proposedAt.length).toBeGreaterThanOrEqual(heights));
}

const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - (xs[i] as number));

describe("consensus driver: when the next height starts", () => {
  it("one block interval after the previous proposal, building and committing included", async () => {
    const app = new TimedApp({ now: 0 });
    app.buildMs = 300;
    await run(app, 4);
    expect(gaps(app.proposedAt).slice(0, 3)).toEqual([INTERVAL, INTERVAL, INTERVAL]);
  });

  it("a height that ran longer than the interval is followed after the least delay", async () => {
    const app = new TimedApp({ now: 0 });
    app.buildMs = 2 * INTERVAL;
    await run(app, 3);
    const [c0, c1] = app.committedAt as [number, number];
    expect((app.proposedAt[1] as number) - c0).toBe(MIN_DELAY);
    expect((app.proposedAt[2] as number) - c1).toBe(MIN_DELAY);
  });

  it("a backlog starts the next height as soon as the app reports it, not before the least delay", async () => {
    const app = new TimedApp({ now: 0 });
    // Transactions pile up 420 ms into each wait after a commit.
    app.backlog = (now) => now - (app.committedAt.at(-1) ?? 0) >= 420;
    await run(app, 4);
    const waits = app.proposedAt.slice(1, 4).map((p, i) => p - (app.committedAt[i] as number));
    // Polled every 50 ms from the least delay: 100, 150, ... 450 is the first poll past 420.
    expect(waits).toEqual([450, 450, 450]);
    // A backlog at once still waits for the least delay.
    const eager = new TimedApp({ now: 0 });
    eager.backlog = () => true;
    await run(eager, 3);
    expect(eager.proposedAt.slice(1, 3).map((p, i) => p - (eager.committedAt[i] as number))).toEqual([
      MIN_DELAY,
      MIN_DELAY,
    ]);
  });
});
