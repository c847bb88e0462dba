package io.renderfarm.engine.site.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.renderfarm.engine.site.api.SubmitRequest;
import io.renderfarm.engine.site.callback.CallbackPeers;
import io.renderfarm.engine.site.protocol.ProblemType;
import io.renderfarm.engine.site.protocol.SiteException;
import io.renderfarm.engine.site.protocol.SiteJson;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed submit bodies of the standalone site's bad-input test, read and checked the way the Jenkins
 * plugin's site reads and checks them (strict JSON, then {@link SubmitCheck}): each is refused — as malformed JSON
 * or with a 400 naming the problem — before anything is laid out or built.
 */
class SubmitCheckBadInputTest {
    private static final String SHA = "c".repeat(64);
    private static final CallbackPeers PEERS = CallbackPeers.of(List.of("https://jenkins.example"));

    private static String file(String path, String size) {
        return "{\"path\":\"" + path + "\",\"sha256\":\"" + SHA + "\",\"size\":" + size + "}";
    }

    private static String submit(String extra, String... more) {
        String files = Stream.concat(Stream.of(file("shot.pov", "500")), Stream.of(more))
                .collect(Collectors.joining(","));
        return "{\"scene\":\"shot.pov\",\"files\":[" + files + "],\"frames\":\"1-2\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static Stream<Arguments> badSubmits() {
        return Stream.of(
                Arguments.of("body is JSON null", "null", "JSON object"),
                Arguments.of(
                        "frames is an object",
                        "{\"scene\":\"shot.pov\",\"files\":[" + file("shot.pov", "1") + "],\"frames\":{\"a\":1}}",
                        ""),
                Arguments.of("files is an object", "{\"scene\":\"shot.pov\",\"files\":{\"a\":1},\"frames\":\"1\"}", ""),
                Arguments.of(
                        "size is text",
                        "{\"scene\":\"shot.pov\",\"files\":[" + file("shot.pov", "\"big\"") + "],\"frames\":\"1\"}",
                        ""),
                Arguments.of(
                        "size is 2^70",
                        "{\"scene\":\"shot.pov\",\"files\":[" + file("shot.pov", "1180591620717411303424")
                                + "],\"frames\":\"1\"}",
                        ""),
                Arguments.of(
                        "size is negative",
                        "{\"scene\":\"shot.pov\",\"files\":[" + file("shot.pov", "-1") + "],\"frames\":\"1\"}",
                        "negative size"),
                Arguments.of(
                        "sha256 in upper case",
                        submit("").replace("\"sha256\":\"" + SHA, "\"sha256\":\"" + "C".repeat(64)),
                        "SHA-256"),
                Arguments.of("body is a JSON string", "\"render it\"", ""),
                Arguments.of("JSON nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), ""),
                Arguments.of("no files", "{\"scene\":\"shot.pov\",\"files\":[],\"frames\":\"1\"}", "'files'"),
                Arguments.of("empty frames", submit("").replace("\"frames\":\"1-2\"", "\"frames\":\"\""), "frames"),
                Arguments.of("reversed range", submit("").replace("1-2", "9-3"), "reversed"),
                Arguments.of("negative frame", submit("").replace("1-2", "-3"), "negative"),
                Arguments.of("huge frame number", submit("").replace("1-2", "1-99999999999"), "too large"),
                Arguments.of("more frames than a site takes", submit("").replace("1-2", "1-200000"), "1..100000"),
                Arguments.of("zero step", submit("").replace("1-2", "1-10x0"), "step"),
                Arguments.of(
                        "unknown renderer", submit("\"profile\":{\"renderer\":\"maya\"}"), "unknown renderer 'maya'"),
                Arguments.of("profile is a string", submit("\"profile\":\"povray\""), "profile"),
                Arguments.of(
                        "negative retries", submit("\"profile\":{\"renderer\":\"povray\",\"retries\":-1}"), "retries"),
                Arguments.of(
                        "unknown profile field",
                        submit("\"profile\":{\"renderer\":\"povray\",\"retrys\":2}"),
                        "retrys"),
                Arguments.of(
                        "scene not among the files",
                        submit("").replace("\"scene\":\"shot.pov\"", "\"scene\":\"other.pov\""),
                        "'scene'"),
                Arguments.of("asset path traversal", submit("", file("textures/../../../../etc/passwd", "1")), "'..'"),
                Arguments.of("zip-slip style asset name", submit("", file("a/b/../../../evil.sh", "1")), "'..'"),
                Arguments.of("absolute asset path", submit("", file("/tmp/evil.png", "1")), "relative"),
                Arguments.of("backslash traversal", submit("", file("..\\\\..\\\\win.ini", "1")), "relative"),
                Arguments.of("drive letter", submit("", file("C:/x.png", "1")), "relative"),
                Arguments.of("NUL in a name", submit("", file("tex\\u0000.png", "1")), "control character"),
                Arguments.of("dot segment", submit("", file("./textures/a.png", "1")), "'.'"),
                Arguments.of(
                        "a name both file and folder",
                        submit("", file("tex", "1"), file("tex/a.png", "1")),
                        "as a file and as a folder"),
                Arguments.of("a name twice", submit("", file("shot.pov", "1")), "listed twice"),
                Arguments.of(
                        "prefix with a slash",
                        submit("\"output\":{\"prefix\":\"a/b\",\"padding\":4,\"extension\":\"png\"}"),
                        ""),
                Arguments.of(
                        "padding 10", submit("\"output\":{\"prefix\":\"a\",\"padding\":10,\"extension\":\"png\"}"), ""),
                Arguments.of(
                        "unknown frame format",
                        submit("\"profile\":{\"renderer\":\"povray\",\"format\":\"webp\"}"),
                        "format"),
                Arguments.of("javascript callback", submit("\"callbackUrl\":\"javascript:alert(1)\""), "callbackUrl"),
                Arguments.of("file callback", submit("\"callbackUrl\":\"file:///etc/passwd\""), "callbackUrl"),
                Arguments.of("loopback callback", submit("\"callbackUrl\":\"http://127.0.0.1:22/\""), "not a peer"),
                Arguments.of("link-local callback", submit("\"callbackUrl\":\"http://[fe80::1]:80/x\""), "not a peer"),
                Arguments.of(
                        "callback without its key",
                        submit("\"callbackUrl\":\"https://jenkins.example/render-callback/x\""),
                        "'callbackSecret' is required"),
                Arguments.of(
                        "key without a callback",
                        submit("\"callbackSecret\":\"" + "k".repeat(32) + "\""),
                        "only meaningful"),
                Arguments.of("name with a control character", submit("\"name\":\"a\\u0007b\""), "'name'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmits")
    void shouldRefuseWhatTheStandaloneSiteRefuses(String what, String body, String detail) {
        assertThatThrownBy(() -> SubmitCheck.check(SiteJson.strict().readValue(body, SubmitRequest.class), PEERS))
                .satisfiesAnyOf(
                        e -> assertThat(e).isInstanceOf(JsonProcessingException.class),
                        e -> assertThat(e).isInstanceOfSatisfying(SiteException.class, s -> {
                            assertThat(s.status()).isEqualTo(400);
                            assertThat(s.problem().detail()).contains(detail);
                        }));
    }

    @Test
    void shouldRefuseSceneScriptsAsEveryHostDoes() {
        String body = submit("\"profile\":{\"renderer\":\"povray\",\"allowScripts\":true}");

        assertThatThrownBy(() ->
                        SubmitCheck.check(SiteJson.strict().readValue(body, SubmitRequest.class), CallbackPeers.NONE))
                .isInstanceOfSatisfying(SiteException.class, s -> {
                    assertThat(s.type()).isEqualTo(ProblemType.SCRIPTS_NOT_ALLOWED);
                    assertThat(s.status()).isEqualTo(422);
                    assertThat(s.problem().detail()).contains("does not run the scripts");
                });
    }
}
