/**
 * `true` when A and B are the same type, property by property (a required property against an
 * optional one, or a missing or extra property, makes them differ). Used as compile-time guards:
 * `const CHECK: Same<Copy, Model> = true` fails the type-check as soon as the copy drifts.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
