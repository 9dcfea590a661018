/**
 * True in the script-tag build, which only ever runs in a page: its build replaces this module,
 * so the minifier drops every branch that serves servers and tests from the size budget.
 */
export const SCRIPT_TAG_BUILD: boolean = false;
