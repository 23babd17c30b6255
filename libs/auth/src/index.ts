// @littoral/auth: filled in by its issue.
export {};
