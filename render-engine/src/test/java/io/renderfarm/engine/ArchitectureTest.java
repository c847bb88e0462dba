package io.renderfarm.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.renderfarm.engine.testing.TimeRule;

/**
 * The engine's layers as {@code docs/design.md} draws them. The engine is the Jenkins-free core: the standalone site
 * and the CLI run it without Jenkins on the classpath, and the plugin depends on it, never the other way round.
 * Inside, the render core (model, parts, the job run, this machine's slots) knows nothing of sites, and the site
 * packages stack from the protocol's vocabulary up to delegation, so each can be read with only what is below it.
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

    @ArchTest
    static final ArchRule shouldStackInLayers = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("io.renderfarm.engine..")
            .layer("Model")
            .definedBy("..engine.frames..", "..engine.job..", "..engine.time..")
            .layer("Parts")
            .definedBy(
                    "..engine.capability..",
                    "..engine.plan..",
                    "..engine.render..",
                    "..engine.verify..",
                    "..engine.store..",
                    "..engine.chunklog..",
                    "..engine.event..",
                    "..engine.sample..",
                    "..engine.farm..")
            .layer("Run")
            .definedBy("..engine.schedule..")
            .layer("Local")
            .definedBy("..engine.local..")
            .layer("Protocol")
            .definedBy("..engine.site.protocol..")
            .layer("Api")
            .definedBy("..engine.site.api..")
            .layer("Bundle")
            .definedBy("..engine.site.bundle..")
            .layer("Client")
            .definedBy("..engine.site.client..")
            .layer("Callback")
            .definedBy("..engine.site.callback..")
            .layer("Placement")
            .definedBy("..engine.site.placement..")
            .layer("Host")
            .definedBy("..engine.site.host..")
            .layer("Delegation")
            .definedBy("..engine.site.delegation..")
            .whereLayer("Delegation")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Host")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Placement")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Callback")
            .mayOnlyBeAccessedByLayers("Host", "Delegation")
            .whereLayer("Client")
            .mayOnlyBeAccessedByLayers("Callback", "Placement", "Delegation")
            .whereLayer("Bundle")
            .mayOnlyBeAccessedByLayers("Client", "Host", "Delegation")
            .whereLayer("Api")
            .mayOnlyBeAccessedByLayers("Bundle", "Client", "Callback", "Placement", "Host", "Delegation")
            .whereLayer("Protocol")
            .mayOnlyBeAccessedByLayers("Api", "Bundle", "Client", "Callback", "Placement", "Host", "Delegation")
            .whereLayer("Local")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Run")
            .mayOnlyBeAccessedByLayers("Local", "Bundle", "Client", "Callback", "Placement", "Host", "Delegation")
            .because("each layer uses only those below it (docs/design.md); the render core knows nothing of sites");

    @ArchTest
    static final ArchRule shouldHaveNoCyclesBetweenSitePackages =
            slices().matching("io.renderfarm.engine.site.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule shouldReadTimeOnlyThroughTheClock = TimeRule.timeOnlyThroughTheClock();
}
