// The suites that run on the sandbox's manual clock, in one file so that they share one sandbox (its
// Prism takes seconds of CPU to start): the statuses tasks go through and the controls that move
// them (lifecycle.ts), what the sandbox answers and that it is what the service answers
// (answers.ts), and random sequences of calls that must never contradict the document or the
// sandbox itself (properties.ts). Each test starts from a reset sandbox.
import "./lifecycle.js";
import "./answers.js";
import "./properties.js";
