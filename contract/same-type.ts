/**
 * Compile-time equality of types, for proving that a schema parses to exactly a contract type:
 * `const proof: Same<z.output<typeof SiteSchema>, Site> = true` fails to compile on any drift.
 */

/** `true` when A and B have the same keys at every level of objects and arrays. */
type SameKeys<A, B> = [A] extends [readonly (infer X)[]]
  ? [B] extends [readonly (infer Y)[]]
    ? SameKeys<NonNullable<X>, NonNullable<Y>>
    : false
  : [A] extends [object]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? false extends {
            [K in keyof A & keyof B]-?: SameKeys<NonNullable<A[K]>, NonNullable<B[K]>>;
          }[keyof A & keyof B]
          ? false
          : true
        : false
      : false
    : true;

/**
 * `true` only when A and B accept the same values (each assignable to the other) and have the same
 * fields, so an optional field present on one side only also counts as a difference.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
