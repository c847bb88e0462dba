package io.jenkins.plugins.renderfarm.site;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Method and path template, in the OpenAPI file's own form ({@code GET /api/jobs/{id}/frames.zip}), to handler.
 * A {@code {name}} segment matches one non-empty path segment and is passed to the handler in order. Keeping the
 * templates exactly as the protocol writes them lets a test compare this table with {@code openapi.yaml}.
 */
final class RouteTable {
    /** Answers one route; {@code params} are the values of the template's {@code {name}} segments, in order. */
    @FunctionalInterface
    interface Handler {
        void handle(SiteAction site, List<String> params, StaplerRequest2 req, StaplerResponse2 rsp)
                throws IOException, InterruptedException;
    }

    private record Route(String method, String template, List<String> segments, Handler handler) {
        /** The values of the template's parameters, or null when the path is not this template's. */
        List<String> match(List<String> parts) {
            if (parts.size() != segments.size()) {
                return null;
            }
            List<String> params = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                String segment = segments.get(i);
                if (segment.startsWith("{")) {
                    if (parts.get(i).isEmpty()) {
                        return null;
                    }
                    params.add(parts.get(i));
                } else if (!segment.equals(parts.get(i))) {
                    return null;
                }
            }
            return params;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; a path with fixed segments must be added before a template it also matches. */
    RouteTable add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, split(template), handler));
        return this;
    }

    /** Every route as {@code METHOD /path}, in the order added. */
    List<String> names() {
        return routes.stream().map(r -> r.method() + " " + r.template()).toList();
    }

    /** Runs the route for this request: 404 for a path the protocol does not have, 405 for a method it lacks. */
    void dispatch(SiteAction site, String method, String path, StaplerRequest2 req, StaplerResponse2 rsp)
            throws IOException, InterruptedException {
        List<String> parts = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            List<String> params = route.match(parts);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                route.handler().handle(site, params, req, rsp);
                return;
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            rsp.setHeader("Allow", String.join(", ", allowed));
            throw SiteHttp.problem(405, "Method not allowed", SiteHttp.abbreviate(path) + " answers " + String.join(", ", allowed));
        }
        throw SiteHttp.problem(404, "Not found", "no " + method + " " + SiteHttp.abbreviate(path) + " in the site protocol");
    }

    private static List<String> split(String path) {
        return List.of((path.startsWith("/") ? path.substring(1) : path).split("/", -1));
    }
}
