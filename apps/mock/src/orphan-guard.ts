// Loaded into Prism's process before Prism (node --import). Prism's standard input is a pipe from
// the process that started it, which never writes to it: when that process ends, however it ends
// (a test runner's worker killed at the end of a run, a SIGKILL), the pipe closes and Prism exits
// with it, instead of serving on with nobody left to stop it.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
