/**
 * The {@code Clock} port: every timeout, back-off, expiry and stored time of the engine and its hosts reads time and
 * waits through it, so each has a fast test with a clock the test moves.
 */
package io.renderfarm.engine.time;
