package io.renderfarm.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The repository's release shape (docs/releasing.md): every module, the plugin included, at one
 * {@code ${revision}${changelist}} version set by the git-changelist extension; the engine in a group under the
 * plugin's {@code io.jenkins.plugins}, so the plugin repository's upload permissions reach it; and no literal
 * SNAPSHOT version anywhere, so a release depends on nothing unreleased.
 */
class ReleaseShapeTest {
    private static final String CI_FRIENDLY = "${revision}${changelist}";
    private static final List<String> MODULES = List.of("render-engine", "render-server", "render-bench");

    private static Document pom(String path) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder()
                .parse(Launcher.repository().resolve(path).toFile());
    }

    /** The text of the project's own child element {@code name} (not a descendant's). */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    private static Element element(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    @Test
    void shouldGiveEveryModuleAndThePluginOneCiFriendlyVersion() throws Exception {
        Element root = pom("pom.xml").getDocumentElement();
        Element plugin = pom("render-farm-plugin/pom.xml").getDocumentElement();

        assertThat(child(root, "version")).isEqualTo(CI_FRIENDLY);
        assertThat(child(plugin, "version")).isEqualTo(CI_FRIENDLY);
        assertThat(child(element(plugin, "properties"), "revision"))
                .as("the plugin's revision")
                .isEqualTo(child(element(root, "properties"), "revision"));
        assertThat(child(element(root, "properties"), "changelist")).isEqualTo("-SNAPSHOT");
        assertThat(child(element(plugin, "properties"), "changelist")).isEqualTo("-SNAPSHOT");
        for (String module : MODULES) {
            Element parent = element(pom(module + "/pom.xml").getDocumentElement(), "parent");
            assertThat(child(parent, "version")).as(module + "'s parent").isEqualTo(CI_FRIENDLY);
            assertThat(child(parent, "groupId")).isEqualTo(child(root, "groupId"));
        }
        assertThat(Files.readString(Launcher.repository().resolve(".mvn/extensions.xml")))
                .contains("<artifactId>git-changelist-maven-extension</artifactId>");
    }

    @Test
    void shouldReleaseTheEngineWithThePluginUnderItsGroup() throws Exception {
        Element root = pom("pom.xml").getDocumentElement();
        Element plugin = pom("render-farm-plugin/pom.xml").getDocumentElement();
        List<Element> engineDependencies = new ArrayList<>();
        NodeList dependencies = plugin.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            if ("render-engine".equals(child(d, "artifactId"))) {
                engineDependencies.add(d);
            }
        }

        assertThat(child(root, "groupId")).startsWith(child(plugin, "groupId") + ".");
        assertThat(child(element(root, "scm"), "url")).isEqualTo("https://github.com/${gitHubRepo}");
        assertThat(child(element(plugin, "scm"), "tag")).isEqualTo("${scmTag}");
        assertThat(engineDependencies).hasSize(2).allSatisfy(d -> {
            assertThat(child(d, "groupId")).isEqualTo(child(root, "groupId"));
            assertThat(child(d, "version")).isEqualTo("${project.version}");
        });
    }

    @Test
    void shouldNameNoSnapshotVersionThatAReleaseWouldDependOn() throws Exception {
        List<String> snapshots = new ArrayList<>();
        for (String path : List.of(
                "pom.xml",
                "render-engine/pom.xml",
                "render-server/pom.xml",
                "render-bench/pom.xml",
                "render-farm-plugin/pom.xml")) {
            NodeList versions = pom(path).getElementsByTagName("version");
            for (int i = 0; i < versions.getLength(); i++) {
                String version = versions.item(i).getTextContent().strip();
                if (version.contains("SNAPSHOT")) {
                    snapshots.add(path + ": " + version);
                }
            }
        }
        assertThat(snapshots).isEmpty();
    }
}
