package io.renderfarm.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine is the Jenkins-free core: the standalone site and the CLI run it without Jenkins on the classpath,
 * and the plugin depends on it, never the other way round.
 */
@AnalyzeClasses(packages = "io.renderfarm.engine")
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
}
