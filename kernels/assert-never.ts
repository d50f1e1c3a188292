// Exhaustive dispatch over a union of kinds (FFN kind, norm kind, position kind, packing, family...).
// Put `default: return assertNever(x, 'what')` at the end of a switch: while every member of the union
// has its case, `x` is narrowed to `never` there and this compiles; a new member without a case makes
// the call a type error, so the compiler lists every place that must learn about it.

export function assertNever(value: never, what: string): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
