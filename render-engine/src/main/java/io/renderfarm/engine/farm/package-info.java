/**
 * The {@code RenderFarm} port a job run renders through, and what crosses it: the chunk of work, the listener of its
 * progress and frames, its end, and a frame checked where it rendered ({@code FrameCheck}, {@code CheckedFrame}).
 */
package io.renderfarm.engine.farm;
