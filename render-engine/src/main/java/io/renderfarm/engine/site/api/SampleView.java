package io.renderfarm.engine.site.api;

/** One sample image of a job: its file name, its kind (preview, thumbnail, contact-sheet) and where it is served. */
public record SampleView(String name, String kind, String url) {}
