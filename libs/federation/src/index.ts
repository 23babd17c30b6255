// @littoral/federation: filled in by its issue.
export {};
