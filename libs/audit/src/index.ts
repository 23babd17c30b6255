// @littoral/audit: filled in by its issue.
export {};
