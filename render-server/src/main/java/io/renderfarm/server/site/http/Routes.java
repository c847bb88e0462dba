package io.renderfarm.server.site.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the site's endpoints on Javalin and remembers them as {@code METHOD path}, so a test can hold the
 * routes against the OpenAPI file and neither drifts from the other.
 */
public final class Routes {
    private final Javalin app;
    private final List<String> registered = new ArrayList<>();

    public Routes(Javalin app) {
        this.app = app;
    }

    void get(String path, Handler handler) {
        registered.add("GET " + path);
        app.get(path, handler);
    }

    void head(String path, Handler handler) {
        registered.add("HEAD " + path);
        app.head(path, handler);
    }

    void post(String path, Handler handler) {
        registered.add("POST " + path);
        app.post(path, handler);
    }

    void put(String path, Handler handler) {
        registered.add("PUT " + path);
        app.put(path, handler);
    }

    /** Every registered endpoint as {@code METHOD path}, in registration order. */
    public List<String> registered() {
        return List.copyOf(registered);
    }
}
