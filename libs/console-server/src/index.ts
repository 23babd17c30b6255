// Serving the built web console (apps/console → dist/console) at /console/:
// one controller and file table for the hub and the nodes (docs/console.md).
export { ConsoleFiles, consoleCsp, defaultConsoleDir, loadConsoleFiles } from './console-files.js';
export { CONSOLE_FILES, CONSOLE_SETTINGS, ConsoleController, type ConsoleSettings } from './console.controller.js';
export { loadConsoleConfig } from './console.config.js';
