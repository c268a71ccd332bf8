// Loaded into Prism's process before Prism (node --import): Prism requires @faker-js/faker when it
// starts, and that package loads every locale it has (25 MB), most of a second of CPU at every start.
// Prism uses only its default instance, which speaks English: here the require gives Prism that
// instance from the English locale alone, and the whole package only if anything else of it is read.
import Module from "node:module";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;

loader._load = function englishFaker(this: unknown, request, parent, isMain) {
  if (request !== "@faker-js/faker") return load.call(this, request, parent, isMain);
  const english = load.call(this, "@faker-js/faker/locale/en", parent, isMain);
  const known: Record<string | symbol, unknown> = { __esModule: true, default: english, faker: english };
  let whole: object | undefined;
  const all = () => {
    whole ??= load.call(this, request, parent, isMain) as object;
    return whole;
  };
  return new Proxy(known, { get: (target, key) => (key in target ? target[key] : Reflect.get(all(), key)) });
};
