/**
 * Chunk logs: the renderer output of a chunk attempt kept as its head and tail ({@code ChunkLog}), and what an
 * ended attempt's log records ({@code ChunkAttempt}). A job run keeps one per
 * attempt in its store (the scheduler's {@code ChunkLogBook}), so a person can read why a frame failed: the CLI writes
 * them next to the frames, a site serves them, a Jenkins build links them.
 */
package io.renderfarm.engine.chunklog;
