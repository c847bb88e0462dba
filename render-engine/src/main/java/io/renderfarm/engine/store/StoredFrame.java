package io.renderfarm.engine.store;

import java.io.Serializable;

/** A frame in a store: its number, where it is (store-specific: a path or artifact path) and its SHA-256. */
public record StoredFrame(int frame, String location, String sha256, long bytes) implements Serializable {}
