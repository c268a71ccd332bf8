// Loaded into Prism's process before Prism (node --import). When it starts, Prism requires modules
// that a start never uses, a third of its CPU:
// - @faker-js/faker, which loads every locale it has (25 MB). Prism uses its default instance, and
//   only when it generates data (never as the sandbox's proxy, which forwards): the require here
//   gives a stand-in that loads the English locale alone when that instance is first read, and the
//   whole package only if anything else of it is read;
// - postman-collection, for Postman documents (ours is OpenAPI): loaded when first used.
import Module from "node:module";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;

/**
 * A module object that is `resolve()` once anything reads it, but for the properties `early` gives
 * itself. The traps a CommonJS module object meets (a read, `in`, its keys, their descriptors) each
 * go to the module. The proxy's target stays empty: the engine checks a trap's answer against the
 * target's own properties, and that check must not load the module.
 */
function deferred(resolve: () => object, early: Record<string, () => unknown> = {}): object {
  let module: object | undefined;
  const real = () => {
    module ??= resolve();
    return module;
  };
  return new Proxy(
    {},
    {
      get: (_, key) => (typeof key === "string" && Object.hasOwn(early, key) ? early[key]?.() : Reflect.get(real(), key)),
      has: (_, key) => Reflect.has(real(), key),
      ownKeys: () => Reflect.ownKeys(real()),
      // Configurable, whatever the module says: a proxy may not report a property its (empty)
      // target lacks as fixed.
      getOwnPropertyDescriptor: (_, key) => {
        const found = Reflect.getOwnPropertyDescriptor(real(), key);
        return found && { ...found, configurable: true };
      },
      getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    },
  );
}

loader._load = function deferModules(this: unknown, request, parent, isMain) {
  const required = (name: string) => () => load.call(this, name, parent, isMain) as object;
  if (request === "postman-collection") return deferred(required(request));
  if (request !== "@faker-js/faker") return load.call(this, request, parent, isMain);
  // The default instance (`default`, as Prism's compiled imports read it, or `faker`), from the
  // English locale alone, itself loaded once the instance is used.
  const english = deferred(required("@faker-js/faker/locale/en"));
  return deferred(required(request), { __esModule: () => true, default: () => english, faker: () => english });
};
