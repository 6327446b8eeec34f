import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../lib/index.js";
import { ConsensusDriver } from "./driver.js";
import type { Timers } from "./interface.js";
import { PrivValidator } from "./signer.js";
import { CHAIN_ID, FAST, ToyApp, validatorAddress, validatorKey } from "./sim/cluster.testing.js";

// When does the next height start? A lone validator, a clock that the test moves, and timers that
// record the delay the driver asks for before running the callback at once.
const INTERVAL = 777;
const MIN_DELAY = 33;

class BackloggedApp extends ToyApp {
  backlog = false;
  backlogged(): boolean {
    return this.backlog;
  }
}

const dirs: string[] = [];
const drivers: ConsensusDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function lone(app: BackloggedApp, clock: { now: number }) {
  const dir = mkdtempSync(join(tmpdir(), "cmt-interval-"));
  dirs.push(dir);
  const asked: number[] = [];
  const timers: Timers = {
    // Every delay is recorded; the interval and commit delays run at once, timeouts never (not needed here).
    setTimeout: (fn, ms) => {
      asked.push(ms);
      return ms === INTERVAL || ms <= MIN_DELAY * 10 ? setTimeout(fn, 0) : setTimeout(fn, 60_000);
    },
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const driver = new ConsensusDriver({
    app,
    transport: { broadcast: () => {} },
    signer: PrivValidator.open({ privateKey: validatorKey(0), statePath: join(dir, "sign.json"), chainId: CHAIN_ID }),
    wal: null,
    chainId: CHAIN_ID,
    options: { ...FAST, gossipIntervalMs: 60_000, blockIntervalMs: INTERVAL, minCommitDelayMs: MIN_DELAY },
    log: silentLogger(),
    now: () => clock.now,
    timers,
  });
  drivers.push(driver);
  return { driver, asked };
}

describe("consensus driver: when the next height starts", () => {
  const set = [{ address: validatorAddress(0), power: 10n }];

  it("one block interval after the height's proposal; with a backlog, the least delay after the commit", async () => {
    const clock = { now: 1_000_000 };
    const app = new BackloggedApp("node0", set);
    const { driver, asked } = lone(app, clock);
    await driver.start(1);
    await vi.waitFor(() => expect(app.committed.length).toBeGreaterThanOrEqual(1));
    // The clock did not move between proposal and commit: the whole interval is left to wait.
    expect(asked).toContain(INTERVAL);
    expect(asked).not.toContain(MIN_DELAY);
    app.backlog = true;
    const before = app.committed.length;
    await vi.waitFor(() => expect(app.committed.length).toBeGreaterThanOrEqual(before + 2));
    expect(asked).toContain(MIN_DELAY);
  });

  it("a height that ran longer than the interval waits only the least delay", async () => {
    const clock = { now: 1_000_000 };
    const app = new BackloggedApp("node0", set);
    // Building each proposal "takes" two intervals of the test's clock.
    const propose = app.propose.bind(app);
    app.propose = async (h, r) => {
      clock.now += 2 * INTERVAL;
      return propose(h, r);
    };
    const { driver, asked } = lone(app, clock);
    await driver.start(1);
    await vi.waitFor(() => expect(app.committed.length).toBeGreaterThanOrEqual(2));
    expect(asked).toContain(MIN_DELAY);
    expect(asked).not.toContain(INTERVAL);
  });
});
