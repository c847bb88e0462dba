package io.renderfarm.engine.site.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract suite's schema checks find what is wrong, and the OpenAPI file's references all resolve. */
class OpenApiSchemasTest {
    private final OpenApiSchemas schemas = OpenApiSchemas.load();

    @Test
    void shouldResolveEveryRefOfTheProtocolFile() {
        assertThat(schemas.unresolvedRefs()).isEmpty();
    }

    @Test
    void shouldListEveryProblemTypeTheEngineKnows() {
        List<String> listed = new ArrayList<>();
        schemas.spec().at("/components/schemas/Problem/properties/type/enum").forEach(n -> listed.add(n.asText()));

        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ProblemType.values())
                        .map(ProblemType::uri)
                        .toList());
    }

    @Test
    void shouldRefuseAProblemWithoutATypeOrWithAnUnknownOne() throws IOException {
        assertThat(schemas.checkSchema("Problem", json("{\"title\":\"x\",\"status\":400,\"detail\":\"d\"}")))
                .singleElement()
                .asString()
                .contains("type");
        assertThat(schemas.checkSchema(
                        "Problem", json("{\"type\":\"about:blank\",\"title\":\"x\",\"status\":400,\"detail\":\"d\"}")))
                .isNotEmpty();
        assertThat(schemas.checkSchema(
                        "Problem",
                        json("{\"type\":\"urn:renderfarm:problem:not-found\",\"title\":\"x\",\"status\":404,"
                                + "\"detail\":\"d\"}")))
                .isEmpty();
    }

    @Test
    void shouldCheckAnAnswerByItsOperationAndStatus() throws IOException {
        JsonNode problem =
                json("{\"type\":\"urn:renderfarm:problem:too-large\",\"title\":\"x\",\"status\":413,\"detail\":\"d\"}");

        assertThat(schemas.checkResponse("GET", "/api/site", 200, "application/json", json("{\"name\":1}")))
                .isNotEmpty();
        assertThat(schemas.checkResponse("POST", "/api/jobs", 201, "application/json", json("{}")))
                .isNotEmpty();
        assertThat(schemas.checkResponse("POST", "/api/jobs", 413, "application/problem+json", problem))
                .isEmpty();
        assertThat(schemas.checkResponse("POST", "/api/jobs", 413, "text/html", problem))
                .isNotEmpty();
        assertThat(schemas.checkResponse("GET", "/api/site", 302, "text/html", problem))
                .singleElement()
                .asString()
                .contains("does not document status 302");
    }

    @Test
    void shouldCheckARequestBodyAgainstItsSchema() throws IOException {
        assertThat(schemas.checkRequest("POST", "/api/jobs", json("{\"scene\":\"a.pov\",\"frames\":\"1\"}")))
                .isNotEmpty();
        assertThat(schemas.checkRequest(
                        "POST",
                        "/api/jobs",
                        json("{\"scene\":\"a.pov\",\"frames\":\"1\",\"files\":[{\"path\":\"a.pov\",\"sha256\":\""
                                + "a".repeat(64) + "\",\"size\":1}]}")))
                .isEmpty();
    }

    private static JsonNode json(String text) throws IOException {
        return SiteJson.lenient().readTree(text);
    }
}
