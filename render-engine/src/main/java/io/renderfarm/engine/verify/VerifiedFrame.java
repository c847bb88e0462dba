package io.renderfarm.engine.verify;

import java.io.Serializable;

/** A frame file that decoded as an image: its dimensions, size and SHA-256 (lower-case hex). */
public record VerifiedFrame(int width, int height, long bytes, String sha256) implements Serializable {}
