package io.renderfarm.engine.site.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.renderfarm.engine.site.protocol.SiteProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The schemas of the protocol's OpenAPI file as JSON Schema, to check request and answer bodies against: each
 * schema is the whole document with a {@code $ref} at its root (draft 7 ignores the other keys beside it), so every
 * {@code #/components/...} reference resolves inside the file. OpenAPI 3.0's {@code nullable: true} becomes a type
 * that admits null.
 */
public final class OpenApiSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private final JsonNode spec;

    private OpenApiSchemas(JsonNode spec) {
        this.spec = spec;
    }

    /** The file the engine carries, the one every site serves. */
    public static OpenApiSchemas load() {
        try (InputStream in = SiteProtocol.class.getResourceAsStream(SiteProtocol.OPENAPI_RESOURCE)) {
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the file with SnakeYAML, not Jackson's YAML module: a Jenkins plugin's tests get SnakeYAML from
     * snakeyaml-api and Jackson from jackson2-api, which need not carry the YAML module.
     */
    public static OpenApiSchemas parse(byte[] yaml) throws IOException {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(new String(yaml, java.nio.charset.StandardCharsets.UTF_8));
        JsonNode spec = new ObjectMapper().valueToTree(tree);
        admitNulls(spec);
        return new OpenApiSchemas(spec);
    }

    public JsonNode spec() {
        return spec;
    }

    /** Every {@code $ref} in the file that does not point at a node of it. */
    public Set<String> unresolvedRefs() {
        Set<String> refs = new TreeSet<>();
        collectRefs(spec, refs);
        refs.removeIf(r -> r.startsWith("#/") && !spec.at(r.substring(1)).isMissingNode());
        return refs;
    }

    /** What is wrong with {@code body} as the request body of {@code method path} (a path as the file writes it). */
    public List<String> checkRequest(String method, String path, JsonNode body) {
        String pointer = operationPointer(method, path) + "/requestBody/content/application~1json/schema";
        return check(pointer, body);
    }

    /**
     * What is wrong with an answer: its status must be documented for the operation, else it must be a problem
     * (every refusal is one); a JSON or problem body must match the schema documented for it.
     */
    public List<String> checkResponse(String method, String path, int status, String contentType, JsonNode body) {
        String operation = operationPointer(method, path);
        JsonNode response = spec.at(operation + "/responses/" + status);
        String pointer = operation + "/responses/" + status;
        if (response.isMissingNode()) {
            if (status < 400) {
                return List.of(method + " " + path + " does not document status " + status);
            }
            pointer = "/components/responses/Problem";
            response = spec.at(pointer);
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = spec.at(pointer);
        }
        String media =
                contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return List.of();
        }
        if (!content.has(media)) {
            List<String> documented = new ArrayList<>();
            content.fieldNames().forEachRemaining(documented::add);
            return List.of(method + " " + path + " " + status + " answered " + media + ", documented " + documented);
        }
        if (!media.endsWith("json")) {
            return List.of();
        }
        return check(pointer + "/content/" + media.replace("/", "~1") + "/schema", body);
    }

    /** What is wrong with {@code body} as an instance of {@code components.schemas.<name>}. */
    public List<String> checkSchema(String name, JsonNode body) {
        return check("/components/schemas/" + name, body);
    }

    private List<String> check(String pointer, JsonNode body) {
        if (spec.at(pointer).isMissingNode()) {
            return List.of("the OpenAPI file has no schema at " + pointer);
        }
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("$ref", "#" + pointer);
        schema.set("paths", spec.get("paths"));
        schema.set("components", spec.get("components"));
        JsonSchema validator = FACTORY.getSchema(schema);
        List<String> errors = new ArrayList<>();
        for (ValidationMessage m : validator.validate(body)) {
            errors.add(pointer + ": " + m.getMessage());
        }
        return errors;
    }

    private String operationPointer(String method, String path) {
        return "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method.toLowerCase(Locale.ROOT);
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                refs.add(ref.asText());
            }
            node.elements().forEachRemaining(n -> collectRefs(n, refs));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(n -> collectRefs(n, refs));
        }
    }

    private static void admitNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.path("nullable").asBoolean(false) && object.path("type").isTextual()) {
                ArrayNode types =
                        object.arrayNode().add(object.get("type").asText()).add("null");
                object.set("type", types);
                if (object.get("enum") instanceof ArrayNode values) {
                    values.addNull();
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                admitNulls(it.next().getValue());
            }
        } else if (node.isArray()) {
            node.elements().forEachRemaining(OpenApiSchemas::admitNulls);
        }
    }
}
