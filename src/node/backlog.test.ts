import { describe, expect, it } from "vitest";
import { BACKLOG_MIN_TXS, isBacklog } from "./consensus-app.js";

describe("when the next height starts without waiting out the block interval", () => {
  it("a trickle keeps the interval: a few pooled transactions after small blocks wait", () => {
    expect(isBacklog(0, 0)).toBe(false);
    expect(isBacklog(1, 10)).toBe(false);
    expect(isBacklog(BACKLOG_MIN_TXS - 1, BACKLOG_MIN_TXS - 1)).toBe(false);
  });

  it("a backlog starts it at once", () => {
    expect(isBacklog(BACKLOG_MIN_TXS, 0)).toBe(true);
    expect(isBacklog(5 * BACKLOG_MIN_TXS, 3)).toBe(true);
  });

  it("after a block of a backlog's size, whatever is left goes at once (a burst's tail); nothing left, nothing starts", () => {
    expect(isBacklog(1, BACKLOG_MIN_TXS)).toBe(true);
    expect(isBacklog(499, 2_500)).toBe(true);
    expect(isBacklog(0, 2_500)).toBe(false);
  });
});
