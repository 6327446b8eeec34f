/**
 * `Promise.withResolvers` (ES2024) for Node 20.
 *
 * Why: libp2p 3 and its stream code (@libp2p/utils, yamux, noise, multistream-select) call
 * `Promise.withResolvers`, which V8 ships from Node 22 on; the project runs on Node 20. The network
 * entry points import this file first, before any libp2p module runs. It follows the spec
 * (ECMA-262 §27.2.4.8): a static method that builds the promise with `this` as the constructor
 * (so subclasses work), installed writable, configurable and not enumerable like the built-in, and
 * only when the runtime lacks it.
 */
interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
  if (typeof this !== "function") throw new TypeError("Promise.withResolvers called on a non-constructor");
  let resolve!: Resolvers<T>["resolve"];
  let reject!: Resolvers<T>["reject"];
  const promise = new this<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const PromiseCtor = Promise as PromiseConstructor & { withResolvers?: unknown };
if (typeof PromiseCtor.withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    value: withResolvers,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

export {};
