/**
 * The agent's side of a chunk: the callable that renders it with the engine's {@code LocalChunk}, checks each frame
 * in its format and streams it to the controller ({@code AgentRelay}), the agent JVM's running chunks and resident
 * renderers, its GPUs, and the exported listener the controller hears the chunk through.
 */
package io.jenkins.plugins.renderfarm.farm.agent;
