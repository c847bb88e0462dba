/**
 * Chunk logs: the renderer output of every chunk attempt, kept (its head and tail when long, with a bounded total per
 * job) with where, when and how the attempt ran, so a person can read why a frame failed — the CLI writes them next
 * to the frames, a site serves them, a Jenkins build links them.
 */
package io.renderfarm.engine.chunklog;
