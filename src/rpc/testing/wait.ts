/**
 * Resolve with the first value `register` delivers, calling `poke` every `everyMs` until then
 * (e.g. to commit blocks until a subscription that started asynchronously sees one); reject after
 * `timeoutMs`. No fixed sleeps: the test proceeds as soon as the event arrives.
 */
export function waitForEvent<T>(
  register: (deliver: (value: T) => void) => void,
  poke: () => void,
  opts: { everyMs?: number; timeoutMs?: number } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setInterval(() => {
      if (!done) poke();
    }, opts.everyMs ?? 50);
    const timeout = setTimeout(
      () => finish(() => reject(new Error("timed out waiting for event"))),
      opts.timeoutMs ?? 10_000,
    );
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(timeout);
      f();
    };
    register((value) => finish(() => resolve(value)));
  });
}
