package io.renderfarm.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.renderfarm.engine.testing.TimeRule;

/**
 * The engine is the Jenkins-free core: the standalone site and the CLI run it without Jenkins on the classpath,
 * and the plugin depends on it, never the other way round.
 */
@AnalyzeClasses(packages = "io.renderfarm.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule shouldNotDependOnJenkins = noClasses()
            .that()
            .resideInAPackage("io.renderfarm.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..")
            .because("the engine must run without Jenkins; Jenkins adapters live in the plugin");

    @ArchTest
    static final ArchRule shouldNotDependOnTheServer = noClasses()
            .that()
            .resideInAPackage("io.renderfarm.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.renderfarm.server..")
            .because("the server builds on the engine, not the other way round");

    /**
     * Exempt until task C (issue #18, the one delegation follower) lands: RemoteFollow, SiteJobFollower and
     * RelayedEvents are being rewritten there; remove them from this list after merging it.
     */
    @ArchTest
    static final ArchRule shouldReadTimeOnlyThroughTheClock =
            TimeRule.timeOnlyThroughTheClock("RemoteFollow", "SiteJobFollower", "RelayedEvents");
}
